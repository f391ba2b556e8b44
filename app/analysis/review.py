"""The secretariat's corrections to the analysis. Each is kept by reruns and teaches the model."""
from __future__ import annotations

import hashlib
import json
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from app import audit
from app.errors import ValidationError
from app.extensions import db
from app.models import Assessment, CommentUnit, Consultation, FocusArea, Status, Theme, ThemeMerge, User
from app.positions import STANCES

#: The longest theme name (its column) and assessment text a theme takes
MAX_LABEL = 300
MAX_ASSESSMENT = 20_000


def _mark(unit: CommentUnit, user: User | None, now: datetime) -> None:
    """The comment's place is checked by a person: it counts as checked, teaches the analysis and is kept."""
    unit.is_confirmed = True
    _touch(unit, user, now)


def _touch(unit: CommentUnit, user: User | None, now: datetime) -> None:
    """A person changed the comment (its kind, its cut) without checking its place: kept by the next run
    as it is, still counted among those left to check, and no example for the analysis to learn from."""
    unit.corrected_by_id, unit.corrected_at = user.id if user else None, now


def confirm(unit: CommentUnit, user: User | None, now: datetime) -> None:
    """The analysis placed the comment right."""
    require_unpublished(unit.consultation_id)
    _mark(unit, user, now)
    _record("comment.confirm", unit, _place(unit), _place(unit), now)


def move(unit: CommentUnit, focus_area: FocusArea | None, user: User | None, now: datetime,
         theme: Theme | None = None) -> None:
    """Put the comment under another focus area (None: fits none), optionally into one of its themes."""
    require_unpublished(unit.consultation_id)
    if focus_area is not None and focus_area.consultation_id != unit.consultation_id:
        raise ValidationError(_("Satsingsområdet hører til en annen høring."))
    if theme is not None and (theme.consultation_id != unit.consultation_id or theme.focus_area_id != (focus_area.id if focus_area else None)):
        raise ValidationError(_("Temaet hører til et annet satsingsområde."))
    before = _place(unit)
    unit.focus_area_id = focus_area.id if focus_area else None
    unit.focus_area = focus_area
    unit.theme = theme
    if theme is not None:
        theme.is_kept = True
    _mark(unit, user, now)
    db.session.flush()  # the relationship is set; its column follows only at the flush
    _record("comment.move", unit, before, _place(unit), now)


def set_stance(unit: CommentUnit, stance: str, user: User | None, now: datetime) -> None:
    """Correct what kind of comment it is (supports, objects, proposes, neutral). It keeps its kind when the
    analysis runs again; its place is not checked by this (it stays among those left to check)."""
    require_unpublished(unit.consultation_id)
    if stance not in STANCES:
        raise ValidationError(_("Velg hva slags innspill det er."))
    before = {"stance": unit.stance}
    unit.stance = stance
    _touch(unit, user, now)
    _record("comment.stance", unit, before, {"stance": stance}, now)


def mark_not_relevant(unit: CommentUnit, user: User | None, now: datetime) -> None:
    """Leave the comment out of themes and the report (it stays in the response)."""
    require_unpublished(unit.consultation_id)
    unit.is_relevant, unit.theme = False, None
    _mark(unit, user, now)
    _record("comment.not_relevant", unit, {"is_relevant": True}, {"is_relevant": False}, now)


def _place(unit: CommentUnit) -> dict:
    """Where a comment stands, for the change log: by name, with the ids beside them."""
    return {"focus_area": unit.focus_area.title if unit.focus_area else None, "focus_area_id": unit.focus_area_id,
            "theme": unit.theme.label if unit.theme else None, "theme_id": unit.theme_id}


def _record(action: str, unit: CommentUnit, before: dict, after: dict, now: datetime) -> None:
    db.session.flush()
    text = " ".join(unit.text.split())
    audit.record(action, consultation=unit.consultation, target=f"«{text[:80]}{'…' if len(text) > 80 else ''}»",
                 before=before, after=after, now=now)


