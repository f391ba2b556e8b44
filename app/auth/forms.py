from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from app.auth.services import MIN_PASSWORD_LENGTH
from app.config import REMEMBER_DAYS
from app.forms import Form, mail_address, strip


class LoginForm(Form):
    email = EmailField(_l("E-post"), filters=[strip], validators=[DataRequired(_l("Skriv inn e-postadressen din.")), mail_address(_l("Skriv en gyldig e-postadresse.")), Length(max=254)])
    password = PasswordField(_l("Passord"), validators=[DataRequired(_l("Skriv inn passordet ditt.")), Length(max=200)])
    remember = BooleanField(_l("Husk meg på denne maskinen i %(days)s dager", days=REMEMBER_DAYS))


class PasswordForm(Form):
    current_password = PasswordField(_l("Passordet du har nå"), validators=[DataRequired(_l("Skriv inn passordet du har nå.")), Length(max=200)])
    password = PasswordField(_l("Nytt passord"), description=_l("Minst %(num)s tegn.", num=MIN_PASSWORD_LENGTH), validators=[DataRequired(_l("Velg et passord.")), Length(min=MIN_PASSWORD_LENGTH, max=200, message=_l("Passordet må ha minst %(num)s tegn.", num=MIN_PASSWORD_LENGTH))])
    confirm = PasswordField(_l("Gjenta det nye passordet"), validators=[DataRequired(_l("Skriv det nye passordet en gang til.")), EqualTo("password", _l("Passordene er ikke like."))])
