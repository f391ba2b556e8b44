"""Collects a round's ReportData from the database (the writers never see a row)."""
from __future__ import annotations

import re
from datetime import date, datetime

from flask_babel import force_locale
from sqlalchemy import select

from app.analysis import jobs as analysis_jobs
from app.analysis import overview as overview_service
from app.consultees.names import document_name
from app.extensions import db
from app.models import CommentUnit, Consultation, ConsulteeKind, Redaction, ResponseStatus, Theme
from app.reports.data import (
    ADOPTED,
    MEETING,
    RECEIVED,
    AreaReport,
    CommentRow,
    Minutes,
    OverviewRow,
    Quote,
    ReportData,
    ThemeReport,
    YesNoRow,
)
from app.reports.status import round_status
from app.reports.summary import rank_rows, summarise
from app.reports.texts import collect_words
from app.responses.kinds import kind_of
from app.snapshot import ADOPTED_BY_LABELS, Snapshot
from app.timeutil import format_long_date, to_local, utcnow
from nlp.remarks import says_nothing
from nlp.standard import written_standard

#: Adopted by a council, a committee or a board: the overview calls the row «Vedtak», not «Høringssvar»
POLITICAL = ("formannskap", "kommunestyre", "fylkesutvalg", "fylkesting", "styre")


def collect(consultation: Consultation, today: date, now: datetime | None = None,
            language: str | None = None) -> ReportData:
    """Everything the report shows, as plain data, unredacted (the public's copy: `public.services`).

    Labels are taken in bokmål whatever the reader's language; the writers put them in the round's language.
    `now` decides which extensions still run (the current time unless given). `language` is the
    report's written standard, the round's unless given (the edition in the other one: app.reports.translation).
    """
    with force_locale("nb"):
        return summarise(_collect(consultation, today, now or utcnow(), language or consultation.language.value))


def _collect(consultation: Consultation, today: date, now: datetime, language: str) -> ReportData:
    view = overview_service.build(consultation, name=lambda consultee: document_name(consultee, language))
    responses = [r for r in sorted(consultation.responses, key=lambda r: r.consultee.name)
                 if r.status is ResponseStatus.SUBMITTED and r.latest_version is not None]
    # Each writer's submitted words on one line, once: quotes are looked up in them
    written = {document_name(r.consultee, language): " ".join(r.latest_version.snapshot.answer_texts().split())
               for r in responses}
    own = consultation.language.value  # what a text of no clear standard is taken to be written in
    standards = {name: written_standard(text) or own for name, text in written.items()}
    # The focus area each quoted comment was written under in the form (None: another question, a meeting)
    asked = dict(db.session.execute(select(CommentUnit.id, CommentUnit.asked_focus_area_id).where(
        CommentUnit.consultation_id == consultation.id, CommentUnit.asked_focus_area_id.is_not(None))).all())
    areas = tuple(_areas(view, written, standards, language, own, asked))
    # an analysis has finished: its themes, if any, are what the report shows
    analysed = analysis_jobs.ANALYSIS.latest_done(consultation) is not None
    return ReportData(
        language=language, region=consultation.region.name, title=consultation.title,
        period_start=to_local(consultation.opens_at).date(), period_end=to_local(consultation.period_ends_at).date(),
        invited=len([i for i in consultation.invitations if not i.consultee.is_public]),
        answered=len([r for r in responses if not r.consultee.is_public]),
        public_input=len([r for r in responses if r.consultee.is_public]),
        meetings=len(consultation.meetings), generated=today, withheld=_withheld_passages(consultation),
        overview=tuple(sorted(_overview_rows(consultation, responses, language),
                              key=lambda row: (row.kind != MEETING, row.date or date.max, row.consultee))),
        areas=areas,
        minutes=tuple(_meeting_minutes(m, consultation, language) for m in consultation.meetings) + tuple(
            _response_minutes(r, language, standards) for r in responses),
        focus_areas=tuple(a.title for a in consultation.focus_areas),
        matrix=tuple((name, tuple(row.get(a.id) for a in consultation.focus_areas)) for name, _, row in view.matrix),
        comments=tuple(_comment_rows(consultation, responses, view, language)),
        questions=tuple(q.text for q in consultation.questions),
        status=round_status(consultation, responses, [t for area in areas for t in area.themes], language, now,
                            analysed),
        analysed=analysed,
        ranking=rank_rows([a.title for a in consultation.focus_areas], _rankings(consultation, responses)),
        rankings=tuple(_own_rankings(consultation, responses, language)),
        yes_no=tuple(_yes_no(consultation, responses, language)),
    )


