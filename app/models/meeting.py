"""Dialogue meetings (dialogmøter) the secretariat records, with minutes under each question."""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow

if TYPE_CHECKING:
    from app.models.consultation import Consultation
    from app.models.consultee import Consultee


class Meeting(Base):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    #: The consultee met; None for a meeting with all of them (e.g. Representantskapet)
    consultee_id: Mapped[int | None] = mapped_column(ForeignKey("consultees.id"))
    held_on: Mapped[date]
    #: The body met, e.g. "Formannskapet", "Kommunestyret", "Representantskapet"
    arena: Mapped[str] = mapped_column(String(200))
    #: Where it was held, e.g. "Rjukan, rådhuset" ("" when not recorded)
    place: Mapped[str] = mapped_column(String(200), default="", server_default="")
    #: e.g. "Arbeidsmøte ca. 3 timer"
    description: Mapped[str] = mapped_column(String(500), default="")
    #: Who took part, as the minutes name them
    attendees: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: Bumped by every save; a save that names an older number was made from a stale page
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    consultation: Mapped[Consultation] = relationship(back_populates="meetings")
    consultee: Mapped[Consultee | None] = relationship()
    notes: Mapped[list[MeetingNote]] = relationship(back_populates="meeting", cascade="all, delete-orphan")

    @property
    def joint_name(self) -> str:
        """Who spoke at a meeting with all consultees, wherever its notes are quoted or listed:
        «Representantskapet (alle)» (the same words in bokmål and nynorsk)."""
        return f"{self.arena} (alle)"

    @property
    def attendee_list(self) -> str:
        """Who took part on one line: names typed one per line are kept apart ("Kari Nordmann, Ola Hansen")."""
        return ", ".join(" ".join(line.split()) for line in (self.attendees or "").splitlines() if line.strip())

    # Optimistic locking: every UPDATE checks and bumps `version`, so two people editing the minutes
    # at once cannot silently overwrite each other.
    __mapper_args__ = {"version_id_col": version}

    def note_for(self, question_id: int) -> str:
        return next((n.text for n in self.notes if n.question_id == question_id), "")


class MeetingNote(Base):
    """What was said under one question."""

    __tablename__ = "meeting_notes"
    __table_args__ = (UniqueConstraint("meeting_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"))
    text: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[Meeting] = relationship(back_populates="notes")
