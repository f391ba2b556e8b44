"""The secretariat's corrections to the analysis. Each is kept by reruns and teaches the model."""
from __future__ import annotations

from datetime import datetime

from app import audit
from app.errors import ValidationError
from app.extensions import db
from app.models import CommentUnit, FocusArea, Theme, User


def _mark(unit: CommentUnit, user: User | None, now: datetime) -> None:
    unit.is_confirmed, unit.corrected_by_id, unit.corrected_at = True, user.id if user else None, now


def confirm(unit: CommentUnit, user: User | None, now: datetime) -> None:
    """The analysis placed the comment right."""
    _mark(unit, user, now)
    _record("comment.confirm", unit, {"focus_area_id": unit.focus_area_id}, {"focus_area_id": unit.focus_area_id}, now)


def move(unit: CommentUnit, focus_area: FocusArea | None, user: User | None, now: datetime,
         theme: Theme | None = None) -> None:
    """Put the comment under another focus area (None: fits none), optionally into one of its themes."""
    if focus_area is not None and focus_area.consultation_id != unit.consultation_id:
        raise ValidationError("Satsingsområdet hører til en annen høring.")
    if theme is not None and (theme.consultation_id != unit.consultation_id or theme.focus_area_id != (focus_area.id if focus_area else None)):
        raise ValidationError("Temaet hører til et annet satsingsområde.")
    before = {"focus_area_id": unit.focus_area_id, "theme_id": unit.theme_id}
    unit.focus_area_id = focus_area.id if focus_area else None
    unit.theme = theme
    if theme is not None:
        theme.is_kept = True
    _mark(unit, user, now)
    _record("comment.move", unit, before, {"focus_area_id": unit.focus_area_id, "theme_id": unit.theme_id}, now)


def mark_not_relevant(unit: CommentUnit, user: User | None, now: datetime) -> None:
    """Leave the comment out of themes and the report (it stays in the response)."""
    unit.is_relevant, unit.theme = False, None
    _mark(unit, user, now)
    _record("comment.not_relevant", unit, {"is_relevant": True}, {"is_relevant": False}, now)


def _record(action: str, unit: CommentUnit, before: dict, after: dict, now: datetime) -> None:
    db.session.flush()
    audit.record(action, consultation=unit.consultation,
                 target=f"Innspill {unit.id}", before=before, after=after, now=now)
