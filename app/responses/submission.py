"""Saving and submitting a consultee's response: drafts never lost, every submit a frozen version."""
from __future__ import annotations

import enum
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from flask_babel import format_number
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from app import audit
from app.consultees.names import document_name
from app.errors import ConflictError, DomainError, ValidationError
from app.extensions import db
from app.models import (
    AdoptedBy,
    Answer,
    Consultation,
    Invitation,
    Response,
    ResponseStatus,
    ResponseVersion,
    Status,
)
from app.responses import notices
from app.responses.kinds import kind_of
from app.snapshot import MAX_ANSWER, Snapshot, SnapshotAttachment

#: A consultee's case number: year/number, and the document's number after a dash («19/4976», «2019/1234-5»)
CASE_NUMBER = r"\d{2,4}/\d{1,7}(?:-\d{1,4})?"
#: The longest case number stored (the column's length)
CASE_NUMBER_MAX = 40
SAVE_AUDIT_WINDOW = timedelta(minutes=10)


class Window(enum.Enum):
    """Whether a consultee can send now."""

    OPEN = "open"
    LATE = "late"
    REFUSED = "refused"


class SubmitRefused(DomainError):
    """The round does not take this response now (closed, not open yet, or past the deadline)."""


class IncompleteError(DomainError):
    """Required questions are unanswered; `errors` maps form fields to messages."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(_("Noen svar må fylles ut eller rettes før svaret kan sendes inn."))
        self.errors = errors


@dataclass
class ResponseInput:
    """What the form holds, as plain values keyed by focus-area and question ids."""

    positions: dict[int, str | None] = field(default_factory=dict)
    comments: dict[int, str] = field(default_factory=dict)
    ranks: dict[int, int | None] = field(default_factory=dict)
    texts: dict[int, str] = field(default_factory=dict)
    yes: dict[int, bool | None] = field(default_factory=dict)
    adopted_by: str | None = None
    decision_date: date | None = None
    case_number: str = ""


def window(invitation: Invitation, now: datetime) -> Window:
    """OPEN before the consultee's deadline, LATE after it when the round takes late answers."""
    consultation = invitation.consultation
    if consultation.status is not Status.OPEN or now < consultation.opens_at:
        return Window.REFUSED
    if now <= invitation.deadline_at:
        return Window.OPEN
    return Window.LATE if consultation.accepts_late else Window.REFUSED


def response_for(invitation: Invitation) -> Response | None:
    return db.session.scalar(select(Response).where(
        Response.consultation_id == invitation.consultation_id, Response.consultee_id == invitation.consultee_id))


def version_of(invitation: Invitation) -> int | None:
    """The working copy's version number (what a page loaded now would carry); None when there is none."""
    response = response_for(invitation)
    return response.version if response is not None else None


def get_or_create_response(invitation: Invitation, now: datetime) -> Response:
    response = response_for(invitation)
    if response is None:
        try:
            response = _create_response(invitation, now)
        except IntegrityError:
            # Another tab created it a moment ago: work on that one.
            response = response_for(invitation)
    return response


def working_copy(invitation: Invitation, *, expected_version: int | None, now: datetime) -> Response:
    """The working copy the page was loaded from; ConflictError when it changed since.

    `expected_version` None means the page was loaded when there was no working copy yet: it is
    created now, and a working copy saved meanwhile (by another tab) is a conflict, not overwritten.
    """
    response = response_for(invitation)
    if response is None and expected_version is None:
        try:
            return _create_response(invitation, now)
        except IntegrityError:
            raise _conflict() from None  # another tab created it a moment ago
    if response is None or response.version != expected_version:
        raise _conflict()
    return response


def _create_response(invitation: Invitation, now: datetime) -> Response:
    response = Response(consultation_id=invitation.consultation_id, consultee_id=invitation.consultee_id,
                        created_at=now, updated_at=now)
    with db.session.begin_nested():
        db.session.add(response)
    db.session.expire(invitation.consultation, ["responses"])
    return response


def new_submission_key() -> str:
    return secrets.token_urlsafe(24)


def save_draft(invitation: Invitation, data: ResponseInput, *, expected_version: int | None,
               now: datetime) -> Response:
    """Store the working copy; refused when the page was stale or the round takes no drafts (takes_drafts)."""
    require_draft_window(invitation, now)
    response = working_copy(invitation, expected_version=expected_version, now=now)
    before = input_from(response)
    _apply(response, data, now)
    # A save that changes nothing (the language button, an autosave of the same text) leaves a submitted
    # response as submitted
    changed = input_from(response) != before
    response.has_unsubmitted_changes = (response.status is ResponseStatus.SUBMITTED and changed
                                        or response.has_unsubmitted_changes)
    _flush()
    # Autosave writes every few seconds; the trail keeps one "saved" line per ten minutes.
    audit.record_once_per(SAVE_AUDIT_WINDOW, "response.save", consultation=invitation.consultation,
                          # no number: the working copy's lock counter is no version (the log's «Versjon» is a
                          # submitted one's number)
                          target=invitation.consultee.name, now=now)
    return response


