"""Collects a round's ReportData from the database (the writers never see a row)."""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import force_locale
from sqlalchemy import select

from app.analysis import overview as overview_service
from app.consultees.names import document_name
from app.extensions import db
from app.models import CommentUnit, Consultation, ResponseStatus, Theme
from app.reports.data import (
    AreaReport,
    CommentRow,
    Minutes,
    OverviewRow,
    ReportData,
    ThemeReport,
)
from app.responses.snapshot import ADOPTED_BY_LABELS, POSITION_LABELS
from app.timeutil import format_long_date, to_local

STANCE_LABELS = {"supports": "Støtter", "objects": "Innvender", "proposes": "Foreslår", "neutral": "Nøytral"}
WORDS = {
    "nb": {"response": "Høringssvar fra {}", "minutes": "Referat {} i {}", "minutes_all": "Referat {}",
           "adopted": "Vedtak", "answer": "Høringssvar", "late": " (etter fristen)", "case": "sak", "all": "Alle",
           "public_response": "Innspill fra {}", "public": "Innspill i åpen høring"},
    "nn": {"response": "Høyringssvar frå {}", "minutes": "Referat {} i {}", "minutes_all": "Referat {}",
           "adopted": "Vedtak", "answer": "Høyringssvar", "late": " (etter fristen)", "case": "sak", "all": "Alle",
           "public_response": "Innspel frå {}", "public": "Innspel i open høyring"},
}
POLITICAL = ("formannskap", "kommunestyre")


def collect(consultation: Consultation, today: date) -> ReportData:
    """Everything the report shows, as plain data, unredacted (the public's copy: `public.services`).

    Labels are taken in bokmål whatever the reader's language; the writers put them in the round's language.
    """
    with force_locale("nb"):
        return _collect(consultation, today)


def _collect(consultation: Consultation, today: date) -> ReportData:
    language = consultation.language.value
    view = overview_service.build(consultation, name=lambda consultee: document_name(consultee, language))
    responses = [r for r in sorted(consultation.responses, key=lambda r: r.consultee.name)
                 if r.status is ResponseStatus.SUBMITTED and r.latest_version is not None]
    return ReportData(
        language=language, region=consultation.region.name, title=consultation.title,
        draft_name=(consultation.current_draft.filename or consultation.title) if consultation.current_draft else consultation.title,
        period_start=to_local(consultation.opens_at).date(), period_end=to_local(consultation.deadline_at).date(),
        invited=len([i for i in consultation.invitations if not i.consultee.is_public]), answered=len(responses),
        meetings=len(consultation.meetings), generated=today,
        overview=tuple(sorted(_overview_rows(consultation, responses, language),
                              key=lambda row: (row.date or date.max, row.consultee))),
        areas=tuple(_areas(view)),
        minutes=tuple(_response_minutes(r, language) for r in responses) + tuple(
            _meeting_minutes(m, consultation, language) for m in consultation.meetings),
        focus_areas=tuple(a.title for a in consultation.focus_areas),
        matrix=tuple((name, tuple(row.get(a.id) for a in consultation.focus_areas)) for name, _, row in view.matrix),
        comments=tuple(_comment_rows(consultation, language)),
        questions=tuple(q.text for q in consultation.questions),
    )


def _overview_rows(consultation: Consultation, responses, language: str):
    words = WORDS[language]
    for response in responses:
        snapshot = response.latest_version.snapshot
        late = words["late"] if snapshot.get("is_late") else ""
        if response.consultee.is_public:  # a person's answer: no adopting body, no case number
            yield OverviewRow(document_name(response.consultee, language), _submitted_on(snapshot), "",
                              words["public"] + late, is_public=True)
            continue
        adopted = snapshot.get("adopted_by")
        arena = ADOPTED_BY_LABELS[language].get(adopted, "") if adopted else ""
        if snapshot.get("case_number"):
            arena = f"{arena}, {words['case']} {snapshot['case_number']}".strip(", ")
        when = date.fromisoformat(snapshot["decision_date"]) if snapshot.get("decision_date") else \
            _submitted_on(snapshot)
        description = words["adopted"] if adopted in POLITICAL else words["answer"]
        yield OverviewRow(response.consultee.name, when, arena, description + late)
    for meeting in consultation.meetings:
        yield OverviewRow(meeting.consultee.name if meeting.consultee else words["all"], meeting.held_on,
                          meeting.arena, meeting.description)


