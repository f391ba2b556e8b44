"""Consultation rounds: creating them, their drafts, and their lifecycle."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from flask_babel import ngettext
from slugify import slugify
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app import audit, draft_reader, mail
from app.consultations import structure
from app.errors import DraftError, ValidationError
from app.extensions import db
from app.invitations import deadlines
from app.invitations import services as invitations
from app.models import Consultation, Draft, FocusArea, Invitation, Language, Region, Status, User
from app.publication.services import publication_problems
from app.reports.records import parse_case_number
from app.text import xml_safe
from app.timeutil import format_local_datetime, format_long_date, to_local, utcnow
from app.uploads import safe_filename, unreadable
from app.urls import absolute_url

MAX_TITLE = 200
#: The case number: a four-digit year, a slash and the case's sequence number (saksår/sakssekvensnummer)
MAX_CASE_NUMBER, MAX_ARCHIVE_REFERENCE = 20, 100
#: The contact person's name, e-mail address and telephone number: at most so many characters
MAX_CONTACT_NAME, MAX_CONTACT_EMAIL, MAX_CONTACT_PHONE = 200, 254, 40
#: A telephone number as people write it: digits, spaces, a leading +, brackets and dashes
PHONE = r"\+?[0-9][0-9 ()-]*"


@dataclass(frozen=True)
class Contact:
    """Whom consultees ask about a round (the secretariat's kontaktperson); "" where not given."""

    name: str = ""
    email: str = ""
    phone: str = ""
#: Places named when publication is refused (the confirmation page lists them all)
PROBLEMS_SHOWN = 3
MB = 1024 * 1024


def list_consultations(region: Region) -> list[Consultation]:
    # The list counts each round's invitations by kind of consultee: loaded with the rounds, not per row
    query = select(Consultation).where(Consultation.region_id == region.id).options(
        selectinload(Consultation.invitations).selectinload(Invitation.consultee))
    return list(db.session.scalars(query.order_by(Consultation.deadline_at.desc())))


def create_consultation(region: Region, *, title: str, description: str, opens_at: datetime,
                        deadline_at: datetime, language: Language, accepts_late: bool = True,
                        is_open_to_public: bool = False, reminder_days: int = 3,
                        contact: Contact | None = None) -> Consultation:
    """A new round in draft status, with the default questions in its language."""
    consultation = Consultation(region=region, region_id=region.id, status=Status.DRAFT)
    _apply_details(consultation, title=title, description=description, opens_at=opens_at,
                   deadline_at=deadline_at, language=language, accepts_late=accepts_late,
                   is_open_to_public=is_open_to_public, reminder_days=reminder_days)
    _apply_contact(consultation, contact or Contact())
    consultation.slug = _unique_slug(consultation.title)
    db.session.add(consultation)
    structure.add_question_set(consultation, "standard")
    db.session.flush()
    audit.record("consultation.create", consultation=consultation, target=consultation.title,
                 after=_details_of(consultation))
    return consultation


class Saved(NamedTuple):
    """What saving a round's details set going: whom a moved deadline was mailed to, and how many
    invitations an opening date moved to now sent."""

    told: list[Invitation]
    invited: int


def update_consultation(consultation: Consultation, *, title: str, description: str,
                        opens_at: datetime, deadline_at: datetime, language: Language,
                        accepts_late: bool = True, is_open_to_public: bool = False,
                        reminder_days: int | None = None, case_number: str | None = None,
                        archive_reference: str | None = None, contact: Contact | None = None,
                        now: datetime | None = None) -> Saved:
    """Change a round's details; its slug stays, so links already sent keep working. Each body still
    expected to answer whose deadline this moves is mailed the new one (`Saved.told`). An open round
    whose opening date has come keeps it there (links are out), and one whose new opening date has
    come sends its invitations now (`Saved.invited`: how many). A new deadline that has passed is refused."""
    if consultation.status not in (Status.DRAFT, Status.OPEN):
        raise ValidationError(_("En avsluttet høring kan ikke endres."))
    now = now or utcnow()
    if consultation.status is Status.OPEN and consultation.has_started(now) and opens_at > now:
        raise ValidationError(_("Høringen har åpnet, og lenkene er sendt: åpningsdatoen kan ikke flyttes fram i tid."),
                              "opens_on")
    # The form shows and sends whole minutes: a time it sends back unchanged keeps its seconds, and
    # is no change (saving only a new language must not mail everyone that their deadline moved).
    opens_at = _kept_minute(consultation.opens_at, opens_at)
    deadline_at = _kept_minute(consultation.deadline_at, deadline_at)
    if deadline_at != consultation.deadline_at and deadline_at <= now:
        # a typo in the year would end the round and mail everyone at once
        raise ValidationError(_("Det tidspunktet har vært. Velg en frist fram i tid."), "deadline_on")
    before = _details_of(consultation)
    waiting = deadlines.waiting_deadlines(consultation)
    _lift_own_deadlines_overtaken(consultation, deadline_at)
    _apply_details(consultation, title=title, description=description, opens_at=opens_at,
                   deadline_at=deadline_at, language=language, accepts_late=accepts_late,
                   is_open_to_public=is_open_to_public, reminder_days=reminder_days)
    if case_number is not None or archive_reference is not None:
        _apply_case_reference(consultation, case_number or "", archive_reference or "")
    if contact is not None:  # None: keep the round's
        _apply_contact(consultation, contact)
    db.session.flush()
    _record_update(consultation, before, now)
    invited = invitations.send_pending(consultation, now=now) \
        if consultation.status is Status.OPEN and consultation.has_started(now) else 0
    return Saved(deadlines.tell_of_moved_deadlines(consultation, waiting, now), invited)


def _lift_own_deadlines_overtaken(consultation: Consultation, deadline_at: datetime) -> None:
    """An own deadline that gave a body more time than the round (later than its deadline) and that the round's
    new deadline passes is lifted: the body then has the round's, the later one, and is told with the others.
    (Left, it would have given the body less time than everyone else.) An own deadline set earlier than the
    round's stays."""
    for invitation in consultation.invitations:
        own = invitation.deadline_override_at
        if own is not None and consultation.deadline_at < own < deadline_at:
            invitation.deadline_override_at = None


def _kept_minute(saved: datetime, given: datetime) -> datetime:
    """`saved` when `given` is the same minute (the form's precision), else `given`."""
    return saved if saved.replace(second=0, microsecond=0) == given.replace(second=0, microsecond=0) else given


def _details_of(consultation: Consultation) -> dict:
    return {"title": consultation.title, "description": consultation.description,
            "opens_at": consultation.opens_at.isoformat(),
            "deadline_at": consultation.deadline_at.isoformat(), "language": consultation.language.value,
            "accepts_late": consultation.accepts_late, "is_open_to_public": consultation.is_open_to_public,
            "reminder_days": consultation.reminder_days, "case_number": consultation.case_number,
            "archive_reference": consultation.archive_reference, "contact_name": consultation.contact_name,
            "contact_email": consultation.contact_email, "contact_phone": consultation.contact_phone}


def set_case_reference(consultation: Consultation, case_number: str, archive_reference: str) -> None:
    """Set the round's case number and archive reference, in any state (the case is filed after it closes).

    Both are needed (the archive package is made from them): an empty field is refused, never taken as
    removing what was saved."""
    if not case_number.strip():
        raise ValidationError(_("Skriv saksnummeret, for eksempel 2019/245."), "case_number")
    if not archive_reference.strip():
        raise ValidationError(_("Skriv arkivreferansen, for eksempel 026 &13."), "archive_reference")
    before = _details_of(consultation)
    _apply_case_reference(consultation, case_number, archive_reference)
    db.session.flush()
    _record_update(consultation, before)


def _record_update(consultation: Consultation, before: dict, now: datetime | None = None) -> None:
    """The change log's line for a change of the round's details; a save that changed nothing leaves none."""
    after = _details_of(consultation)
    if after != before:
        audit.record("consultation.update", consultation=consultation, target=consultation.title, before=before,
                     after=after, now=now)


def _apply_case_reference(consultation: Consultation, case_number: str, archive_reference: str) -> None:
    case_number, archive_reference = case_number.strip(), " ".join(xml_safe(archive_reference).split())
    if case_number and (len(case_number) > MAX_CASE_NUMBER or parse_case_number(case_number) is None):
        raise ValidationError(_("Skriv saksnummeret som år og løpenummer, for eksempel 2019/245."), "case_number")
    if len(archive_reference) > MAX_ARCHIVE_REFERENCE:
        raise ValidationError(_("Arkivreferansen kan ha høyst %(num)s tegn.", num=MAX_ARCHIVE_REFERENCE),
                              "archive_reference")
    consultation.case_number, consultation.archive_reference = case_number, archive_reference


def _apply_contact(consultation: Consultation, contact: Contact) -> None:
    name, email, phone = " ".join(xml_safe(contact.name).split()), contact.email.strip(), " ".join(contact.phone.split())
    if len(name) > MAX_CONTACT_NAME:
        raise ValidationError(_("Navnet kan ha høyst %(num)s tegn.", num=MAX_CONTACT_NAME), "contact_name")
    if email:
        try:
            email = validate_email(email[:MAX_CONTACT_EMAIL + 1], check_deliverability=False,
                                   allow_smtputf8=False).normalized
        except EmailNotValidError:
            email = ""
        if not email or len(email) > MAX_CONTACT_EMAIL:
            raise ValidationError(_("Skriv en gyldig e-postadresse."), "contact_email")
    if phone and (len(phone) > MAX_CONTACT_PHONE or not re.fullmatch(PHONE, phone)):
        raise ValidationError(_("Skriv telefonnummeret med sifre, for eksempel 32 86 63 27."), "contact_phone")
    consultation.contact_name, consultation.contact_email, consultation.contact_phone = name, email, phone


def _apply_details(consultation: Consultation, *, title: str, description: str, opens_at: datetime,
                   deadline_at: datetime, language: Language, accepts_late: bool, is_open_to_public: bool,
                   reminder_days: int | None) -> None:
    title = " ".join(title.split())
    if not title:
        raise ValidationError(_("Tittelen kan ikke være tom."), "title")
    if len(title) > MAX_TITLE:
        raise ValidationError(_("Tittelen kan ha høyst %(num)s tegn.", num=MAX_TITLE), "title")
    if deadline_at <= opens_at:
        raise ValidationError(_("Høringsfristen må være etter åpningsdatoen."), "deadline_on")
    consultation.title, consultation.description = title, description.strip()
    consultation.opens_at, consultation.deadline_at = opens_at, deadline_at
    consultation.language = language
    consultation.accepts_late, consultation.is_open_to_public = accepts_late, is_open_to_public
    if reminder_days is not None:  # None: keep the round's setting
        if reminder_days < 0:
            raise ValidationError(_("Påminnelsen kan ikke sendes etter fristen."), "reminder_days")
        consultation.reminder_days = reminder_days


def _unique_slug(title: str) -> str:
    base = slugify(title, max_length=100, word_boundary=True,
                   replacements=[["æ", "ae"], ["ø", "o"], ["å", "a"], ["Æ", "ae"], ["Ø", "o"], ["Å", "a"]]) or "horing"
    taken = set(db.session.scalars(select(Consultation.slug).where(Consultation.slug.like(f"{base}%"))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def add_draft_file(consultation: Consultation, *, filename: str, data: bytes, user: User | None,
                   max_bytes: int) -> Draft:
    """Store an uploaded .docx as the round's new draft version and propose focus areas from it."""
    return _add_draft(consultation, _read_file(data, max_bytes), filename=safe_filename(filename, ".docx"),
                      content=data, user=user)


def add_draft_text(consultation: Consultation, *, text: str, user: User | None) -> Draft:
    """Store pasted text as the round's new draft version and propose focus areas from it."""
    return _add_draft(consultation, _read_text(text), filename=None, content=None, user=user)


@dataclass(frozen=True)
class NewDraftVersion:
    """A draft version saved on the round's draft page: whom it was mailed to, and how the focus areas
    it proposes differ from the round's (the round's own are never changed by it)."""

    draft: Draft
    #: The consultees told by e-mail that a new version is out (`tell_of_new_draft`); None when not asked to tell
    told: list[Invitation] | None = None
    #: Focus areas the new version names that the round does not have, as the draft names them
    not_in_round: list[str] = field(default_factory=list)
    #: The round's focus areas the new version no longer names, as the round names them
    not_in_draft: list[str] = field(default_factory=list)


def add_draft_version(consultation: Consultation, *, filename: str | None, data: bytes | None, text: str,
                      user: User | None, max_bytes: int, tell: bool, now: datetime) -> NewDraftVersion:
    """Store a new version of the draft (the uploaded file when there is one, else the pasted text).

    `tell`: mail each invited consultee that can still answer (`can_still_answer`) that a new version is
    out. The focus areas the new version proposes are compared with the round's (`compare_focus_areas`)
    when the round has any; the round's are left as they are."""
    areas = [area.title for area in consultation.focus_areas]
    if data is not None:
        blocks = _read_file(data, max_bytes)
        draft = _add_draft(consultation, blocks, filename=safe_filename(filename or "", ".docx"), content=data,
                           user=user, now=now)
    else:
        blocks = _read_text(text)
        draft = _add_draft(consultation, blocks, filename=None, content=None, user=user, now=now)
    not_in_round, not_in_draft = compare_focus_areas(areas, draft_reader.propose_focus_areas(blocks)) if areas else ([], [])
    told = tell_of_new_draft(consultation, draft, now) if tell else None
    return NewDraftVersion(draft=draft, told=told, not_in_round=not_in_round, not_in_draft=not_in_draft)


def compare_focus_areas(areas: list[str], proposals: list[draft_reader.ProposedFocusArea]) -> tuple[list[str], list[str]]:
    """(the proposals' titles the round's `areas` do not name, the `areas` no proposal names), titles compared
    loosely (`draft_reader.title_key`: case, spacing and leading numbers aside). A draft in which no focus
    area is found proposes nothing to compare, and differs in nothing."""
    if not proposals:
        return [], []
    ours = {draft_reader.title_key(title) for title in areas}
    theirs = {draft_reader.title_key(proposal.title) for proposal in proposals}
    return ([p.title for p in proposals if draft_reader.title_key(p.title) not in ours],
            [title for title in areas if draft_reader.title_key(title) not in theirs])


def reaches_consultees(consultation: Consultation) -> bool:
    """Whether a new version of the draft is seen by consultees at once: the round is open and invitations
    (with the link to the form, which shows the current version) have gone out."""
    return consultation.status is Status.OPEN and any(i.sent_at is not None for i in consultation.invitations)


def can_still_answer(consultation: Consultation, now: datetime) -> list[Invitation]:
    """Each invited body that can answer, or change its answer, now: its link sent and working, not archived,
    with an address, and its deadline not passed (or passed in a round that takes late answers)."""
    from app.responses.submission import Window, window

    return sorted((i for i in consultation.invitations
                   if i.sent_at is not None and i.token_hash is not None and not i.consultee.is_archived
                   and i.consultee.email and window(i, now) is not Window.REFUSED),
                  key=lambda i: (i.consultee.is_public, i.consultee.name))


def tell_of_new_draft(consultation: Consultation, draft: Draft, now: datetime) -> list[Invitation]:
    """Mail each body that can still answer (`can_still_answer`) that a new version of the draft is out, in its
    invitation's language, with the version, its date and the way to the form; record whom. Returns them."""
    told = can_still_answer(consultation, now)
    for invitation in told:
        language = invitation.language
        mail.send_after_commit(db.session, mail.render(
            "draft_updated", to=invitation.consultee.email, language=language, consultation_id=consultation.id,
            consultation=consultation, consultee=invitation.consultee, version=draft.version,
            updated=format_long_date(draft.uploaded_at, language),
            url=absolute_url("responses.respond_by_account", slug=consultation.slug)))
    if told:
        audit.record("draft.told", consultation=consultation, target=consultation.title, now=now,
                     after={"version": draft.version, "count": len(told), "to": [i.consultee.name for i in told]})
    return told


def _read_file(data: bytes, max_bytes: int) -> list[draft_reader.Block]:
    if len(data) > max_bytes:
        raise DraftError(_("Filen er for stor. Største tillatte størrelse er %(num)s MB.", num=max_bytes // MB), "draft_file")
    try:
        return draft_reader.read_docx(data)
    except draft_reader.DraftReadError as error:
        raise DraftError(unreadable(error), "draft_file") from error


def _read_text(text: str) -> list[draft_reader.Block]:
    if not text.strip():
        raise DraftError(_("Lim inn teksten i utkastet, eller last opp en Word-fil."), "draft_text")
    try:
        return draft_reader.read_text(text)
    except draft_reader.DraftReadError as error:
        raise DraftError(unreadable(error), "draft_text") from error


def _add_draft(consultation: Consultation, blocks: list[draft_reader.Block], *, filename: str | None,
               content: bytes | None, user: User | None, now: datetime | None = None) -> Draft:
    if consultation.status not in (Status.DRAFT, Status.OPEN):
        raise DraftError(_("Utkastet kan ikke byttes etter at høringen er avsluttet."))
    text = draft_reader.blocks_to_text(blocks)
    if not text.strip():
        raise DraftError(_("Utkastet inneholder ingen tekst."), "draft_file" if content else "draft_text")
    version = (consultation.current_draft.version + 1) if consultation.current_draft else 1
    draft = Draft(consultation=consultation, version=version, filename=filename, content=content,
                  text=text, uploaded_by_id=user.id if user else None)
    if now is not None:
        draft.uploaded_at = now
    db.session.add(draft)
    if not consultation.focus_areas and consultation.is_editable:
        structure.add_proposed_focus_areas(consultation, draft_reader.propose_focus_areas(blocks))
    db.session.flush()
    audit.record("draft.add", consultation=consultation, target=filename or "Innlimt tekst",
                 after={"version": version, "filename": filename})
    return draft


def proposals_from_current_draft(consultation: Consultation) -> list[draft_reader.ProposedFocusArea]:
    """Focus areas proposed from the current draft (re-read from the stored file or text)."""
    draft = consultation.current_draft
    if draft is None:
        return []
    try:
        blocks = draft_reader.read_docx(draft.content) if draft.content else draft_reader.read_text(draft.text)
    except draft_reader.DraftReadError as error:  # stored before today's caps
        raise DraftError(unreadable(error)) from error
    return draft_reader.propose_focus_areas(blocks)


def replace_focus_areas_from_draft(consultation: Consultation) -> list[FocusArea]:
    """Throw away the focus areas and take the draft's proposals again."""
    structure.require_editable(consultation)
    proposals = proposals_from_current_draft(consultation)
    if not proposals:
        raise DraftError(_("Fant ingen satsingsområder i utkastet. Legg dem inn for hånd."))
    consultation.focus_areas.clear()
    db.session.flush()
    return structure.add_proposed_focus_areas(consultation, proposals)


def open_consultation(consultation: Consultation, now: datetime) -> None:
    """Open the round for responses and send the invitations not yet sent; a round whose opening
    date is still to come has its invitations sent on that day (`invitations.send_due`)."""
    _transition(consultation, consultation.open, now)
    if consultation.has_started(now):
        invitations.send_pending(consultation, now=now)
    db.session.flush()


def close_consultation(consultation: Consultation, now: datetime) -> None:
    """Close the round; each body still expected to answer whose own deadline (an extension, a deadline of its
    own) had not passed is told by e-mail that its link no longer takes answers, and each that has answered and
    could still have changed its answer, that the answer stands as sent (the confirmation page names them all)."""
    cut_off = {i: deadline for i, deadline in deadlines.waiting_deadlines(consultation).items() if deadline > now}
    # Those who have answered could have changed the answer until their deadline: they are told it stands as sent
    amending = {i: i.deadline_at for i in deadlines.may_still_amend(consultation, now)}
    _transition(consultation, consultation.close, now)
    for invitation, deadline in sorted({**cut_off, **amending}.items(), key=lambda item: item[0].consultee.name):
        language = invitation.language
        mail.send_after_commit(db.session, mail.render(
            "closed_early", to=invitation.consultee.email, language=language, consultation_id=consultation.id,
            consultation=consultation, consultee=invitation.consultee, answered=invitation in amending,
            closed=format_local_datetime(now, language), deadline=format_local_datetime(deadline, language)))
    if cut_off or amending:
        audit.record("consultation.closed_early_told", consultation=consultation, target=consultation.title, now=now,
                     after={"to": sorted(i.consultee.name for i in {**cut_off, **amending})})


def mark_reported(consultation: Consultation, now: datetime) -> None:
    _transition(consultation, consultation.mark_reported, now)


def publish_consultation(consultation: Consultation, now: datetime) -> None:
    """Publish the round, unless withheld text would still reach the public somewhere."""
    problems = publication_problems(consultation, to_local(now).date())
    if problems:
        shown = "; ".join(problems[:PROBLEMS_SHOWN])
        more = len(problems) - PROBLEMS_SHOWN
        raise ValidationError(_("Høringen kan ikke publiseres ennå: tekst som er unntatt offentlighet, står fortsatt her: "
                                "%(places)s.", places=shown)
                              + (" " + ngettext("Og %(num)d sted til.", "Og %(num)d steder til.", more) if more > 0 else "")
                              + " " + _("Unnta også dette, gi temaet et nytt navn eller unnta vedlegget, og prøv igjen."))
    _transition(consultation, consultation.publish, now)


def _transition(consultation: Consultation, step, now: datetime) -> None:
    before = consultation.status.value
    step(now)
    db.session.flush()
    audit.record(f"consultation.{consultation.status.value}", consultation=consultation, target=consultation.title,
                 before={"status": before}, after={"status": consultation.status.value}, now=now)
