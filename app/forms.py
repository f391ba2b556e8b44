"""Helpers shared by the feature forms."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

from babel import support
from flask import request
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.fields import Field
from wtforms.fields.choices import SelectChoice
from wtforms.fields.core import UnboundField
from wtforms.i18n import messages_path
from wtforms.validators import Email, Length

from app.errors import DomainError
from app.i18n import current_locale
from app.text import xml_safe
from app.timeutil import format_local_date


def labelled(label: str, message: str) -> str:
    """«Saksnummer: Skriv …», but «Hva savner dere? Teksten er for lang …»: no colon after a label that
    ends a sentence (the error summary's `labelled` macro does the same), and no full stop at the end,
    so that the text can stand inside a sentence."""
    label = str(label).strip()
    joiner = " " if label.endswith((".", "?", "!", ":")) else ": "
    return f"{label}{joiner}{str(message).strip().rstrip('.')}"


def apply_domain_error(form: FlaskForm, error: DomainError) -> None:
    """Show a service's rule violation next to its field, or at the top of the form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


#: Characters a field without its own length limit (a choice, a date, a hidden key) may hold
SHORT_FIELD_CHARS = 200


def form_capacity(form_class: type[FlaskForm]) -> tuple[frozenset[str], int]:
    """A form class's field names, and the most characters a valid post of it can hold.

    Each field counts its Length limit, or SHORT_FIELD_CHARS when it has none.
    """
    names, total = set(), 0
    for name in dir(form_class):
        unbound = getattr(form_class, name, None)
        if not isinstance(unbound, UnboundField) or not issubclass(unbound.field_class, Field):
            continue
        validators = unbound.kwargs.get("validators") or (unbound.args[1] if len(unbound.args) > 1 else ())
        limits = [v.max for v in validators if isinstance(v, Length) and v.max > 0]
        names.add(name)
        total += max(limits, default=SHORT_FIELD_CHARS)
    return frozenset(names), total


@dataclass(frozen=True)
class FieldConflict:
    """One field of a stale form: what is saved now beside what the user typed."""

    field_id: str
    label: str
    saved: str
    typed: str


def conflicting_fields(form: FlaskForm, saved: dict) -> list[FieldConflict]:
    """The visible fields whose typed value differs from `saved` (field name → stored value), in form order."""
    conflicts = []
    for field in form:
        if field.type in ("HiddenField", "CSRFTokenField", "FileField"):
            continue
        now, typed = _shown(field, saved.get(field.name)), _shown(field, field.data)
        if now != typed:
            conflicts.append(FieldConflict(field.id, str(field.label.text), now, typed))
    return conflicts


#: What the page's script sends beside a form: the names of the fields typed in since the page was loaded
#: (or last saved), and, for each, what it held then (`_base-<name>`), so a stale post can be merged
TOUCHED, BASE_PREFIX = "_touched", "_base-"


@dataclass(frozen=True)
class Merged:
    """A form posted from a page whose record was saved elsewhere since, merged field by field."""

    #: fields the user did not type in, now holding what is saved (another tab's or a colleague's text)
    taken: dict[str, str]
    #: fields both changed, differently: what is saved now beside what was typed, for the user to choose
    conflicts: list[FieldConflict]


def merge_stale(form: FlaskForm, saved: dict, posted) -> Merged | None:
    """Merge a stale form with what is saved now (`saved`: field name → stored value), as the page's script
    describes it (TOUCHED); None when the post does not say what was typed in (a page without script).

    A field the user did not type in takes the saved value; one typed in keeps what was typed, and is a
    conflict only when the saved value also changed since the page had it (its `_base-` value) and differs
    from what was typed. So text saved elsewhere in a field the user never touched is never overwritten.
    """
    if TOUCHED not in posted:
        return None
    touched = set(posted.getlist(TOUCHED))
    taken, conflicts = {}, []
    for field in form:
        if field.type in ("HiddenField", "CSRFTokenField", "FileField", "SubmitField"):
            continue
        now, typed = saved.get(field.name), field.data
        if _same(now, typed):
            continue
        if field.name not in touched:
            field.process_data(now)
            field.raw_data = None
            taken[field.name] = _plain(now)
        elif BASE_PREFIX + field.name not in posted or not _same(now, posted.get(BASE_PREFIX + field.name)):
            conflicts.append(FieldConflict(field.id, str(field.label.text), _shown(field, now), _shown(field, typed)))
    return Merged(taken, conflicts)


def _plain(value) -> str:
    """A value as a form field holds it in the browser."""
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def _same(a, b) -> bool:
    def norm(value) -> str:
        text = _plain(value).replace("\r\n", "\n")
        return "\n".join(line.rstrip() for line in text.split("\n")).strip()
    return norm(a) == norm(b)


def _shown(field, value) -> str:
    """A field's value as the reader knows it: the option's label, a date as the reader's language writes it
    (dd.mm.yyyy, dd/mm/yyyy in English), text as typed."""
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return format_local_date(value)
    for choice in getattr(field, "choices", None) or ():
        option, label = (choice.value, choice.label) if isinstance(choice, SelectChoice) else choice[:2]
        if str(option) == str(value):
            return str(label)
    text = str(value).replace("\r\n", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


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


def mail_address(message) -> Email:
    """An e-mail address mail can be sent to: no letters outside ASCII before the @ ("ola+høring@…"
    would be accepted by the standard's SMTPUTF8 extension, which most mail servers do not offer)."""
    return Email(message, allow_smtputf8=False)
