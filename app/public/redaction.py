"""Withholding passages before publication, and applying them to everything the public sees."""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from app import audit
from app.errors import ValidationError
from app.extensions import db
from app.models import Attachment, Consultation, Redaction, Response, Status, User

MARK = "[Unntatt offentlighet: {}]"


def add_passage(response: Response, passage: str, reason: str, user: User | None, now: datetime) -> Redaction:
    """Withhold these exact words wherever they appear in the response's submitted versions."""
    passage, reason = passage.strip(), " ".join(reason.split())
    _require_unpublished(response.consultation)
    if len(passage) < 2:
        raise ValidationError(_("Skriv eller lim inn ordene som skal unntas."), "passage")
    if not reason:
        raise ValidationError(_("Oppgi hvorfor teksten unntas, for eksempel «Personopplysninger»."), "reason")
    if not any(passage in _texts(v.snapshot) for v in response.versions):
        raise ValidationError(_("Fant ikke den teksten i svaret. Kopier den nøyaktig slik den står."), "passage")
    return _add(response, reason, user, now, passage=passage)


def withhold_attachment(response: Response, attachment: Attachment, reason: str, user: User | None,
                        now: datetime) -> Redaction:
    _require_unpublished(response.consultation)
    if attachment.response_id != response.id:
        raise ValidationError(_("Vedlegget hører til et annet svar."))
    if not reason.strip():
        raise ValidationError(_("Oppgi hvorfor vedlegget unntas."), "reason")
    return _add(response, " ".join(reason.split()), user, now, attachment_id=attachment.id)


def remove(redaction: Redaction, now: datetime) -> None:
    consultation = db.session.get(Consultation, redaction.consultation_id)
    _require_unpublished(consultation)
    audit.record("redaction.remove", consultation=consultation, target=redaction.reason,
                 before={"passage": bool(redaction.passage), "attachment_id": redaction.attachment_id}, now=now)
    db.session.delete(redaction)
    db.session.flush()


def for_round(consultation: Consultation) -> list[Redaction]:
    return list(db.session.scalars(select(Redaction).where(Redaction.consultation_id == consultation.id)
                                   .order_by(Redaction.id)))


def public_text(consultation: Consultation) -> Callable[[str], str]:
    """A function that replaces every withheld passage of the round in any text the public sees."""
    passages = sorted(((r.passage, r.reason) for r in for_round(consultation) if r.passage),
                      key=lambda item: -len(item[0]))
    if not passages:
        return lambda text: text
    pattern = re.compile("|".join(re.escape(p) for p, _ in passages))
    reasons = dict(passages)
    return lambda text: pattern.sub(lambda m: MARK.format(reasons[m.group(0)]), text or "")


def withheld_attachment_ids(consultation: Consultation) -> set[int]:
    return {r.attachment_id for r in for_round(consultation) if r.attachment_id}


def _add(response: Response, reason: str, user: User | None, now: datetime, **what) -> Redaction:
    redaction = Redaction(consultation_id=response.consultation_id, response_id=response.id, reason=reason,
                          created_by_id=user.id if user else None, created_at=now, **what)
    db.session.add(redaction)
    db.session.flush()
    audit.record("redaction.add", consultation=response.consultation, target=response.consultee.name,
                 after={"reason": reason, "attachment_id": what.get("attachment_id")}, now=now)
    return redaction


def _require_unpublished(consultation: Consultation) -> None:
    if consultation.status is Status.PUBLISHED:
        raise ValidationError(_("Høringen er publisert. Unntak må gjøres før publisering."))


def _texts(snapshot: dict) -> str:
    return "\n".join(a.get("text") or "" for a in snapshot.get("answers", ()))
