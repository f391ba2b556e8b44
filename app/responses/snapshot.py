"""What a consultee submitted, frozen: plain data, no database, no Flask.

A snapshot is stored as JSON with each submitted version and is what the receipt, the
differences between versions, the report and the archive are made from. Question and focus
area texts are copied in, so a snapshot reads the same whatever happens to the round later.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

#: Longest answer text one field holds: the form, the Word import and the differences all keep to it
MAX_ANSWER = 20_000
#: Labels of the positions a consultee can take on a focus area, in form order
POSITION_LABELS = {
    "nb": {"enig": "Enig", "delvis_enig": "Delvis enig", "uenig": "Uenig", "ingen_merknad": "Ingen merknad"},
    "nn": {"enig": "Einig", "delvis_enig": "Delvis einig", "uenig": "Ueinig", "ingen_merknad": "Ingen merknad"},
}
ADOPTED_BY_LABELS = {
    "nb": {"administrasjon": "Administrasjonen", "formannskap": "Formannskapet",
           "kommunestyre": "Kommunestyret", "annet": "Annet"},
    "nn": {"administrasjon": "Administrasjonen", "formannskap": "Formannskapet",
           "kommunestyre": "Kommunestyret", "annet": "Anna"},
}


@dataclass(frozen=True)
class SnapshotAnswer:
    """One answer: to a question, or to a question about one focus area."""

    question_id: int
    question: str
    #: "position" | "ranking" | "text" | "yes_no"
    kind: str
    focus_area_id: int | None = None
    focus_area: str | None = None
    #: A key of POSITION_LABELS for position questions
    position: str | None = None
    #: 1 is the most important, for ranking questions
    rank: int | None = None
    #: True/False for yes-no questions
    yes: bool | None = None
    text: str = ""


@dataclass(frozen=True)
class SnapshotAttachment:
    id: int
    filename: str
    size: int


@dataclass(frozen=True)
class Snapshot:
    """A submitted response as the consultee sent it."""

    consultation_title: str
    consultee: str
    #: "nb" or "nn": the round's language, for labels
    language: str
    version: int
    submitted_at: str  # ISO 8601, UTC
    is_late: bool = False
    adopted_by: str | None = None
    decision_date: str | None = None  # ISO date
    case_number: str = ""
    answers: tuple[SnapshotAnswer, ...] = ()
    attachments: tuple[SnapshotAttachment, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Snapshot:
        return cls(**{**data,
                      "answers": tuple(SnapshotAnswer(**a) for a in data.get("answers", ())),
                      "attachments": tuple(SnapshotAttachment(**a) for a in data.get("attachments", ()))})