def submit(invitation: Invitation, data: ResponseInput, *, expected_version: int | None, submission_key: str,
           now: datetime, via: str, user_id: int | None = None,
           receipt_url: Callable[[int], str] | None = None, mail_receipt: bool = True) -> ResponseVersion:
    """Save and freeze a new version and mail its receipt; the same submission_key twice gives one version.

    `receipt_url(number)` is the address of the receipt page the way the consultee came in;
    `mail_receipt=False` is for answers made up by the demo.
    """
    existing = db.session.scalar(select(ResponseVersion).where(ResponseVersion.submission_key == submission_key))
    if existing is not None and existing.response.consultee_id == invitation.consultee_id:
        return existing
    state = require_window(invitation, now)
    response = working_copy(invitation, expected_version=expected_version, now=now)
    _apply(response, data, now)
    # Write now: a concurrent submit of the same form (a double click) fails here as a conflict.
    _flush()
    errors = missing_answers(response)
    if errors:
        raise IncompleteError(errors)
    snapshot = build_snapshot(response, number=len(response.versions) + 1, now=now, is_late=state is Window.LATE)
    latest = response.latest_version
    if latest is not None and _same_content(latest.snapshot_data, snapshot.to_dict()):
        response.has_unsubmitted_changes = False
        _flush()
        return latest
    version = ResponseVersion(number=snapshot.version, submitted_at=now, is_late=snapshot.is_late,
                              submission_key=submission_key, submitted_via=via, submitted_by_id=user_id,
                              snapshot_data=snapshot.to_dict())
    response.versions.append(version)
    response.status, response.submitted_at, response.is_late = ResponseStatus.SUBMITTED, now, snapshot.is_late
    response.has_unsubmitted_changes = False
    invitation.answered_at = invitation.answered_at or now
    _flush()
    audit.record("response.submit" if version.number == 1 else "response.amend", consultation=invitation.consultation,
                 target=invitation.consultee.name, now=now,
                 after={"version": version.number, "is_late": version.is_late, "via": via})
    if mail_receipt:
        notices.queue_receipt(invitation, version, via=via, user_id=user_id, receipt_url=receipt_url)
    return version


def takes_drafts(invitation: Invitation, now: datetime) -> bool:
    """Whether the working copy can be saved now: while the round is open, also past the consultee's deadline.

    A clerk typing as the deadline passes keeps what was typed (autosave goes on), and a draft kept
    past the deadline can be sent once the secretariat extends it; until then nothing is submitted
    (`window` decides that). A round that is closed or not opened yet takes no drafts.
    """
    consultation = invitation.consultation
    return consultation.status is Status.OPEN and now >= consultation.opens_at


def require_draft_window(invitation: Invitation, now: datetime) -> None:
    """SubmitRefused with the reason when the round takes no drafts now (takes_drafts)."""
    if not takes_drafts(invitation, now):
        require_window(invitation, now)


def require_window(invitation: Invitation, now: datetime) -> Window:
    """The window, or SubmitRefused with the reason when the round takes nothing now."""
    state = window(invitation, now)
    if state is Window.REFUSED:
        consultation = invitation.consultation
        if consultation.status is not Status.OPEN:
            raise SubmitRefused(_("Høringen tar ikke imot svar nå."))
        if now < consultation.opens_at:
            raise SubmitRefused(_("Høringen er ikke åpnet for svar ennå."))
        if invitation.pending_extension is not None:
            raise SubmitRefused(_("Fristen er ute, og denne høringen tar ikke imot svar etter fristen. Søknaden om "
                                  "utsatt frist venter på svar."))
        raise SubmitRefused(_("Fristen er ute, og denne høringen tar ikke imot svar etter fristen. Be om utsatt frist."))
    return state


def _conflict() -> ConflictError:
    return ConflictError(
        _("Svaret er lagret et annet sted (i en annen fane, en side du nettopp forlot, eller av en kollega) etter at "
          "du åpnet siden. "
          "Det du skrev, er ikke lagret, men står fortsatt i skjemaet.")
    )


def _flush() -> None:
    try:
        db.session.flush()
    except StaleDataError as error:
        raise ConflictError(_("Svaret ble lagret fra et annet sted i samme øyeblikk. Prøv å lagre på nytt.")) from error


