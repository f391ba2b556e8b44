from flask_babel import lazy_gettext as _l
from wtforms import StringField

from app.analysis.review import MAX_LABEL
from app.forms import Form


class ThemeNameForm(Form):
    """A theme's new name (the service says what a name may be). The review page lists every theme, each with
    this form: the field's id names its theme (label-<id>), its posted name is the same for all."""

    label = StringField(_l("Nytt navn på temaet"), render_kw={"maxlength": MAX_LABEL})

    def __init__(self, theme_id: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self.theme_id = theme_id
        if theme_id is not None:
            self.label.id = self.label.label.field_id = f"label-{theme_id}"
