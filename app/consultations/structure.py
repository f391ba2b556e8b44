"""Focus areas and questions of a round: add, edit, reorder, remove — until the first response."""
from __future__ import annotations

from collections.abc import Sequence

from flask import abort
from flask_babel import gettext as _

from app import audit
from app.consultations.question_sets import TEMPLATES
from app.errors import ConsultationStateError, ValidationError
from app.extensions import db
from app.models import Consultation, FocusArea, Question, QuestionKind
from app.responses.kinds import KINDS

#: Kinds a round can hold once only: they are about all focus areas at once
SINGLE_KINDS = tuple(kind for kind, answers in KINDS.items() if answers.once_per_round)
#: Focus areas and questions one round holds. Each area is a position, a comment and a ranking
#: field (of one choice per area) in every consultee's form, and a row in each report and analysis.
MAX_FOCUS_AREAS = 50
MAX_QUESTIONS = 50


def require_editable(consultation: Consultation) -> None:
    if not consultation.is_editable:
        raise ConsultationStateError(
            _("Satsingsområder og spørsmål er låst fordi høringen har fått svar eller er avsluttet.")
        )


def get_focus_area_or_404(consultation: Consultation, focus_area_id: int) -> FocusArea:
    return _child_or_404(consultation.focus_areas, focus_area_id)


def get_question_or_404(consultation: Consultation, question_id: int) -> Question:
    return _child_or_404(consultation.questions, question_id)


def _child_or_404(children: Sequence, child_id: int):
    for child in children:
        if child.id == child_id:
            return child
    abort(404)


def add_focus_area(consultation: Consultation, *, title: str, group: str | None,
                   description: str, keywords: str) -> FocusArea:
    require_editable(consultation)
    if len(consultation.focus_areas) >= MAX_FOCUS_AREAS:
        raise ValidationError(_("En høring kan ha høyst %(num)s satsingsområder.", num=MAX_FOCUS_AREAS))
    area = FocusArea(position=len(consultation.focus_areas))
    _apply_focus_area(area, title=title, group=group, description=description, keywords=keywords)
    consultation.focus_areas.append(area)
    db.session.flush()
    audit.record("focus_area.add", consultation=consultation, target=area.title, after=_area_details(area))
    return area


def add_proposed_focus_areas(consultation: Consultation, proposals: Sequence) -> list[FocusArea]:
    """Append focus areas proposed from a draft (objects with title, group, description), the first
    up to MAX_FOCUS_AREAS: a draft's headings can be thousands, the rest is added by hand."""
    areas = []
    for proposal in proposals[:max(MAX_FOCUS_AREAS - len(consultation.focus_areas), 0)]:
        area = FocusArea(position=len(consultation.focus_areas), keywords="")
        _apply_focus_area(area, title=proposal.title, group=proposal.group,
                          description=proposal.description, keywords="")
        consultation.focus_areas.append(area)
        areas.append(area)
    if areas:
        audit.record("focus_area.proposed", consultation=consultation, target=consultation.title,
                     after={"titles": [area.title for area in areas]})
    return areas


def update_focus_area(consultation: Consultation, area: FocusArea, *, title: str, group: str | None,
                      description: str, keywords: str) -> None:
    require_editable(consultation)
    before = _area_details(area)
    _apply_focus_area(area, title=title, group=group, description=description, keywords=keywords)
    db.session.flush()
    audit.record("focus_area.update", consultation=consultation, target=area.title, before=before,
                 after=_area_details(area))


def _area_details(area: FocusArea) -> dict:
    """What the change log records of a focus area."""
    return {"title": area.title, "group": area.group or "", "description": area.description,
            "keywords": area.keywords}


def _apply_focus_area(area: FocusArea, *, title: str, group: str | None, description: str,
                      keywords: str) -> None:
    title = " ".join(title.split())
    if not title:
        raise ValidationError(_("Satsingsområdet må ha en tittel."), "title")
    area.title = title[:200]
    area.group = " ".join((group or "").split())[:200] or None
    area.description = description.strip()
    area.keywords = ", ".join(k.strip() for k in keywords.split(",") if k.strip())


def delete_focus_area(consultation: Consultation, area: FocusArea) -> None:
    require_editable(consultation)
    consultation.focus_areas.remove(area)
    _renumber(consultation.focus_areas)
    db.session.flush()
    audit.record("focus_area.delete", consultation=consultation, target=area.title, before=_area_details(area))


