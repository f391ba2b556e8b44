from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.consultees import orgnr
from app.forms import Form, choices, mail_address, strip
from app.models import ConsulteeKind


def validate_org_number(form, field) -> None:
    if field.data and not orgnr.is_valid(field.data):
        raise ValidationError(_("Organisasjonsnummeret må ha ni sifre med gyldig kontrollsiffer (for eksempel 942 402 465)."))


class ConsulteeForm(Form):
    name = StringField(_l("Navn"), validators=[DataRequired(_l("Skriv inn navnet på høringsinstansen.")), Length(max=200)])
    kind = SelectField(_l("Type"), choices=choices((k.value, k.label) for k in ConsulteeKind))
    email = EmailField(_l("E-post for invitasjoner"), filters=[strip], validators=[DataRequired(_l("Skriv inn en e-postadresse.")), mail_address(_l("Skriv en gyldig e-postadresse.")), Length(max=254)])
    org_number = StringField(_l("Organisasjonsnummer"), filters=[strip], validators=[Optional(), Length(max=20), validate_org_number],
                             description=_l("Ni sifre, for eksempel 942 402 465."))