def _submitted_on(snapshot: dict) -> date:
    return to_local(datetime.fromisoformat(snapshot["submitted_at"])).date()


def _areas(view):
    for area in view.areas:
        themes = tuple(ThemeReport(
            label=theme.label, consultees=tuple(names),
            quotes=tuple((q.get("consultee", ""), q.get("text", "")) for q in theme.summary),
            assessment=str(theme.assessment.label) if theme.assessment else None,
            assessment_text=theme.assessment_text) for theme, names, _ in area.themes)
        yield AreaReport(title=area.focus_area.title if area.focus_area else "Andre innspill",
                         group=area.focus_area.group if area.focus_area else None,
                         support={key: tuple(names) for key, names in area.by_position.items()}, themes=themes)


def _response_minutes(response, language: str) -> Minutes:
    snapshot = response.latest_version.snapshot
    labels = POSITION_LABELS[language]
    sections, current, lines = [], None, []
    for answer in snapshot.get("answers", ()):
        if answer["question"] != current:
            if current is not None and any(lines):
                sections.append((current, "\n\n".join(line for line in lines if line)))
            current, lines = answer["question"], []
        if answer["kind"] == "position" and (answer.get("position") or answer.get("text")):
            position = labels.get(answer.get("position"), "")
            lines.append(f"{answer['focus_area']}: {position}".rstrip(": ") + (f". {answer['text']}" if answer.get("text") else ""))
        elif answer["kind"] == "ranking" and answer.get("rank"):
            lines.append(f"{answer['rank']}. {answer['focus_area']}")
        elif answer.get("text"):
            lines.append(answer["text"])
    if current is not None and any(lines):
        sections.append((current, "\n\n".join(line for line in lines if line)))
    submitted = format_long_date(_submitted_on(snapshot), language if language == "nn" else "nb")
    name = document_name(response.consultee, language)
    if response.consultee.is_public:
        return Minutes(WORDS[language]["public_response"].format(name), submitted, tuple(sections), is_public=True)
    meta = " · ".join(part for part in (
        submitted,
        ADOPTED_BY_LABELS[language].get(snapshot.get("adopted_by"), "") if snapshot.get("adopted_by") else "",
        f"sak {snapshot['case_number']}" if snapshot.get("case_number") else "") if part)
    return Minutes(WORDS[language]["response"].format(name), meta, tuple(sections))


def _meeting_minutes(meeting, consultation: Consultation, language: str) -> Minutes:
    words = WORDS[language]
    heading = words["minutes"].format(meeting.arena.lower(), meeting.consultee.name.removesuffix(" kommune")) \
        if meeting.consultee else words["minutes_all"].format(meeting.arena.lower())
    meta = " · ".join(p for p in (format_long_date(meeting.held_on, "nb"), meeting.arena, meeting.description) if p)
    sections = tuple((q.text, meeting.note_for(q.id)) for q in consultation.questions if meeting.note_for(q.id))
    return Minutes(heading, meta, sections)


def _comment_rows(consultation: Consultation, language: str):
    questions = {q.id: q.text for q in consultation.questions}
    areas = {a.id: a.title for a in consultation.focus_areas}
    themes = {t.id: t for t in db.session.scalars(select(Theme).where(Theme.consultation_id == consultation.id))}
    units = db.session.scalars(select(CommentUnit).where(CommentUnit.consultation_id == consultation.id,
                                                         CommentUnit.is_relevant.is_(True))
                               .order_by(CommentUnit.focus_area_id, CommentUnit.theme_id, CommentUnit.id))
    for unit in units:
        theme = themes.get(unit.theme_id)
        yield CommentRow(consultee=document_name(unit.consultee, language) if unit.consultee else "Fellesmøte",
                         is_public=bool(unit.consultee and unit.consultee.is_public),
                         question=questions.get(unit.question_id, ""), focus_area=areas.get(unit.focus_area_id, ""),
                         theme=theme.label if theme else "", stance=STANCE_LABELS.get(unit.stance, unit.stance),
                         text=unit.text, assessment=str(theme.assessment.label) if theme and theme.assessment else "")
