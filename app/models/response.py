"""A consultee's response to a round (høringssvar), its answers and its submitted versions."""
from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, enum_type, utcnow
from app.positions import Position  # the one vocabulary of positions, re-exported with the models

if TYPE_CHECKING:
    from app.models.consultation import Consultation
    from app.models.consultee import Consultee
    from app.snapshot import Snapshot


class ResponseStatus(enum.Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class AdoptedBy(enum.Enum):
    """Who adopted an answer; which of them a consultee is offered depends on its kind (ADOPTERS)."""

    ADMINISTRATION = "administrasjon"
    EXECUTIVE_COMMITTEE = "formannskap"
    MUNICIPAL_COUNCIL = "kommunestyre"
    COUNTY_EXECUTIVE = "fylkesutvalg"
    COUNTY_COUNCIL = "fylkesting"
    BOARD = "styre"
    OTHER = "annet"


class Response(Base):
    """The working copy of one consultee's answer; each submit freezes a ResponseVersion."""

    __tablename__ = "responses"
    __table_args__ = (UniqueConstraint("consultation_id", "consultee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    consultee_id: Mapped[int] = mapped_column(ForeignKey("consultees.id"), index=True)
    status: Mapped[ResponseStatus] = mapped_column(enum_type(ResponseStatus), default=ResponseStatus.DRAFT)
    #: Bumped by every save; a save that names an older number was made from a stale page
    version: Mapped[int] = mapped_column(default=1)
    adopted_by: Mapped[AdoptedBy | None] = mapped_column(enum_type(AdoptedBy))
    decision_date: Mapped[date | None]
    #: The adopting body's case number, e.g. "19/4976"
    case_number: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Latest submission (UTC); None while never submitted
    submitted_at: Mapped[datetime | None]
    #: True when the latest submission came after the consultee's deadline
    is_late: Mapped[bool] = mapped_column(default=False)
    #: True when the working copy differs from the latest submitted version
    has_unsubmitted_changes: Mapped[bool] = mapped_column(default=False)

    consultation: Mapped[Consultation] = relationship(back_populates="responses")
    consultee: Mapped[Consultee] = relationship()
    answers: Mapped[list[Answer]] = relationship(back_populates="response", cascade="all, delete-orphan")
    versions: Mapped[list[ResponseVersion]] = relationship(
        back_populates="response", order_by="ResponseVersion.number", cascade="all, delete-orphan"
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="response", order_by="Attachment.id", cascade="all, delete-orphan"
    )

    # Optimistic locking: every UPDATE checks and bumps `version`, so a concurrent save fails loudly.
    __mapper_args__ = {"version_id_col": version}

    @property
    def latest_version(self) -> ResponseVersion | None:
        return self.versions[-1] if self.versions else None


class Answer(Base):
    """One answer in the working copy: to a question, or to a question about one focus area."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("response_id", "question_id", "focus_area_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"))
    focus_area_id: Mapped[int | None] = mapped_column(ForeignKey("focus_areas.id"))
    position: Mapped[Position | None] = mapped_column(enum_type(Position))
    #: 1 is the most important (ranking questions)
    rank: Mapped[int | None]
    #: Yes-no questions
    yes: Mapped[bool | None]
    text: Mapped[str] = mapped_column(Text, default="")

    response: Mapped[Response] = relationship(back_populates="answers")


class ResponseVersion(Base):
    """A submitted version, frozen as a snapshot (see app.snapshot)."""

    __tablename__ = "response_versions"
    __table_args__ = (UniqueConstraint("response_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id"), index=True)
    number: Mapped[int]
    submitted_at: Mapped[datetime]
    is_late: Mapped[bool] = mapped_column(default=False)
    #: One per rendered form: a repeated submit of the same form finds this version again
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)
    #: "link", "account" or "secretariat": how it was submitted
    submitted_via: Mapped[str] = mapped_column(String(20))
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: The snapshot as stored (Snapshot.to_dict()); read it through `snapshot`
    snapshot_data: Mapped[dict] = mapped_column("snapshot", JSON)

    response: Mapped[Response] = relationship(back_populates="versions")

    @property
    def snapshot(self) -> Snapshot:
        """What was submitted, typed; read once per loaded version (a version never changes)."""
        # Imported here: importing the app.responses package at model import time would be circular
        from app.snapshot import Snapshot

        cached = self.__dict__.get("_snapshot")
        if cached is None or cached[0] is not self.snapshot_data:
            cached = self.__dict__["_snapshot"] = (self.snapshot_data, Snapshot.from_dict(self.snapshot_data))
        return cached[1]

    @property
    def receipt_number(self) -> str:
        """The receipt's number, e.g. "HS-007-0042-2": round, response and version, so it never changes."""
        return f"HS-{self.response.consultation_id:03d}-{self.response_id:04d}-{self.number}"


class Attachment(Base):
    """A file attached to a response, typically the adopted resolution (.docx or .pdf)."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    response: Mapped[Response] = relationship(back_populates="attachments")
