"""Recording dialogue meetings: who, when, where, and the minutes under each question."""
from __future__ import annotations

from datetime import date, datetime

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import delete
from sqlalchemy.orm.exc import StaleDataError

from app import audit
from app.errors import ConflictError, ValidationError
from app.extensions import db
from app.models import CommentUnit, Consultation, Consultee, Meeting, MeetingNote, Status, User
from app.responses.submission import clean_text
from app.timeutil import format_local_date, to_local


def get_or_404(consultation: Consultation, meeting_id: int) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or meeting.consultation_id != consultation.id:
        abort(404)
    return meeting


def save_meeting(consultation: Consultation, meeting: Meeting | None, *, consultee: Consultee | None,
                 held_on: date, arena: str, description: str, attendees: str, notes: dict[int, str],
                 user: User | None, now: datetime, expected_version: int | None = None, place: str = "") -> Meeting:
    """Create or update a meeting, where it was held and its notes (question id → text); empty notes are dropped.

    An existing meeting is only changed from the version its page was loaded with
    (`expected_version`; None, a page without one, counts as stale): otherwise ConflictError.
    """
    if meeting is not None and expected_version != meeting.version:
        raise _conflict()
    if consultation.status is Status.PUBLISHED:
        raise ValidationError(_("Høringen er publisert; referatene kan ikke endres."))
    if consultee is not None and consultee.region_id != consultation.region_id:
        raise ValidationError(_("Høringsinstansen hører til en annen region."), "consultee_id")
    if not arena.strip():
        raise ValidationError(_("Skriv hvor møtet ble holdt, for eksempel Formannskapet."), "arena")
    if held_on > to_local(now).date():  # minutes are of a meeting held: the report counts it as held
        raise ValidationError(_("Datoen er etter i dag. Skriv referatet når møtet er holdt."), "held_on")
    if meeting is None:
        meeting = Meeting(created_by_id=user.id if user else None, created_at=now)
        consultation.meetings.append(meeting)
    meeting.consultee, meeting.held_on = consultee, held_on
    meeting.arena, meeting.description = " ".join(arena.split()), " ".join(description.split())
    meeting.place = " ".join(place.split())
    meeting.attendees, meeting.updated_at = attendees.strip(), now
    _set_notes(consultation, meeting, notes)
    try:
        db.session.flush()
    except StaleDataError as error:  # saved by another request in the same moment
        raise _conflict() from error
    audit.record("meeting.save", consultation=consultation, target=f"{meeting.arena} {format_local_date(meeting.held_on, 'nb')}",
                 after={"consultee": consultee.name if consultee else None, "notes": len(meeting.notes)}, now=now)
    return meeting


def _conflict() -> ConflictError:
    return ConflictError(_("Referatet er lagret av en annen (eller i en annen fane) etter at du åpnet siden. "
                           "Det du skrev, er ikke lagret, men står fortsatt i skjemaet."))


def _set_notes(consultation: Consultation, meeting: Meeting, notes: dict[int, str]) -> None:
    known = {q.id for q in consultation.questions}
    existing = {n.question_id: n for n in meeting.notes}
    for question_id, text in notes.items():
        if question_id not in known:
            continue
        text = clean_text(text)
        note = existing.get(question_id)
        if text and note is None:
            meeting.notes.append(MeetingNote(question_id=question_id, text=text))
        elif text:
            note.text = text
        elif note is not None:
            meeting.notes.remove(note)


def delete_meeting(consultation: Consultation, meeting: Meeting) -> None:
    if consultation.status is Status.PUBLISHED:
        raise ValidationError(_("Høringen er publisert; referatene kan ikke slettes."))
    audit.record("meeting.delete", consultation=consultation, target=f"{meeting.arena} {format_local_date(meeting.held_on, 'nb')}")
    # The analysis' units from these minutes go with them.
    db.session.execute(delete(CommentUnit).where(CommentUnit.meeting_id == meeting.id))
    consultation.meetings.remove(meeting)
    db.session.flush()
