from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import DataRequired, Email, Length

from app.forms import Form, strip


class LoginForm(Form):
    email = EmailField("E-post", filters=[strip], validators=[DataRequired("Skriv inn e-postadressen din."), Email("Skriv en gyldig e-postadresse."), Length(max=254)])
    password = PasswordField("Passord", validators=[DataRequired("Skriv inn passordet ditt."), Length(max=200)])
    remember = BooleanField("Husk meg på denne maskinen")
