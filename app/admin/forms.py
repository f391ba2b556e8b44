from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from app.auth.services import MIN_PASSWORD_LENGTH
from app.forms import Form, choices, mail_address, strip
from app.models import Role


class UserForm(Form):
    name = StringField(_l("Navn"), validators=[DataRequired(_l("Skriv inn navnet.")), Length(max=200)])
    # never the administrator's own saved sign-in, filled in by a password manager
    email = EmailField(_l("E-post"), filters=[strip], render_kw={"autocomplete": "off"}, validators=[DataRequired(_l("Skriv inn e-postadressen.")), mail_address(_l("Skriv en gyldig e-postadresse.")), Length(max=254)])
    role = SelectField(_l("Rolle"), choices=choices([("", _l("Velg rolle"))] + [(r.value, r.label) for r in Role]),
                       validators=[DataRequired(_l("Velg en rolle."))])
    consultee_id = SelectField(_l("Høringsinstans"), coerce=int, description=_l("Bare for rollen høringsinstans."))
    password = PasswordField(_l("Passord"), render_kw={"autocomplete": "new-password"}, validators=[DataRequired(_l("Velg et passord.")), Length(min=MIN_PASSWORD_LENGTH, max=200, message=_l("Passordet må ha minst %(num)s tegn.", num=MIN_PASSWORD_LENGTH))])


class UserEditForm(Form):
    """An administrator's change to a user; a new password only when one is typed."""

    name = UserForm.name
    email = UserForm.email
    role = UserForm.role
    consultee_id = UserForm.consultee_id
    new_password = PasswordField(_l("Nytt passord"), render_kw={"autocomplete": "new-password"}, description=_l("La feltet stå tomt for å beholde passordet. Med et nytt passord logges brukeren ut overalt; gi det til brukeren på en trygg måte."),
                                 validators=[Optional(), Length(min=MIN_PASSWORD_LENGTH, max=200, message=_l("Passordet må ha minst %(num)s tegn.", num=MIN_PASSWORD_LENGTH))])