def split(unit: CommentUnit, at: int, user: User | None, now: datetime) -> CommentUnit:
    """Cut a unit in two at character `at` of its text; both parts keep its place and survive reruns."""
    require_unpublished(unit.consultation_id)
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
    _touch(unit, user, now)
    _touch(second, user, now)
    _record("comment.split", unit, {"text": unit.text + " " + second.text}, {"parts": 2}, now)
    return second


def rename_theme(theme: Theme, label: str, now: datetime) -> None:
    require_unpublished(theme.consultation_id)
    label = " ".join(label.split())
    if not label:
        raise ValidationError(_("Temaet må ha et navn."), "label")
    if len(label) > MAX_LABEL:
        raise ValidationError(_("Navnet på temaet kan ha høyst %(num)s tegn.", num=MAX_LABEL), "label")
    before = theme.label
    theme.label, theme.is_kept = label, True
    db.session.flush()
    audit.record("theme.rename", consultation=_consultation(theme), target=label, before={"label": before},
                 after={"label": theme.label}, now=now)


def merge_themes(source: Theme, target: Theme, user: User | None, now: datetime) -> ThemeMerge:
    """Move every comment of `source` into `target` and remove `source`; kept so that it can be undone.

    An assessment is not lost: a target without one takes the source's (status, text and who made it)."""
    require_unpublished(target.consultation_id)
    if source.id == target.id or source.consultation_id != target.consultation_id:
        raise ValidationError(_("Velg et annet tema å slå sammen med."))
    before = {"source": _theme_state(source), "target": _theme_state(target),
              "comments": [{"id": c.id, "focus_area_id": c.focus_area_id, "is_confirmed": c.is_confirmed}
                           for c in source.comments]}
    for comment in list(source.comments):
        # Into another focus area is a move a person made; within the same one, the place is not checked by it
        if comment.focus_area_id != target.focus_area_id:
            _mark(comment, user, now)
        comment.theme, comment.focus_area_id = target, target.focus_area_id
    target.is_kept = True
    if target.assessment is None and source.assessment is not None:
        target.assessment, target.assessment_text = source.assessment, source.assessment_text
        target.assessed_by_id, target.assessed_at = source.assessed_by_id, source.assessed_at
    target.key_phrases = list(dict.fromkeys([*target.key_phrases, *source.key_phrases]))[:8]
    target.summary = [*target.summary, *source.summary][:3]
    audit.record("theme.merge", consultation=_consultation(target), target=target.label,
                 before={"merged": source.label}, after={"into": target.label}, now=now)
    db.session.delete(source)
    db.session.flush()
    merge = ThemeMerge(consultation_id=target.consultation_id, target_id=target.id, source_id=before["source"]["id"],
                       before=before, after=_fingerprint(target), merged_by_id=user.id if user else None,
                       merged_at=now)
    db.session.add(merge)
    db.session.flush()
    return merge


def undoable_merges(consultation_id: int) -> dict[int, ThemeMerge]:
    """Per merged theme's id, the merge into it that can still be undone (at most one: a later change ends it)."""
    merges = db.session.scalars(select(ThemeMerge).where(ThemeMerge.consultation_id == consultation_id)
                                .order_by(ThemeMerge.id.desc()))
    found = {}
    for merge in merges:
        target = db.session.get(Theme, merge.target_id)
        if merge.target_id not in found and target is not None and _fingerprint(target) == merge.after:
            found[merge.target_id] = merge
    return found


