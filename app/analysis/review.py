"""The secretariat's corrections to the analysis. Each is kept by reruns and teaches the model."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from app import audit
from app.errors import ValidationError
from app.extensions import db
from app.models import Assessment, CommentUnit, FocusArea, Theme, User


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
        raise ValidationError(_("Satsingsområdet hører til en annen høring."))
    if theme is not None and (theme.consultation_id != unit.consultation_id or theme.focus_area_id != (focus_area.id if focus_area else None)):
        raise ValidationError(_("Temaet hører til et annet satsingsområde."))
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


def split(unit: CommentUnit, at: int, user: User | None, now: datetime) -> CommentUnit:
    """Cut a unit in two at character `at` of its text; both parts keep its place and survive reruns."""
    cut = len(unit.text[:at].rstrip())
    rest_start = at + (len(unit.text[at:]) - len(unit.text[at:].lstrip()))
    if cut <= 0 or rest_start >= len(unit.text):
        raise ValidationError(_("Velg et delingspunkt inne i teksten."))
    second = CommentUnit(
        consultation_id=unit.consultation_id, source_key=unit.source_key, source_hash=unit.source_hash,
        response_id=unit.response_id, meeting_id=unit.meeting_id, question_id=unit.question_id,
        asked_focus_area_id=unit.asked_focus_area_id, consultee_id=unit.consultee_id, position=unit.position,
        text=unit.text[rest_start:], start=unit.start + rest_start, end=unit.end, focus_area_id=unit.focus_area_id,
        score=unit.score, stance=unit.stance, theme_id=unit.theme_id, is_relevant=unit.is_relevant)
    unit.text, unit.end = unit.text[:cut], unit.start + cut
    db.session.add(second)
    _mark(unit, user, now)
    _mark(second, user, now)
    _record("comment.split", unit, {"text": unit.text + " " + second.text}, {"parts": 2}, now)
    return second


def rename_theme(theme: Theme, label: str, now: datetime) -> None:
    label = " ".join(label.split())
    if not label:
        raise ValidationError(_("Temaet må ha et navn."), "label")
    before = theme.label
    theme.label, theme.is_kept = label[:300], True
    db.session.flush()
    audit.record("theme.rename", consultation=_consultation(theme), target=label, before={"label": before},
                 after={"label": theme.label}, now=now)


def merge_themes(source: Theme, target: Theme, now: datetime) -> None:
    """Move every comment of `source` into `target` and remove `source`."""
    if source.id == target.id or source.consultation_id != target.consultation_id:
        raise ValidationError(_("Velg et annet tema å slå sammen med."))
    for comment in list(source.comments):
        comment.theme, comment.is_confirmed = target, True
        comment.focus_area_id = target.focus_area_id
    target.is_kept = True
    target.key_phrases = list(dict.fromkeys([*target.key_phrases, *source.key_phrases]))[:8]
    target.summary = [*target.summary, *source.summary][:3]
    audit.record("theme.merge", consultation=_consultation(target), target=target.label,
                 before={"merged": source.label}, after={"into": target.label}, now=now)
    db.session.delete(source)
    db.session.flush()


def assess(theme: Theme, assessment: Assessment | None, text: str, user: User | None, now: datetime) -> None:
    """The secretariat's assessment of a theme: a status and a text. Assessed themes survive reruns."""
    before = {"assessment": theme.assessment.value if theme.assessment else None, "text": theme.assessment_text}
    theme.assessment, theme.assessment_text = assessment, text.strip()
    theme.assessed_by_id, theme.assessed_at, theme.is_kept = user.id if user else None, now, True
    db.session.flush()
    audit.record("theme.assess", consultation=_consultation(theme), target=theme.label, before=before,
                 after={"assessment": assessment.value if assessment else None, "text": theme.assessment_text},
                 now=now)


def _consultation(theme: Theme):
    from app.models import Consultation

    return db.session.get(Consultation, theme.consultation_id)
