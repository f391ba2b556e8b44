"""The public page of a round and the public list of rounds, each built as one value and redacted whole.

The templates read only these values, never the rows: a text that is not put here cannot reach the
page, and every text that is put here goes through the round's withheld passages (app/publication/redaction.py),
indexed once per request.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from flask import abort
from sqlalchemy import and_, func, or_, select

from app.consultees.names import display_name
from app.extensions import db
from app.models import Consultation, Status
from app.publication import redaction, signup
from app.publication.services import responses, unnamed_where_withheld, without_withheld_quotes
from app.reports.data import AreaReport
from app.reports.services import collect
from app.timeutil import utcnow

#: An open round (anyone may answer) is public from opening until it is published, and after
OPEN_TO_ALL_STATUSES = (Status.OPEN, Status.CLOSED, Status.REPORTED)
#: Rounds per page of the public list, and the last page served (the list's work is capped)
PAGE_SIZE, MAX_PAGE = 20, 50


@dataclass(frozen=True)
class AreaText:
    """A focus area as the draft puts it."""

    group: str
    title: str
    description: str


@dataclass(frozen=True)
class ResponseLink:
    """A published response in the list: its sender and when it came."""

    consultee_id: int
    name: str
    submitted_at: datetime
    is_late: bool


@dataclass(frozen=True)
class RoundPage:
    """Everything the public page of one round shows."""

    slug: str
    #: "nb" or "nn": the round's written standard (the outcome is in it)
    language: str
    title: str
    region: str
    description: str
    status: Status
    opens_at: datetime
    deadline_at: datetime
    published_at: datetime | None
    #: Anyone may sign up and answer now; after the deadline only where late answers are accepted (and marked)
    accepts_responses: bool
    is_past_deadline: bool
    draft_text: str
    #: The draft's Word file may be downloaded (it has one and none of its words are withheld)
    has_draft_file: bool
    focus_areas: tuple[AreaText, ...]
    questions: tuple[str, ...]
    #: The current draft's version (0: no draft) and when it was put in; the page names them from version 2 on
    draft_version: int = 0
    draft_updated_at: datetime | None = None
    #: Published rounds only: who was asked, who answered, and per focus area what was said and assessed
    invited: tuple[str, ...] = ()
    #: When the secretariat closed the round (it may be before the deadline)
    closed_at: datetime | None = None
    responses: tuple[ResponseLink, ...] = ()
    #: The deadline, or the day the round was closed if that came first (`Consultation.period_ends_at`)
    period_ends_at: datetime | None = None
    areas: tuple[AreaReport, ...] = ()
    #: Whom to ask about the round (its contact person), "" where not given
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""


@dataclass(frozen=True)
class RoundCard:
    """One round in the public list."""

    slug: str
    title: str
    region: str
    status: Status
    deadline_at: datetime
    published_at: datetime | None
    #: Whether anyone may still sign up (open to all, and before the deadline or taking late answers)
    takes_signups: bool = False
    closed_at: datetime | None = None


def is_public(consultation: Consultation) -> bool:
    """Whether the round has a public page: published, or open to all from its opening on."""
    return consultation.status is Status.PUBLISHED or (
        consultation.is_open_to_public and consultation.status in OPEN_TO_ALL_STATUSES)


def public_or_404(slug: str) -> Consultation:
    consultation = public_or_none(slug)
    if consultation is None:
        abort(404)
    return consultation


def public_or_none(slug: str) -> Consultation | None:
    consultation = db.session.scalar(select(Consultation).where(Consultation.slug == slug))
    return consultation if consultation is not None and is_public(consultation) else None


def round_page(consultation: Consultation, now: datetime, today: date) -> RoundPage:
    """The round's public page, redacted: the draft and how to answer; once published, what came of it."""
    withheld = redaction.withheld(consultation)
    draft = consultation.current_draft
    page = RoundPage(
        slug=consultation.slug, language=consultation.language.value, title=consultation.title,
        region=consultation.region.name, description=consultation.description or "", status=consultation.status, opens_at=consultation.opens_at,
        deadline_at=consultation.deadline_at, published_at=consultation.published_at, closed_at=consultation.closed_at,
        period_ends_at=consultation.period_ends_at,
        accepts_responses=consultation.is_open_to_public and consultation.accepts_responses(now) and (
            now <= consultation.deadline_at or consultation.accepts_late),
        is_past_deadline=now > consultation.deadline_at,
        draft_text=draft.text if draft else "", has_draft_file=bool(draft and draft.filename),
        draft_version=draft.version if draft else 0, draft_updated_at=draft.uploaded_at if draft else None,
        focus_areas=tuple(AreaText(a.group or "", a.title, a.description or "") for a in consultation.focus_areas),
        questions=tuple(q.text for q in consultation.questions), contact_name=consultation.contact_name,
        contact_email=consultation.contact_email, contact_phone=consultation.contact_phone)
    if consultation.status is Status.PUBLISHED:
        page = _with_outcome(page, consultation, today, withheld)
    redacted = redaction.redact(consultation, page, withheld)
    # The draft's text changed in redaction exactly when its Word file holds withheld words (one pass, not two).
    return replace(redacted, has_draft_file=page.has_draft_file and redacted.draft_text == page.draft_text,
                   areas=without_withheld_quotes(redacted.areas))


def draft_file_is_public(consultation: Consultation) -> bool:
    """A Word file cannot be redacted: it is offered only while its text holds no withheld words."""
    draft = consultation.current_draft
    return bool(draft and draft.filename) and not redaction.withheld(consultation).overlaps(draft.text)


def public_rounds(page: int) -> tuple[list[RoundCard], bool]:
    """One page of the public rounds of every region, newest first, and whether another page follows."""
    if not 1 <= page <= MAX_PAGE:
        abort(404)
    newest = func.coalesce(Consultation.published_at, Consultation.opened_at, Consultation.opens_at)
    rows = list(db.session.scalars(
        select(Consultation)
        .where(or_(Consultation.status == Status.PUBLISHED,
                   and_(Consultation.is_open_to_public.is_(True), Consultation.status.in_(OPEN_TO_ALL_STATUSES))))
        .order_by(newest.desc(), Consultation.id.desc()).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)))
    shown = rows[:PAGE_SIZE]
    now = utcnow()
    cards = {c.id: RoundCard(slug=c.slug, title=c.title, region=c.region.name, status=c.status,
                             deadline_at=c.deadline_at, published_at=c.published_at, closed_at=c.closed_at,
                             takes_signups=signup.takes_signups(c, now)) for c in shown}
    withheld = redaction.withheld_for_texts(shown, {i: f"{card.title}\n{card.region}" for i, card in cards.items()})
    redacted = [redaction.redact(c, cards[c.id], withheld[c.id]) if c.id in withheld else cards[c.id] for c in shown]
    return redacted, len(rows) > PAGE_SIZE and page < MAX_PAGE


def _with_outcome(page: RoundPage, consultation: Consultation, today: date, withheld) -> RoundPage:
    invited = sorted(i.consultee.name for i in consultation.invitations if not i.consultee.is_public)
    links = tuple(ResponseLink(r.consultee_id, display_name(r.consultee), r.submitted_at, r.is_late)
                  for r in responses(consultation))
    areas = unnamed_where_withheld(consultation, collect(consultation, today), withheld).areas  # as the summary
    return replace(page, invited=tuple(invited), responses=links, areas=areas)
