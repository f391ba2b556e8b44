from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length

from app.auth.services import MIN_PASSWORD_LENGTH
from app.forms import Form, choices, strip
from app.models import Role


class UserForm(Form):
    name = StringField("Navn", validators=[DataRequired("Skriv inn navnet."), Length(max=200)])
    email = EmailField("E-post", filters=[strip], validators=[DataRequired("Skriv inn e-postadressen."), Email("Skriv en gyldig e-postadresse."), Length(max=254)])
    role = SelectField("Rolle", choices=choices((r.value, r.label) for r in Role))
    consultee_id = SelectField("Høringsinstans", coerce=int, description="Bare for rollen høringsinstans.")
    password = PasswordField("Passord", validators=[DataRequired("Velg et passord."), Length(min=MIN_PASSWORD_LENGTH, max=200, message=f"Passordet må ha minst {MIN_PASSWORD_LENGTH} tegn.")])
