"""A reminder sent to a consultee before its deadline, so the next run does not send it again."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow

if TYPE_CHECKING:
    from app.models.invitation import Invitation


class Reminder(Base):
    __tablename__ = "reminders"
    # One reminder per deadline: a later deadline (an extension) makes the consultee due again.
    __table_args__ = (UniqueConstraint("invitation_id", "deadline_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitations.id"), index=True)
    #: The consultee's deadline the reminder was about (UTC)
    deadline_at: Mapped[datetime]
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: The address it was sent to
    sent_to: Mapped[str] = mapped_column(String(254))

    invitation: Mapped[Invitation] = relationship(back_populates="reminders")