def _apply(response: Response, data: ResponseInput, now: datetime) -> None:
    consultation = response.consultation
    answers = {(a.question_id, a.focus_area_id): a for a in response.answers}

    def answer(question_id: int, focus_area_id: int | None = None) -> Answer:
        key = (question_id, focus_area_id)
        if key not in answers:
            answers[key] = Answer(question_id=question_id, focus_area_id=focus_area_id, text="")
            response.answers.append(answers[key])
        return answers[key]

    for question in consultation.questions:
        kind = kind_of(question)
        for area in kind.areas(consultation.focus_areas):
            kind.store(answer(question.id, area.id if area else None), question, area, data, _checked_text)
    if response.consultee.is_public:  # only a consultee's own bodies adopt an answer; the form has no such fields
        data = replace(data, adopted_by=None, decision_date=None, case_number="")
    response.adopted_by = AdoptedBy(data.adopted_by) if data.adopted_by else None
    response.decision_date = data.decision_date
    response.case_number = " ".join((data.case_number or "").split())[:CASE_NUMBER_MAX]
    response.updated_at = now


def _checked_text(text: str, label: str) -> str:
    """An answer's text, cleaned and within the cap."""
    return _within_cap(clean_text(text), label)


def _within_cap(text: str, label: str) -> str:
    """The text, when it fits a field; the forms and the Word import check first, this is the rule."""
    if len(text) > MAX_ANSWER:
        raise ValidationError(_("Teksten til «%(label)s» er for lang (høyst %(num)s tegn).", label=label,
                                num=format_number(MAX_ANSWER)))
    return text


def is_blank(data: ResponseInput) -> bool:
    """Whether nothing at all is filled in (no position, text, rank, yes or no, adoption or case)."""
    filled = [*data.positions.values(), *(t.strip() for t in data.comments.values()), *data.ranks.values(),
              *(t.strip() for t in data.texts.values()), *(v is not None for v in data.yes.values()),
              data.adopted_by, data.decision_date, data.case_number.strip()]
    return not any(filled)


def input_from(response: Response) -> ResponseInput:
    """The working copy as a ResponseInput (the inverse of _apply)."""
    data = ResponseInput(adopted_by=response.adopted_by.value if response.adopted_by else None,
                         decision_date=response.decision_date, case_number=response.case_number)
    questions = {q.id: q for q in response.consultation.questions}
    for answer in response.answers:
        if answer.question_id in questions:
            kind_of(questions[answer.question_id]).to_input(answer, data)
    return data


def clean_text(text: str | None) -> str:
    """Answers keep their line breaks; Windows line ends and trailing space go."""
    return "\n".join(line.rstrip() for line in (text or "").replace("\r\n", "\n").split("\n")).strip()


def missing_answers(response: Response) -> dict[str, str]:
    """Form field → message for each required question left unanswered (and any partial ranking)."""
    return _missing(response.consultation, {(a.question_id, a.focus_area_id): a for a in response.answers})


def missing_in(consultation: Consultation, data: ResponseInput) -> dict[str, str]:
    """missing_answers of what a form holds, saving nothing: for a submit the form refused for another
    reason (a text too long), so that the page names everything to put right at once."""
    answers = {}
    for question in consultation.questions:
        kind = kind_of(question)
        for area in kind.areas(consultation.focus_areas):
            key = (question.id, area.id if area else None)
            answers[key] = Answer(question_id=question.id, focus_area_id=key[1], text="")
            kind.store(answers[key], question, area, data, lambda text, label: clean_text(text))
    return _missing(consultation, answers)


def _missing(consultation: Consultation, answers: dict) -> dict[str, str]:
    errors = {}
    for question in consultation.questions:
        errors.update(kind_of(question).missing(question, consultation.focus_areas, answers))
    return errors


def build_snapshot(response: Response, *, number: int, now: datetime, is_late: bool) -> Snapshot:
    """The response as it stands, frozen with the questions' and focus areas' texts."""
    consultation = response.consultation
    answers = {(a.question_id, a.focus_area_id): a for a in response.answers}
    items = [item for question in consultation.questions
             for item in kind_of(question).snapshot_answers(question, consultation.focus_areas, answers)]
    return Snapshot(
        consultation_title=consultation.title, consultee=document_name(response.consultee, consultation.language.value),
        language=consultation.language.value, version=number, submitted_at=now.isoformat(), is_late=is_late,
        adopted_by=response.adopted_by.value if response.adopted_by else None,
        decision_date=response.decision_date.isoformat() if response.decision_date else None,
        case_number=response.case_number, answers=tuple(items),
        attachments=tuple(SnapshotAttachment(a.id, a.filename, a.size) for a in response.attachments))


def _same_content(old: dict, new: dict) -> bool:
    ignore = {"version", "submitted_at", "is_late"}
    return {k: v for k, v in old.items() if k not in ignore} == {k: v for k, v in new.items() if k not in ignore}
