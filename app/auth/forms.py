from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import DataRequired, Email, Length

from app.forms import Form, strip


class LoginForm(Form):
    email = EmailField(_l("E-post"), filters=[strip], validators=[DataRequired(_l("Skriv inn e-postadressen din.")), Email(_l("Skriv en gyldig e-postadresse.")), Length(max=254)])
    password = PasswordField(_l("Passord"), validators=[DataRequired(_l("Skriv inn passordet ditt.")), Length(max=200)])
    remember = BooleanField(_l("Husk meg på denne maskinen"))
