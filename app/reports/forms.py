"""The archive page's form: the round's case number and archive reference."""
from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import Length, Optional

from app.forms import Form


class CaseReferenceForm(Form):
    case_number = StringField(_l("Saksnummer"), validators=[Optional(), Length(max=20, message=_l("Saksnummeret kan ha høyst 20 tegn."))],
                              description=_l("Sekretariatets saksnummer for høringen, for eksempel 2019/245. Brukes i arkivpakken."))
    archive_reference = StringField(_l("Arkivreferanse"), validators=[Optional(), Length(max=100, message=_l("Arkivreferansen kan ha høyst 100 tegn."))],
                                    description=_l("Arkivkoden saken er arkivert under, for eksempel 026 &13."))
