"""The audit trail: every state change, who made it, when, and the values before and after."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, event
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow


class AuditEvent(Base):
    """One recorded change. Append-only: the ORM refuses to update or delete a row."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: Who, in words: a user's name and role, or the consultee that used its link
    actor: Mapped[str] = mapped_column(String(300))
    consultation_id: Mapped[int | None] = mapped_column(ForeignKey("consultations.id"), index=True)
    #: What happened, e.g. "consultation.open", "response.submit"
    action: Mapped[str] = mapped_column(String(60))
    #: What it happened to, e.g. "Tinn kommune" or "Strategi … 2030"
    target: Mapped[str] = mapped_column(String(300), default="")
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)


class AuditTrailError(RuntimeError):
    """Raised when code tries to change or remove a recorded event."""


@event.listens_for(AuditEvent, "before_update")
def _refuse_update(mapper, connection, target) -> None:
    raise AuditTrailError("audit events are append-only")


@event.listens_for(AuditEvent, "before_delete")
def _refuse_delete(mapper, connection, target) -> None:
    raise AuditTrailError("audit events are append-only")
