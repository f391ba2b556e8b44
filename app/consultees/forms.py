from wtforms import EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from app.consultees import orgnr
from app.forms import Form, choices, strip
from app.models import ConsulteeKind


def validate_org_number(form, field) -> None:
    if field.data and not orgnr.is_valid(field.data):
        raise ValidationError("Organisasjonsnummeret må ha ni sifre med gyldig kontrollsiffer (for eksempel 942 402 465).")


class ConsulteeForm(Form):
    name = StringField("Navn", validators=[DataRequired("Skriv inn navnet på høringsinstansen."), Length(max=200)])
    kind = SelectField("Type", choices=choices((k.value, k.label) for k in ConsulteeKind))
    email = EmailField("E-post for invitasjoner", filters=[strip], validators=[DataRequired("Skriv inn en e-postadresse."), Email("Skriv en gyldig e-postadresse."), Length(max=254)])
    org_number = StringField("Organisasjonsnummer", filters=[strip], validators=[Optional(), Length(max=20), validate_org_number],
                             description="Ni sifre, for eksempel 942 402 465.")
