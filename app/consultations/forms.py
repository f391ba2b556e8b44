from datetime import time

from flask_babel import lazy_gettext
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from app.forms import Form, choices
from app.models import Language, QuestionKind

MAX_TEXT = 20_000


class ConsultationForm(Form):
    title = StringField("Tittel", validators=[DataRequired("Høringen må ha en tittel."), Length(max=200, message="Tittelen kan ha høyst 200 tegn.")])
    description = TextAreaField("Beskrivelse", validators=[Optional(), Length(max=MAX_TEXT)],
                                description="Kort om hva som sendes på høring og hvorfor. Vises for høringsinstansene.")
    opens_on = DateField("Åpningsdato", validators=[DataRequired("Velg en åpningsdato.")])
    deadline_on = DateField("Høringsfrist (dato)", validators=[DataRequired("Velg en høringsfrist.")])
    deadline_time = TimeField("Klokkeslett for fristen", default=time(23, 59), validators=[Optional()])
    language = SelectField("Målform", choices=choices((lang.value, lang.label) for lang in Language),
                           description="Språket spørsmålene og rapporten skrives på.")
    accepts_late = BooleanField("Ta imot svar etter fristen (de merkes «etter fristen»)", default=True)
    is_open_to_public = BooleanField("Åpen høring: alle kan gi innspill etter å ha bekreftet e-postadressen sin")
    reminder_days = IntegerField(
        lazy_gettext("Påminnelse (dager før fristen)"), default=3,
        validators=[Optional(), NumberRange(min=0, max=60, message=lazy_gettext("Velg et tall fra 0 til 60."))],
        description=lazy_gettext("Instanser som ikke har svart, får en e-post så mange dager før sin frist. "
                                 "0 eller tomt: ingen påminnelse."))

    def validate_deadline_on(self, field) -> None:
        if self.opens_on.data and field.data and field.data < self.opens_on.data:
            raise ValidationError("Høringsfristen kan ikke være før åpningsdatoen.")


class NewConsultationForm(ConsultationForm):
    draft_file = FileField("Høringsutkast (Word, .docx)", description="Valgfritt. Vi foreslår satsingsområder fra overskriftene og punktlistene i dokumentet.")
    draft_text = TextAreaField("… eller lim inn teksten i utkastet", validators=[Optional(), Length(max=200_000, message="Teksten er for lang (høyst 200 000 tegn).")])


class DraftForm(Form):
    draft_file = FileField("Word-fil (.docx)")
    draft_text = TextAreaField("… eller lim inn teksten", validators=[Optional(), Length(max=200_000, message="Teksten er for lang (høyst 200 000 tegn).")])

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not self.draft_file.data and not (self.draft_text.data or "").strip():
            self.form_errors.append("Velg en Word-fil eller lim inn teksten i utkastet.")
            return False
        return True


class FocusAreaForm(Form):
    group = StringField("Gruppe", validators=[Optional(), Length(max=200)],
                        description="For eksempel Samfunnsutvikling eller Tjenesteutvikling. Kan stå tom.")
    title = StringField("Tittel", validators=[DataRequired("Satsingsområdet må ha en tittel."), Length(max=200)])
    description = TextAreaField("Beskrivelse", validators=[Optional(), Length(max=MAX_TEXT)])
    keywords = StringField("Stikkord", validators=[Optional(), Length(max=2000)],
                           description="Kommaseparerte ord som peker mot dette området, for eksempel «veg, bane, E134». Hjelper analysen.")


class QuestionForm(Form):
    kind = SelectField("Type", choices=choices((k.value, k.label) for k in QuestionKind))
    text = TextAreaField("Spørsmål", validators=[DataRequired("Skriv inn spørsmålet."), Length(max=2000)])
    help_text = TextAreaField("Hjelpetekst", validators=[Optional(), Length(max=MAX_TEXT)])
    is_required = BooleanField("Må besvares")