def undo_merge(merge: ThemeMerge, now: datetime) -> Theme:
    """Give both themes back exactly as they were: names, assessments, comments and their flags."""
    require_unpublished(merge.consultation_id)
    target = db.session.get(Theme, merge.target_id)
    if target is None or _fingerprint(target) != merge.after or db.session.get(Theme, merge.source_id) is not None:
        raise ValidationError(_("Sammenslåingen kan ikke angres lenger: temaet er endret siden."))
    source = Theme(**_theme_columns(merge.before["source"]))
    db.session.add(source)
    for key, value in _theme_columns(merge.before["target"]).items():
        setattr(target, key, value)
    db.session.flush()
    for state in merge.before["comments"]:
        comment = db.session.get(CommentUnit, state["id"])
        if comment is not None:
            comment.theme_id, comment.focus_area_id = source.id, state["focus_area_id"]
            comment.is_confirmed = state["is_confirmed"]
    audit.record("theme.merge_undone", consultation=_consultation(target), target=source.label,
                 before={"into": target.label}, after={"restored": source.label}, now=now)
    db.session.delete(merge)
    db.session.flush()
    return source


STATE_COLUMNS = ("id", "consultation_id", "focus_area_id", "label", "key_phrases", "summary", "position", "is_kept",
                 "assessment_text", "assessed_by_id")


def _theme_state(theme: Theme) -> dict:
    state = {key: getattr(theme, key) for key in STATE_COLUMNS}
    state["assessment"] = theme.assessment.value if theme.assessment else None
    state["assessed_at"] = theme.assessed_at.isoformat() if theme.assessed_at else None
    state["created_at"] = theme.created_at.isoformat() if theme.created_at else None
    return state


def _theme_columns(state: dict) -> dict:
    columns = {key: state[key] for key in STATE_COLUMNS}
    columns["assessment"] = Assessment(state["assessment"]) if state["assessment"] else None
    for key in ("assessed_at", "created_at"):
        columns[key] = datetime.fromisoformat(state[key]) if state[key] else None
    return columns


def _fingerprint(theme: Theme) -> str:
    """What a person can change about a theme: undo is offered only while it stays the same."""
    members = sorted(db.session.scalars(select(CommentUnit.id).where(CommentUnit.theme_id == theme.id)))
    state = [theme.label, theme.focus_area_id, theme.assessment.value if theme.assessment else None,
             theme.assessment_text, members]
    return hashlib.sha256(json.dumps(state).encode()).hexdigest()


def assess(theme: Theme, assessment: Assessment | None, text: str, user: User | None, now: datetime) -> None:
    """The secretariat's assessment of a theme: a status and a text. Assessed themes survive reruns.

    A text longer than MAX_ASSESSMENT is refused, never cut (the page's field holds no more)."""
    require_unpublished(theme.consultation_id)
    if len(text.replace("\r\n", "\n").strip()) > MAX_ASSESSMENT:  # as the browser's maxlength counts
        raise ValidationError(_("Begrunnelsen kan ha høyst %(num)s tegn.", num=MAX_ASSESSMENT), "text")
    before = {"assessment": theme.assessment.value if theme.assessment else None, "text": theme.assessment_text}
    theme.assessment, theme.assessment_text = assessment, text.strip()
    theme.assessed_by_id, theme.assessed_at, theme.is_kept = user.id if user else None, now, True
    db.session.flush()
    audit.record("theme.assess", consultation=_consultation(theme), target=theme.label, before=before,
                 after={"assessment": assessment.value if assessment else None, "text": theme.assessment_text},
                 now=now)


def require_unpublished(consultation_id: int) -> None:
    """Refuse a change once the round is published: the public summary is a record, made of these themes,
    comments and assessments, and must stay as it was published."""
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is not None and consultation.status is Status.PUBLISHED:
        raise ValidationError(_("Høringen er publisert. Oppsummeringen som er offentlig, kan ikke endres."))


def _consultation(theme: Theme):
    from app.models import Consultation

    return db.session.get(Consultation, theme.consultation_id)


#: A comment nobody has checked yet: not confirmed, moved or set aside by a person
UNCHECKED = (CommentUnit.is_confirmed.is_(False), CommentUnit.is_relevant.is_(True))


def left_to_check(consultation) -> int:
    """How many of the round's comments no person has checked yet."""
    return db.session.scalar(select(func.count()).select_from(CommentUnit)
                             .where(CommentUnit.consultation_id == consultation.id, *UNCHECKED)) or 0
