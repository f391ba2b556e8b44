"""Running a round's analysis: the only adapter between the app's rows and the nlp package.

A rerun keeps every human correction: units a person confirmed, moved, or marked not relevant,
and themes a person renamed or merged, survive as they are (their text is found again in an
amended answer, or they go with it); everything else is analysed afresh.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import delete, select

from app import runs
from app.analysis.sources import Source, collect, position_label
from app.consultees.names import document_name
from app.extensions import db
from app.models import AnalysisRun, CommentUnit, Consultation, Theme, ThemeMerge
from nlp.types import LEXICAL, OTHER, Answer, Comment, Example, FocusArea, Question

Progress = runs.Progress


def with_results(consultations: list[Consultation]) -> set[int]:
    """The ids of those rounds whose analysis has found themes: the council lands on their overview."""
    ids = [c.id for c in consultations]
    return set(db.session.scalars(select(Theme.consultation_id).where(Theme.consultation_id.in_(ids)).distinct()))


def execute(run: AnalysisRun, progress: Progress) -> dict:
    """Do the run: collect, analyse, keep corrections, store; the figures go on the run. Raises on failure."""
    consultation = db.session.get(Consultation, run.consultation_id)
    progress(5, "collecting")
    sources = collect(consultation)
    progress(15, "analysing")
    result = analyse(consultation, sources, lambda share: progress(15 + round(65 * share), "analysing"))
    progress(85, "saving")
    run.summary = store(consultation, sources, result)
    return run.summary


@dataclass
class Result:
    """What nlp found, before it is merged with what people corrected."""

    units: list
    themes: list
    summaries: dict
    kept: list[CommentUnit]
    #: nlp's ``Analysis.method``: whether the sentence encoder took part (and Apertium).
    method: str = LEXICAL


def analyse(consultation: Consultation, sources: list[Source],
            progress: Callable[[float], None] | None = None) -> Result:
    """What nlp finds in the round's texts, grouped with the units people corrected (kept)."""
    # spaCy and scikit-learn load here, in the worker, not when a web process starts.
    from nlp import analysis as nlp_analysis

    language = consultation.language.value
    kept = _kept_units(consultation, {s.key: s for s in sources})
    decided: dict[str, list[tuple[int, int]]] = {}
    for unit in kept:
        decided.setdefault(unit.source_key, []).append((unit.start, unit.end))
    answers = [Answer(s.key, s.text, s.consultee, str(s.focus_area_id) if s.focus_area_id else None,
                      position_label(s.position, language), _key(s.question_id), tuple(decided.get(s.key, ())))
               for s in sources]
    found = nlp_analysis.analyse(
        answers, _focus_areas(consultation), lang=language, progress=progress,
        examples=[Example(u.text, _label(u.focus_area_id)) for u in kept if u.is_confirmed],
        names=sorted({s.consultee for s in sources} | {consultation.region.name}),
        kept=[_comment(u, language) for u in kept if u.is_relevant and not (u.theme and u.theme.is_kept)],
        questions=[Question(str(q.id), q.text) for q in consultation.questions])
    return Result(list(found.units), list(found.themes), found.summaries, kept, found.method)


def _focus_areas(consultation: Consultation) -> list[FocusArea]:
    return [FocusArea(str(a.id), a.title, a.description, tuple(k.strip() for k in a.keywords.split(",") if k.strip()))
            for a in consultation.focus_areas]


def _comment(unit: CommentUnit, language: str) -> Comment:
    """A kept unit as nlp groups it: its focus area fixed, its question where no focus area asked it."""
    question = _key(unit.question_id) if unit.asked_focus_area_id is None else None
    return Comment(f"kept:{unit.id}", unit.text, _name(unit, language), _label(unit.focus_area_id), None, question)


def _label(focus_area_id: int | None) -> str:
    return str(focus_area_id) if focus_area_id else OTHER


def _key(question_id: int | None) -> str | None:
    return str(question_id) if question_id is not None else None


def _finite(value: float) -> float | None:
    return None if math.isnan(value) else round(float(value), 4)


