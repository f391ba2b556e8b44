"""Helpers shared by the feature forms."""
from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from babel.support import Translations
from flask import current_app, has_request_context
from flask_babel import get_locale
from flask_wtf import FlaskForm
from flask_wtf.i18n import messages_path
from wtforms.fields.choices import SelectChoice

from app.errors import DomainError


def apply_domain_error(form: FlaskForm, error: DomainError) -> None:
    """Show a service's rule violation next to its field, or at the top of the form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


def choices(pairs: Iterable[tuple[object, str]]) -> list[SelectChoice]:
    """Select options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def strip(value: str | None) -> str | None:
    """Field filter: drop surrounding white space (pasted addresses often carry some)."""
    return value.strip() if isinstance(value, str) else value


#: Refused in any text: NUL bytes cannot be stored by PostgreSQL and never belong in an answer
FORBIDDEN_CHARACTERS = ("\x00",)
FORBIDDEN_MESSAGE = "Teksten inneholder et ugyldig tegn (NUL-tegn). Fjern det og prøv igjen; resten er tatt vare på."


class Form(FlaskForm):
    """The base of every form: refuses NUL bytes in any field, with the rest of the form kept."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            # Flask-WTF reads WTForms' own catalog from disk in every request; it never changes.
            if not has_request_context() or not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            return _wtforms_translations(str(get_locale()))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            values = [v for v in (field.raw_data or []) if isinstance(v, str)]
            if any(bad in value for value in values for bad in FORBIDDEN_CHARACTERS):
                field.errors = [*field.errors, FORBIDDEN_MESSAGE]
                valid = False
        return valid


@cache
def _wtforms_translations(locale: str) -> Translations:
    """WTForms' built-in messages (e.g. "Not a valid date value.") in `locale`, read once per process."""
    return Translations.load(messages_path(), [locale], domain="wtforms")


class ConfirmForm(Form):
    """An empty form: CSRF protection for buttons that change state."""
