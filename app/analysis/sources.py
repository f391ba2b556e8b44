"""The texts a round's analysis reads: submitted answers and meeting notes, as plain data."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from app.consultees.names import document_name
from app.models import Consultation, ResponseStatus
from app.snapshot import POSITION_LABELS


@dataclass(frozen=True)
class Source:
    """One answer text (latest submitted version) or one meeting note."""

    key: str
    text: str
    consultee: str
    consultee_id: int | None = None
    response_id: int | None = None
    meeting_id: int | None = None
    question_id: int | None = None
    focus_area_id: int | None = None
    #: The position given with the answer (a Position code)
    position: str | None = None

    @property
    def hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def collect(consultation: Consultation) -> list[Source]:
    """Every non-empty text of the latest submitted versions and of the meeting notes, in a stable order."""
    sources = []
    for response in sorted(consultation.responses, key=lambda r: r.id):
        version = response.latest_version
        if response.status is not ResponseStatus.SUBMITTED or version is None:
            continue
        # Stored with the theme summaries' quotes, and quoted in the report: the round's language
        name = document_name(response.consultee, consultation.language.value)
        for answer in version.snapshot.answers:
            text = (answer.text or "").strip()
            if not text:
                continue
            area = answer.focus_area_id
            key = f"r{response.id}:q{answer.question_id}" + (f":fa{area}" if area else "")
            sources.append(Source(key, text, name, response.consultee_id, response_id=response.id,
                                  question_id=answer.question_id, focus_area_id=area, position=answer.position))
    for meeting in sorted(consultation.meetings, key=lambda m: m.id):
        name = meeting.consultee.name if meeting.consultee else meeting.joint_name
        for note in sorted(meeting.notes, key=lambda n: n.id):
            if note.text.strip():
                sources.append(Source(f"m{note.id}", note.text.strip(), name, meeting.consultee_id,
                                      meeting_id=meeting.id, question_id=note.question_id))
    return sources


def position_label(position: str | None, language: str) -> str | None:
    """The form's position as the words nlp reads ("Enig", "Delvis enig" …)."""
    return POSITION_LABELS["nb"].get(position) if position else None