def _name(unit: CommentUnit, language: str) -> str:
    return document_name(unit.consultee, language) if unit.consultee else ""


def _kept_units(consultation: Consultation, sources: dict[str, Source]) -> list[CommentUnit]:
    """Units a person touched whose text is still there (found again if the answer was amended)."""
    kept = []
    for unit in db.session.scalars(select(CommentUnit).where(CommentUnit.consultation_id == consultation.id)):
        touched = (unit.is_confirmed or unit.corrected_at is not None or not unit.is_relevant
                   or (unit.theme is not None and unit.theme.is_kept))
        source = sources.get(unit.source_key)
        if not touched or source is None:
            continue
        if source.hash != unit.source_hash:
            at = source.text.find(unit.text)
            if at < 0:
                continue
            unit.start, unit.end, unit.source_hash = at, at + len(unit.text), source.hash
        kept.append(unit)
    return kept


def store(consultation: Consultation, sources: list[Source], result: Result) -> dict:
    """Replace the analysis' own units and themes; keep the corrected ones. One transaction."""
    by_key = {s.key: s for s in sources}
    kept_ids = {u.id for u in result.kept}
    old = select(CommentUnit.id).where(CommentUnit.consultation_id == consultation.id)
    db.session.execute(delete(CommentUnit).where(CommentUnit.id.in_(old), CommentUnit.id.not_in(kept_ids or {-1}))
                       .execution_options(synchronize_session=False))
    kept_theme_ids = {u.theme_id for u in result.kept if u.theme is not None and u.theme.is_kept}
    kept_theme_ids |= set(db.session.scalars(select(Theme.id).where(Theme.consultation_id == consultation.id,
                                                                      Theme.is_kept.is_(True))))
    # A kept unit (confirmed, moved) leaves a theme that goes before the theme is deleted: the database
    # refuses to delete a theme a unit still points to; the unit is grouped again below
    for unit in result.kept:
        if unit.theme_id not in kept_theme_ids:
            unit.theme = None
    db.session.flush()
    # A merge can be undone only until the next run: the themes it would restore may be gone
    db.session.execute(delete(ThemeMerge).where(ThemeMerge.consultation_id == consultation.id)
                       .execution_options(synchronize_session=False))
    db.session.execute(delete(Theme).where(Theme.consultation_id == consultation.id, Theme.id.not_in(kept_theme_ids or {-1}))
                       .execution_options(synchronize_session=False))
    units = {}
    for found in result.units:
        source = by_key[found.answer_id]
        label = found.assignment.label
        units[found.id] = CommentUnit(
            consultation_id=consultation.id, source_key=source.key, source_hash=source.hash,
            response_id=source.response_id, meeting_id=source.meeting_id, question_id=source.question_id,
            asked_focus_area_id=source.focus_area_id, consultee_id=source.consultee_id, position=source.position,
            text=found.unit.text, start=found.unit.start, end=found.unit.end,
            focus_area_id=int(label) if label not in (OTHER, "", None) else None,
            also_about=[int(k) for k in found.assignment.labels[1:] if k not in (OTHER, "")],
            score=float(found.assignment.score), stance=found.stance.stance,
            confidence=_finite(found.assignment.confidence))
    db.session.add_all(units.values())
    kept_by_id = {f"kept:{u.id}": u for u in result.kept}
    for position, theme in enumerate(result.themes):
        row = Theme(consultation_id=consultation.id, position=position, label=theme.label,
                    focus_area_id=int(theme.focus_area) if theme.focus_area not in (OTHER, "other") else None,
                    key_phrases=list(theme.key_phrases),
                    summary=[{"comment_id": q.comment_id, "consultee": q.consultee, "text": q.text}
                             for q in result.summaries.get(theme.id, ())])
        db.session.add(row)
        for comment_id in theme.comment_ids:
            member = units.get(comment_id) or kept_by_id.get(comment_id)
            if member is not None:
                member.theme = row
    db.session.flush()
    return {"sources": len(sources), "comments": len(units) + len(result.kept), "kept_corrections": len(result.kept),
            "themes": len(result.themes) + len(kept_theme_ids), "method": result.method}
