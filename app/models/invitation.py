"""An invitation of one consultee to one round, reached through an unguessable link."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow

if TYPE_CHECKING:
    from app.models.consultation import Consultation
    from app.models.consultee import Consultee


class InvitationState(enum.Enum):
    NOT_SENT = "not_sent"
    SENT = "sent"
    OPENED = "opened"
    ANSWERED = "answered"

    @property
    def label(self) -> str:
        return {
            InvitationState.NOT_SENT: "Ikke sendt",
            InvitationState.SENT: "Sendt",
            InvitationState.OPENED: "Åpnet",
            InvitationState.ANSWERED: "Besvart",
        }[self]


class Invitation(Base):
    __tablename__ = "invitations"
    __table_args__ = (UniqueConstraint("consultation_id", "consultee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    consultee_id: Mapped[int] = mapped_column(ForeignKey("consultees.id"), index=True)
    #: SHA-256 of the link token; the token itself is only ever in the message sent
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    #: This consultee's own deadline, when it differs from the round's (UTC)
    deadline_override_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    #: First time the link was followed
    opened_at: Mapped[datetime | None]
    answered_at: Mapped[datetime | None]

    consultation: Mapped[Consultation] = relationship(back_populates="invitations")
    consultee: Mapped[Consultee] = relationship()

    @property
    def deadline_at(self) -> datetime:
        return self.deadline_override_at or self.consultation.deadline_at

    @property
    def state(self) -> InvitationState:
        if self.answered_at:
            return InvitationState.ANSWERED
        if self.opened_at:
            return InvitationState.OPENED
        if self.sent_at:
            return InvitationState.SENT
        return InvitationState.NOT_SENT

    def mark_opened(self, now: datetime) -> None:
        if self.opened_at is None:
            self.opened_at = now
