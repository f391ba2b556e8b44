"""An invitation of one consultee to one round, reached through an unguessable link."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow

if TYPE_CHECKING:
    from app.models.consultation import Consultation
    from app.models.consultee import Consultee
    from app.models.extension import ExtensionRequest
    from app.models.reminder import Reminder


class InvitationState(enum.Enum):
    NOT_SENT = "not_sent"
    SENT = "sent"
    OPENED = "opened"
    ANSWERED = "answered"

    @property
    def label(self) -> str:
        return {
            InvitationState.NOT_SENT: _l("Ikke sendt"),
            InvitationState.SENT: _l("Sendt"),
            InvitationState.OPENED: _l("Åpnet"),
            InvitationState.ANSWERED: _l("Besvart"),
        }[self]


class Invitation(Base):
    __tablename__ = "invitations"
    __table_args__ = (UniqueConstraint("consultation_id", "consultee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    consultee_id: Mapped[int] = mapped_column(ForeignKey("consultees.id"), index=True)
    #: SHA-256 of the link token; the token itself is only ever in the message sent
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    #: SHA-256 of a link mailed to a person who signed up again (app.publication.signup): it takes
    #: token_hash's place when it is first opened, and until then the link before it works too
    next_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    #: This consultee's own deadline, when it differs from the round's (UTC)
    deadline_override_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    #: First time the link was followed
    opened_at: Mapped[datetime | None]
    answered_at: Mapped[datetime | None]
    #: The last time a public respondent asked for its link again (app.publication.signup: one re-send a while)
    link_resent_at: Mapped[datetime | None]

    consultation: Mapped[Consultation] = relationship(back_populates="invitations")
    consultee: Mapped[Consultee] = relationship()
    extension_requests: Mapped[list[ExtensionRequest]] = relationship(
        back_populates="invitation", order_by="ExtensionRequest.requested_at", cascade="all, delete-orphan"
    )
    reminders: Mapped[list[Reminder]] = relationship(
        back_populates="invitation", order_by="Reminder.sent_at", cascade="all, delete-orphan"
    )

    @property
    def language(self) -> str:
        """The language this consultee's mails and link pages speak: a public respondent's own, else the round's."""
        return self.consultee.language or self.consultation.language.value

    @property
    def deadline_at(self) -> datetime:
        """This consultee's deadline: its own or the round's, moved by a granted extension."""
        from app.models.extension import ExtensionStatus

        deadline = self.deadline_override_at or self.consultation.deadline_at
        granted = [r.requested_until for r in self.extension_requests if r.status is ExtensionStatus.GRANTED]
        return max([deadline, *granted])

    @property
    def pending_extension(self):
        from app.models.extension import ExtensionStatus

        return next((r for r in self.extension_requests if r.status is ExtensionStatus.PENDING), None)

    @property
    def state(self) -> InvitationState:
        if self.answered_at:
            return InvitationState.ANSWERED
        if self.opened_at:
            return InvitationState.OPENED
        if self.sent_at:
            return InvitationState.SENT
        return InvitationState.NOT_SENT

    def is_reminded_of(self, deadline: datetime) -> bool:
        """Whether a reminder about this deadline has been sent."""
        return any(r.deadline_at == deadline for r in self.reminders)

    def mark_opened(self, now: datetime) -> None:
        """Record the first visit of the consultee's page; before the invitation is sent (a round
        opened ahead of its date, seen through a consultee account) it was not opened from it."""
        if self.opened_at is None and self.sent_at is not None:
            self.opened_at = now