def _overview_rows(consultation: Consultation, responses, language: str):
    words = collect_words(language)
    for response in responses:
        snapshot = response.latest_version.snapshot
        late = words["late"] if snapshot.is_late else ""
        if response.consultee.is_public:  # a person's answer: no adopting body, no case number
            yield OverviewRow(document_name(response.consultee, language), _submitted_on(snapshot), "",
                              words["public"] + late, is_public=True, is_municipality=False)
            continue
        adopted = snapshot.adopted_by
        arena = _adopting_body(snapshot, language)
        if snapshot.case_number:
            arena = f"{arena}, {words['case']} {snapshot.case_number}".strip(", ")
        decided = date.fromisoformat(snapshot.decision_date) if snapshot.decision_date else None
        description = words["adopted"] if adopted in POLITICAL else words["answer"]
        if decided and late:  # «etter fristen» is about when it came, not when it was adopted
            late = words["late_received"] % {"date": format_long_date(_submitted_on(snapshot), language)}
        yield OverviewRow(response.consultee.name, decided or _submitted_on(snapshot), arena, description + late,
                          kind=ADOPTED if decided else RECEIVED,
                          is_municipality=response.consultee.kind is ConsulteeKind.MUNICIPALITY)
    for meeting in consultation.meetings:
        yield OverviewRow(meeting.consultee.name if meeting.consultee else words["all"], meeting.held_on,
                          meeting.arena, meeting.description, kind=MEETING,
                          is_municipality=meeting.consultee is None or meeting.consultee.kind is ConsulteeKind.MUNICIPALITY)


def _submitted_on(snapshot: Snapshot) -> date:
    return to_local(datetime.fromisoformat(snapshot.submitted_at)).date()


def _areas(view, written: dict[str, str], standards: dict[str, str], language: str, own: str,
           asked: dict[int, int]):
    for area in view.areas:
        box = area.focus_area.id if area.focus_area else None
        themes = tuple(ThemeReport(
            label=theme.label, label_language=written_standard(theme.label) or "", consultees=tuple(names),
            quotes=tuple(_quote(q.get("consultee", ""), q.get("text", ""), written, standards, own,
                                in_own_box=box is not None and _asked_area(q.get("comment_id"), asked) == box)
                         for q in view.quotes(theme)),
            assessment=str(theme.assessment.label) if theme.assessment else None,
            assessment_text=theme.assessment_text) for theme, names, _ in area.themes)
        yield AreaReport(title=area.focus_area.title if area.focus_area else collect_words(language)["other"],
                         group=area.focus_area.group if area.focus_area else None,
                         support={key: tuple(names) for key, names in area.by_position.items()}, themes=themes,
                         is_other=area.focus_area is None)


_ASKED = re.compile(r":fa(\d+)(?::|$)")


def _asked_area(comment_id, asked: dict[int, int]) -> int | None:
    """The focus area whose answer box a quoted comment was written in: from its analysis id
    ("r6:q1:fa1:0"), or for a comment kept from an earlier run ("kept:12") from its stored unit."""
    text = str(comment_id or "")
    if text.startswith("kept:"):
        return asked.get(int(text.removeprefix("kept:"))) if text.removeprefix("kept:").isdigit() else None
    found = _ASKED.search(text)
    return int(found.group(1)) if found else None


def _quote(consultee: str, text: str, written: dict[str, str], standards: dict[str, str], language: str,
           in_own_box: bool = False) -> Quote:
    """A stored quote with its written standard (its own, else its writer's) and where it comes from."""
    in_response = " ".join(text.split()) in written.get(consultee, "")
    return Quote(consultee, text, written_standard(text) or standards.get(consultee, language),
                 RECEIVED if text.strip() and in_response else MEETING, in_own_box=in_own_box)


