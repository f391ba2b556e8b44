from datetime import time

from wtforms import DateField, SelectMultipleField, TimeField, widgets
from wtforms.validators import Optional

from app.forms import Form


class InviteForm(Form):
    consultees = SelectMultipleField("Høringsinstanser", coerce=int,
                                     option_widget=widgets.CheckboxInput(),
                                     widget=widgets.ListWidget(prefix_label=False))

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not self.consultees.data:
            self.consultees.errors = ["Velg minst én høringsinstans."]
            return False
        return True


class DeadlineOverrideForm(Form):
    deadline_on = DateField("Egen frist (dato)", validators=[Optional()],
                            description="La stå tom for å bruke høringens frist.")
    deadline_time = TimeField("Klokkeslett", default=time(23, 59), validators=[Optional()])
