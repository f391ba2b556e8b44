from datetime import time

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from app.consultations.services import MAX_CONTACT_EMAIL, MAX_CONTACT_NAME, MAX_CONTACT_PHONE, PHONE
from app.forms import Form, choices, mail_address, strip
from app.models import Language, QuestionKind
from app.reports.forms import CaseReferenceForm

MAX_TEXT = 20_000


class ConsultationForm(Form):
    title = StringField(_l("Tittel"), validators=[DataRequired(_l("Høringen må ha en tittel.")), Length(max=200, message=_l("Tittelen kan ha høyst 200 tegn."))])
    description = TextAreaField(_l("Beskrivelse"), validators=[Optional(), Length(max=MAX_TEXT)],
                                description=_l("Kort om hva som sendes på høring og hvorfor. Vises for høringsinstansene."))
    opens_on = DateField(_l("Åpningsdato"), validators=[DataRequired(_l("Velg en åpningsdato."))])
    deadline_on = DateField(_l("Høringsfrist (dato)"), validators=[DataRequired(_l("Velg en høringsfrist."))])
    deadline_time = TimeField(_l("Klokkeslett for fristen"), default=time(23, 59), validators=[Optional()])
    language = SelectField(_l("Målform"), choices=choices((lang.value, lang.label) for lang in Language),
                           description=_l("Språket spørsmålene og rapporten skrives på."))
    accepts_late = BooleanField(_l("Ta imot svar etter fristen (de merkes «etter fristen»)"), default=True)
    is_open_to_public = BooleanField(_l("Åpen høring: alle kan gi innspill etter å ha bekreftet e-postadressen sin"))
    reminder_days = IntegerField(
        _l("Påminnelse (dager før fristen)"), default=3,
        validators=[Optional(), NumberRange(min=0, max=60, message=_l("Velg et tall fra 0 til 60."))],
        description=_l("Instanser som ikke har svart, får en e-post så mange dager før sin frist. "
                        "0 eller tomt: ingen påminnelse."))
    # The contact person («Kontaktperson»): whom consultees ask about the round
    contact_name = StringField(_l("Navn"), filters=[strip], validators=[
        Optional(), Length(max=MAX_CONTACT_NAME, message=_l("Navnet kan ha høyst %(num)s tegn.", num=MAX_CONTACT_NAME))])
    contact_email = EmailField(_l("E-post"), filters=[strip], validators=[
        Optional(), mail_address(_l("Skriv en gyldig e-postadresse.")), Length(max=MAX_CONTACT_EMAIL)])
    contact_phone = StringField(_l("Telefon"), filters=[strip], validators=[
        Optional(), Length(max=MAX_CONTACT_PHONE, message=_l("Telefonnummeret kan ha høyst %(num)s tegn.",
                                                               num=MAX_CONTACT_PHONE)),
        Regexp(f"^{PHONE}$", message=_l("Skriv telefonnummeret med sifre, for eksempel 32 86 63 27."))])

    def validate_deadline_on(self, field) -> None:
        if self.opens_on.data and field.data and field.data < self.opens_on.data:
            raise ValidationError(_("Høringsfristen kan ikke være før åpningsdatoen."))


class EditConsultationForm(ConsultationForm, CaseReferenceForm):
    """The round's details and, for the archive, its case number and archive reference."""


class NewConsultationForm(ConsultationForm):
    draft_file = FileField(_l("Høringsutkast (Word, .docx)"), description=_l("Valgfritt. Vi foreslår satsingsområder fra overskriftene og punktlistene i dokumentet."))
    draft_text = TextAreaField(_l("… eller lim inn teksten i utkastet"), validators=[Optional(), Length(max=200_000, message=_l("Teksten er for lang (høyst 200 000 tegn)."))])


class DraftForm(Form):
    draft_file = FileField(_l("Word-fil (.docx)"))
    draft_text = TextAreaField(_l("… eller lim inn teksten"), validators=[Optional(), Length(max=200_000, message=_l("Teksten er for lang (høyst 200 000 tegn)."))])
    #: Shown only when the round is open and its invitations have gone out (`services.reaches_consultees`)
    tell_consultees = BooleanField(_l("Send e-post til de inviterte som fortsatt kan svare, om at utkastet har kommet i en ny versjon"),
                                   default=True)

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not self.draft_file.data and not (self.draft_text.data or "").strip():
            self.form_errors.append(_("Velg en Word-fil eller lim inn teksten i utkastet."))
            return False
        return True


class FocusAreaForm(Form):
    group = StringField(_l("Gruppe"), validators=[Optional(), Length(max=200)],
                        description=_l("For eksempel Samfunnsutvikling eller Tjenesteutvikling. Kan stå tom."))
    title = StringField(_l("Tittel"), validators=[DataRequired(_l("Satsingsområdet må ha en tittel.")), Length(max=200)])
    description = TextAreaField(_l("Beskrivelse"), validators=[Optional(), Length(max=MAX_TEXT)])
    keywords = StringField(_l("Stikkord"), validators=[Optional(), Length(max=2000)],
                           description=_l("Kommaseparerte ord som peker mot dette området, for eksempel «veg, bane, E134». Hjelper analysen."))


class QuestionForm(Form):
    kind = SelectField(_l("Type"), choices=choices((k.value, k.label) for k in QuestionKind))
    text = TextAreaField(_l("Spørsmålstekst"), validators=[DataRequired(_l("Skriv inn spørsmålet.")), Length(max=2000)])
    help_text = TextAreaField(_l("Hjelpetekst"), validators=[Optional(), Length(max=MAX_TEXT)])
    is_required = BooleanField(_l("Må besvares"))