def move_focus_area(consultation: Consultation, area: FocusArea, step: int) -> None:
    """Move one place up (step -1) or down (step +1)."""
    require_editable(consultation)
    _moved("focus_area.move", consultation, consultation.focus_areas, area, step, area.title)


def add_question(consultation: Consultation, *, kind: QuestionKind, text: str, help_text: str,
                 is_required: bool) -> Question:
    require_editable(consultation)
    _require_room_for_questions(consultation, 1)
    question = Question(position=len(consultation.questions))
    _apply_question(consultation, question, kind=kind, text=text, help_text=help_text,
                    is_required=is_required)
    consultation.questions.append(question)
    db.session.flush()
    audit.record("question.add", consultation=consultation, target=question.text, after=_question_details(question))
    return question


def update_question(consultation: Consultation, question: Question, *, kind: QuestionKind,
                    text: str, help_text: str, is_required: bool) -> None:
    require_editable(consultation)
    before = _question_details(question)
    _apply_question(consultation, question, kind=kind, text=text, help_text=help_text,
                    is_required=is_required)
    db.session.flush()
    audit.record("question.update", consultation=consultation, target=question.text, before=before,
                 after=_question_details(question))


def _question_details(question: Question) -> dict:
    """What the change log records of a question."""
    return {"kind": question.kind.value, "text": question.text, "help_text": question.help_text,
            "is_required": question.is_required}


def _apply_question(consultation: Consultation, question: Question, *, kind: QuestionKind,
                    text: str, help_text: str, is_required: bool) -> None:
    text = text.strip()
    if not text:
        raise ValidationError(_("Spørsmålet kan ikke være tomt."), "text")
    if kind in SINGLE_KINDS and any(q.kind is kind and q is not question for q in consultation.questions):
        raise ValidationError(_("Høringen har allerede et spørsmål av typen «%(kind)s».", kind=kind.label), "kind")
    question.kind, question.text = kind, text
    question.help_text, question.is_required = help_text.strip(), is_required


def delete_question(consultation: Consultation, question: Question) -> None:
    require_editable(consultation)
    consultation.questions.remove(question)
    _renumber(consultation.questions)
    db.session.flush()
    audit.record("question.delete", consultation=consultation, target=question.text,
                 before=_question_details(question))


def move_question(consultation: Consultation, question: Question, step: int) -> None:
    require_editable(consultation)
    _moved("question.move", consultation, consultation.questions, question, step, question.text)


def add_question_set(consultation: Consultation, template: str) -> list[Question]:
    """Append a ready-made set in the round's language, skipping questions it already has."""
    require_editable(consultation)
    try:
        templates = TEMPLATES[template][consultation.language]
    except KeyError:
        abort(404)
    existing_texts = {q.text.casefold() for q in consultation.questions}
    existing_kinds = {q.kind for q in consultation.questions}
    wanted = [item for item in templates if not (
        item.text.casefold() in existing_texts or (item.kind in SINGLE_KINDS and item.kind in existing_kinds))]
    _require_room_for_questions(consultation, len(wanted))
    added = []
    for item in wanted:
        question = Question(position=len(consultation.questions), kind=item.kind, text=item.text,
                            help_text=item.help_text, is_required=item.is_required)
        consultation.questions.append(question)
        added.append(question)
    db.session.flush()
    if added:
        audit.record("question.add_set", consultation=consultation, target=consultation.title,
                     after={"questions": [question.text for question in added]})
    return added


def _require_room_for_questions(consultation: Consultation, more: int) -> None:
    if len(consultation.questions) + more > MAX_QUESTIONS:
        raise ValidationError(_("En høring kan ha høyst %(num)s spørsmål.", num=MAX_QUESTIONS))


def _moved(action: str, consultation: Consultation, items: list, item, step: int, target: str) -> None:
    """Move `item` by `step` and record where it went (positions counted from 1), if it moved."""
    before = item.position
    _move(items, item, step)
    db.session.flush()
    if item.position != before:
        audit.record(action, consultation=consultation, target=target, before={"position": before + 1},
                     after={"position": item.position + 1})


def _move(items: list, item, step: int) -> None:
    # Swap positions and re-sort in place: reassigning list slots would fire remove events
    # and the delete-orphan cascade would delete the moved item.
    index = items.index(item)
    target = index + step
    if 0 <= target < len(items):
        other = items[target]
        item.position, other.position = target, index
        items.sort(key=lambda child: child.position)


def _renumber(items: list) -> None:
    for position, item in enumerate(items):
        item.position = position
