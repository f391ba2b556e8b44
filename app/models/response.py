"""A consultee's response to a round (høringssvar)."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, enum_type, utcnow

if TYPE_CHECKING:
    from app.models.consultation import Consultation
    from app.models.consultee import Consultee


class ResponseStatus(enum.Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class Response(Base):
    __tablename__ = "responses"
    __table_args__ = (UniqueConstraint("consultation_id", "consultee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    consultee_id: Mapped[int] = mapped_column(ForeignKey("consultees.id"), index=True)
    status: Mapped[ResponseStatus] = mapped_column(
        enum_type(ResponseStatus), default=ResponseStatus.DRAFT
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None]

    consultation: Mapped[Consultation] = relationship(back_populates="responses")
    consultee: Mapped[Consultee] = relationship()
