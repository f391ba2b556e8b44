from datetime import time

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectMultipleField, TimeField, widgets
from wtforms.validators import Optional

from app.forms import Form


class InviteForm(Form):
    consultees = SelectMultipleField(_l("Høringsinstanser"), coerce=int,
                                     option_widget=widgets.CheckboxInput(),
                                     widget=widgets.ListWidget(prefix_label=False))

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not self.consultees.data:
            self.consultees.errors = [_("Velg minst én høringsinstans.")]
            return False
        return True


class DeadlineOverrideForm(Form):
    deadline_on = DateField(_l("Egen frist (dato)"), validators=[Optional()],
                            description=_l("La stå tom for å bruke høringens frist."))
    deadline_time = TimeField(_l("Klokkeslett"), default=time(23, 59), validators=[Optional()])
