"""A consultee's request for more time (utsatt frist), and the secretariat's answer."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.errors import ValidationError
from app.models.base import Base, enum_type, utcnow

if TYPE_CHECKING:
    from app.models.invitation import Invitation


class ExtensionStatus(enum.Enum):
    PENDING = "pending"
    GRANTED = "granted"
    DECLINED = "declined"


class ExtensionRequest(Base):
    __tablename__ = "extension_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitations.id"), index=True)
    #: The deadline asked for (UTC)
    requested_until: Mapped[datetime]
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[ExtensionStatus] = mapped_column(enum_type(ExtensionStatus), default=ExtensionStatus.PENDING)
    #: The secretariat's note to the consultee
    answer: Mapped[str] = mapped_column(Text, default="")
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    invitation: Mapped[Invitation] = relationship(back_populates="extension_requests")

    def decide(self, *, granted: bool, answer: str, by_id: int | None, now: datetime) -> None:
        if self.status is not ExtensionStatus.PENDING:
            raise ValidationError(_("Søknaden er allerede behandlet."))
        self.status = ExtensionStatus.GRANTED if granted else ExtensionStatus.DECLINED
        self.answer, self.decided_by_id, self.decided_at = answer.strip(), by_id, now