def _response_minutes(response, language: str, standards: dict[str, str]) -> Minutes:
    snapshot = response.latest_version.snapshot
    sections, current, lines = [], None, []
    for answer in [*snapshot.answers, None]:  # the sentinel closes the last question
        question = answer.question if answer else None
        if question != current:
            if current is not None and any(text for _, text in lines):
                sections.append((current, _joined(lines)))
            current, lines = question, []
        if current is not None:
            lines.append(kind_of(answer.kind).report_line(answer, language))
    name = document_name(response.consultee, language)
    # A ranking holds only the round's titles; the other answers are in the writer's own words
    own = tuple("" if _is_ranking(text) else standards.get(name, language) for _, text in sections)
    words = collect_words(language)
    # Each date with what it is, as the overview labels it: received, and adopted when a decision dates it
    submitted = words["received_on"] % {"date": format_long_date(_submitted_on(snapshot), language)}
    if response.consultee.is_public:
        return Minutes(words["public_response"] % {"name": name}, submitted, tuple(sections), is_public=True,
                       languages=own)
    adopted = words["adopted_on"] % {"date": format_long_date(date.fromisoformat(snapshot.decision_date), language)} \
        if snapshot.decision_date else ""
    meta = " · ".join(part for part in (
        submitted, adopted, _adopting_body(snapshot, language),
        f"{words['case']} {snapshot.case_number}" if snapshot.case_number else "") if part)
    return Minutes(words["response"] % {"name": name}, meta, tuple(sections), languages=own)


def _adopting_body(snapshot, language: str) -> str:
    """Who adopted the answer, as the report names it: «Annet» («something else») names no body and is left out."""
    if not snapshot.adopted_by or snapshot.adopted_by == "annet":
        return ""
    return ADOPTED_BY_LABELS[language].get(snapshot.adopted_by, "")


def _is_ranking(text: str) -> bool:
    return all(line.split(". ", 1)[0].isdigit() for line in text.split("\n"))


def _joined(lines: list[tuple[int, str]]) -> str:
    """The answers of one question: paragraphs, or a ranking's lines in rank order."""
    ordered = sorted(lines, key=lambda line: line[0])  # stable: only ranking lines carry a rank
    ranking = all(rank for rank, text in lines if text)
    return ("\n" if ranking else "\n\n").join(text for _, text in ordered if text)


def minutes_heading(meeting, language: str) -> str:
    """What the report calls a meeting's minutes, and so the archive's journal: «Referat: møte med Buskerud
    fylkeskommune (fylkesadministrasjonen)», whatever the consultee is called; a meeting with all of them
    «Referat: fellesmøte i representantskapet»."""
    words = collect_words(language)
    if meeting.consultee:
        return words["minutes"] % {"arena": meeting.arena.lower(), "name": document_name(meeting.consultee, language)}
    return words["minutes_all"] % {"arena": meeting.arena.lower()}


def met_with(meeting, language: str) -> str:
    """Whom a meeting was with, as the report names who spoke there: the consultee as documents name it, or for a
    meeting with all of them «Representantskapet (alle)»."""
    return document_name(meeting.consultee, language) if meeting.consultee else meeting.joint_name


def _meeting_minutes(meeting, consultation: Consultation, language: str) -> Minutes:
    words = collect_words(language)
    heading = minutes_heading(meeting, language)
    meta = " · ".join(p for p in (format_long_date(meeting.held_on, language), meeting.arena, meeting.place,
                                  meeting.description) if p)
    sections = tuple((q.text, meeting.note_for(q.id)) for q in consultation.questions if meeting.note_for(q.id))
    attendees = meeting.attendee_list
    return Minutes(heading, meta, sections, kind=MEETING,
                   attendees=words["present"] % {"names": attendees} if attendees else "")


def _yes_no(consultation: Consultation, responses, language: str):
    """Who answered each yes/no question yes and who no."""
    for question in consultation.questions:
        if not kind_of(question).has_yes_no:
            continue
        said = [(document_name(r.consultee, language), a.yes) for r in responses
                for a in r.latest_version.snapshot.answers if a.question_id == question.id and a.yes is not None]
        yield YesNoRow(question.text, tuple(n for n, yes in said if yes), tuple(n for n, yes in said if not yes))


