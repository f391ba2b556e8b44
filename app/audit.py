"""Recording state changes in the append-only audit trail."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import g, has_request_context
from flask_babel import force_locale
from flask_login import current_user
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Consultation
from app.models.base import utcnow


def record(action: str, *, consultation: Consultation | None = None, target: str = "",
           before: dict | None = None, after: dict | None = None, now: datetime | None = None) -> AuditEvent:
    """Add one event; the actor is the signed-in user, the consultee behind a link, or the system."""
    user_id, actor = current_actor()
    item = AuditEvent(at=now or utcnow(), user_id=user_id, actor=actor[:300],
                      consultation_id=consultation.id if consultation is not None else None,
                      action=action, target=target[:300], before=before, after=after)
    db.session.add(item)
    return item


def record_once_per(window: timedelta, action: str, *, consultation: Consultation, target: str,
                    now: datetime, after: dict | None = None) -> None:
    """Like record, but at most once per window for the same action, target and actor (autosave)."""
    _, actor = current_actor()
    latest = db.session.scalar(
        select(AuditEvent.at).where(AuditEvent.consultation_id == consultation.id, AuditEvent.action == action,
                                    AuditEvent.target == target[:300], AuditEvent.actor == actor[:300])
        .order_by(AuditEvent.at.desc()).limit(1))
    if latest is None or now - latest >= window:
        record(action, consultation=consultation, target=target, after=after, now=now)


def current_actor() -> tuple[int | None, str]:
    """(user id, words) for whoever is acting in this request."""
    if not has_request_context():
        return None, "System"
    if current_user.is_authenticated:
        with force_locale("nb"):  # the trail is stored once, in bokmål, whatever the actor reads
            return current_user.id, f"{current_user.name} ({str(current_user.role.label).lower()})"
    link_actor = g.get("link_actor")
    if link_actor:
        return None, f"{link_actor} (via invitasjonslenken)"
    return None, "Anonym"


def events_for(consultation: Consultation) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.consultation_id == consultation.id)
                                   .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())))
