"""Helpers shared by the feature forms."""
from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from babel import support
from flask import request
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.i18n import messages_path

from app.errors import DomainError
from app.i18n import current_locale
from app.text import xml_safe


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


def posted_text(name: str, default: str = "") -> str:
    """A text read straight from the posted form, cleaned as every form field's text is (see Form)."""
    return xml_safe(request.form.get(name, default))


@cache
def _wtforms_catalog(locale: str) -> support.Translations:
    # WTForms ships bokmål but no nynorsk; a nynorsk reader gets its built-in messages in bokmål
    return support.Translations.load(messages_path(), ["nb" if locale == "nn" else locale], domain="wtforms")


class BuiltInMessages:
    """WTForms' own messages ("Not a valid date value.") in the active language."""

    def gettext(self, string: str) -> str:
        return _wtforms_catalog(current_locale()).ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _wtforms_catalog(current_locale()).ungettext(singular, plural, n)


class Form(FlaskForm):
    """The base of every form: every text field's text is made xml_safe before its own filters run.

    So no text a user sends holds what a Word or Excel file cannot (NUL and the other control
    characters are dropped, Word's manual line break becomes a new line); passwords are kept as typed.
    """

    class Meta:
        def get_translations(self, form):
            return BuiltInMessages()

        def bind_field(self, form, unbound_field, options):
            kind = unbound_field.field_class
            if issubclass(kind, StringField) and not issubclass(kind, PasswordField):
                options["filters"] = [xml_safe, *unbound_field.kwargs.get("filters", ())]
            return super().bind_field(form, unbound_field, options)


class ConfirmForm(Form):
    """An empty form: CSRF protection for buttons that change state."""