def _own_rankings(consultation: Consultation, responses, language: str):
    """(consultee's name, the focus areas it ranked, first place first) for each answer that ranks them."""
    titles = {area.id: area.title for area in consultation.focus_areas}
    for response in responses:
        ranked = sorted((a.rank, titles[a.focus_area_id]) for a in response.latest_version.snapshot.answers
                        if a.rank and a.focus_area_id in titles)
        if ranked:
            yield document_name(response.consultee, language), tuple(title for _, title in ranked)


def _rankings(consultation: Consultation, responses):
    index = {area.id: n for n, area in enumerate(consultation.focus_areas)}
    for response in responses:
        # Only a ranking's answers carry a rank
        ranks = {index[a.focus_area_id]: a.rank for a in response.latest_version.snapshot.answers
                 if a.rank and a.focus_area_id in index}
        if ranks:
            yield ranks


def _comment_rows(consultation: Consultation, responses, view, language: str):
    words = collect_words(language)
    questions = {q.id: q.text for q in consultation.questions}
    areas = {a.id: a.title for a in consultation.focus_areas}
    received = {r.id: _submitted_on(r.latest_version.snapshot) for r in responses}
    held = {m.id: m.held_on for m in consultation.meetings}
    joint = {m.id: m.joint_name for m in consultation.meetings if m.consultee_id is None}
    positions = {consultee_id: row for _, consultee_id, row in view.matrix}
    # A comment on a yes/no question stands beside that answer, not beside a position on a focus area
    yes_no = {(r.id, a.question_id): "yes" if a.yes else "no" for r in responses
              for a in r.latest_version.snapshot.answers if a.yes is not None}
    yes_no_questions = {q.id for q in consultation.questions if kind_of(q).has_yes_no}
    themes = {t.id: t for t in db.session.scalars(select(Theme).where(Theme.consultation_id == consultation.id))}
    units = db.session.scalars(select(CommentUnit).where(CommentUnit.consultation_id == consultation.id,
                                                         CommentUnit.is_relevant.is_(True))
                               # the comments on no focus area («Andre innspill») last, as in the Word report
                               .order_by(CommentUnit.focus_area_id.is_(None), CommentUnit.focus_area_id,
                                         CommentUnit.theme_id, CommentUnit.id))
    for unit in units:
        if says_nothing(unit.text):  # «Ingen flere merknader.»: left out, as the Word report leaves it out of quotes
            continue
        theme = themes.get(unit.theme_id)
        speaker = (document_name(unit.consultee, language) if unit.consultee
                   else joint[unit.meeting_id] if unit.meeting_id in joint else words["joint"])
        yield CommentRow(consultee=speaker,
                         is_public=bool(unit.consultee and unit.consultee.is_public),
                         question=questions.get(unit.question_id, ""),
                         focus_area=areas.get(unit.focus_area_id) or words["other"],
                         theme=theme.label if theme else "", stance=words["stances"].get(unit.stance, unit.stance),
                         text=unit.text, assessment=str(theme.assessment.label) if theme and theme.assessment else "",
                         assessment_text=(theme.assessment_text or "") if theme and theme.assessment else "",
                         kind=MEETING if unit.meeting_id else RECEIVED,
                         date=held.get(unit.meeting_id) if unit.meeting_id else received.get(unit.response_id),
                         # the answer's own position on the focus area whose box the comment was written in (not
                         # the area the analysis put it under), or its yes or no; a meeting note states none
                         position="" if unit.meeting_id else yes_no.get((unit.response_id, unit.question_id), "")
                         if unit.question_id in yes_no_questions
                         else positions.get(unit.consultee_id, {}).get(unit.asked_focus_area_id) or ""
                         if unit.asked_focus_area_id else "")


def _withheld_passages(consultation) -> tuple[str, ...]:
    """The round's passages withheld from the public, for the internal edition to mark."""
    return tuple(db.session.scalars(select(Redaction.passage).where(
        Redaction.consultation_id == consultation.id, Redaction.passage.is_not(None)).order_by(Redaction.id)))
