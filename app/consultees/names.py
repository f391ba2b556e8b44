"""How a consultee is named wherever it is shown; a public respondent never under a register name's form.

Anyone may sign up to an open round and type any name and organisation; neither is checked. So a
public respondent is always the person, marked as an open-round respondent, with the organisation
only as something they stated: «Ola Nordmann (åpen høring, oppgitt organisasjon: Tinn kommune)».
Its stored `name` is that form in bokmål, so even a page that shows `consultee.name` marks it;
pages show `display_name` (the reader's language) and documents made for a round
`document_name` (the round's language, like the report's other labels).
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from flask_babel import gettext as _

if TYPE_CHECKING:
    from app.models import Consultee
    from app.snapshot import Snapshot

#: The longest person name and organisation a sign-up keeps, so the marked form fits `Consultee.name`
PART_MAX = 80
#: (without, with a stated organisation) in documents made for a round, in its language, and in the council's
#: findings read in English (as `display_name` says it on English pages)
DOCUMENT_FORMS = {
    "nb": ("{name} (åpen høring)", "{name} (åpen høring, oppgitt organisasjon: {organisation})"),
    "nn": ("{name} (open høyring)", "{name} (open høyring, oppgjeven organisasjon: {organisation})"),
    "en": ("{name} (open consultation)", "{name} (open consultation, stated organisation: {organisation})"),
}


def clean_part(text: str | None) -> str:
    """A typed name or organisation on one line, spaces folded, at most PART_MAX characters."""
    return " ".join((text or "").split())[:PART_MAX].strip()


def public_name(person: str, organisation: str | None, language: str = "nb") -> str:
    """The marked form of a public respondent, in "nb", "nn" or "en" (bokmål for anything else)."""
    plain, stated = DOCUMENT_FORMS.get(language, DOCUMENT_FORMS["nb"])
    if organisation:
        return stated.format(name=person, organisation=organisation)
    return plain.format(name=person)


def display_name(consultee: Consultee) -> str:
    """The consultee's name in the reader's language, a public respondent marked as such (pages)."""
    if not consultee.is_public:
        return consultee.name
    person = consultee.contact_name or consultee.name
    if consultee.stated_organisation:
        return _("%(name)s (åpen høring, oppgitt organisasjon: %(organisation)s)", name=person,
                 organisation=consultee.stated_organisation)
    return _("%(name)s (åpen høring)", name=person)


def greeting_name(consultee: Consultee) -> str:
    """Whom a mail is addressed to («Til …»): a person by their own name, an organisation by its name."""
    return (consultee.contact_name or consultee.name) if consultee.is_public else consultee.name


def document_name(consultee: Consultee, language: str) -> str:
    """The consultee's name in a document made for a round in `language` (report, archive, receipt)."""
    if not consultee.is_public:
        return consultee.name
    return public_name(consultee.contact_name or consultee.name, consultee.stated_organisation, language)


def attributed(snapshot: Snapshot, consultee: Consultee) -> Snapshot:
    """A submitted version naming its sender as documents do; a public respondent's carries no adoption
    facts (adopted by, date, case number), which only a consultee's own bodies can give."""
    if not consultee.is_public:
        return snapshot
    return replace(snapshot, consultee=document_name(consultee, snapshot.language), adopted_by=None,
                   decision_date=None, case_number="")
