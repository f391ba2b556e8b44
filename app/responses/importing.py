"""Word import: a response adopted as a .docx, mapped to the round's questions and reviewed first."""
from __future__ import annotations

from datetime import datetime

from app.consultations.draft_reader import DraftReadError
from app.errors import ValidationError
from app.models import Consultation, Invitation, QuestionKind, Response
from app.responses import submission
from app.responses.word_import import FocusAreaSpec, ImportProposal, QuestionSpec, propose_mapping
from app.uploads import unreadable

#: Review choices besides a focus area or a question
SKIP, GENERAL = "skip", "general"


def propose(consultation: Consultation, data: bytes) -> ImportProposal:
    """What the document would fill in; nothing is saved."""
    questions = [QuestionSpec(q.id, q.text, q.kind.value) for q in consultation.questions]
    areas = [FocusAreaSpec(a.id, a.title, tuple(k.strip() for k in a.keywords.split(",") if k.strip()))
             for a in consultation.focus_areas]
    try:
        return propose_mapping(data, questions, areas)
    except DraftReadError as error:
        raise ValidationError(unreadable(error), "document") from error


def general_question(consultation: Consultation):
    """The free-text question that takes text the document does not tie to anything."""
    texts = [q for q in consultation.questions if q.kind is QuestionKind.TEXT]
    for question in texts:
        if "merknad" in question.text.lower() or "kommentar" in question.text.lower():
            return question
    return texts[-1] if texts else None


def target_of(item) -> str:
    """The review choice an import item starts with: 'fa:ID', 'q:ID' or 'general'."""
    if item.focus_area_id is not None:
        return f"fa:{item.focus_area_id}"
    if item.question_id is not None:
        return f"q:{item.question_id}"
    return GENERAL


def apply_import(invitation: Invitation, pieces: list[tuple[str, str]], positions: dict[int, str], *,
                 expected_version: int | None, now: datetime) -> Response:
    """Add the reviewed texts to the working copy (after what is there) and save it as a draft."""
    consultation = invitation.consultation
    response = submission.response_for(invitation)
    data = submission.input_from(response) if response else submission.ResponseInput()
    general = general_question(consultation)
    area_ids = {a.id for a in consultation.focus_areas}
    question_ids = {q.id for q in consultation.questions if q.kind in (QuestionKind.TEXT, QuestionKind.YES_NO)}
    for target, text in pieces:
        text = submission.clean_text(text)
        if not text or target == SKIP:
            continue
        kind, _, raw_id = target.partition(":")
        if target == GENERAL and general is not None:
            kind, raw_id = "q", str(general.id)
        if kind == "fa" and raw_id.isdigit() and int(raw_id) in area_ids:
            data.comments[int(raw_id)] = _joined(data.comments.get(int(raw_id), ""), text)
        elif kind == "q" and raw_id.isdigit() and int(raw_id) in question_ids:
            data.texts[int(raw_id)] = _joined(data.texts.get(int(raw_id), ""), text)
        else:
            raise ValidationError(_("Et avsnitt har et mål som ikke finnes i høringen. Velg på nytt."))
    for area_id, position in positions.items():
        if area_id in area_ids and position:
            data.positions[area_id] = position
    return submission.save_draft(invitation, data, expected_version=expected_version, now=now)


def _joined(existing: str, addition: str) -> str:
    if not existing:
        return addition
    if addition in existing:
        return existing
    return f"{existing}\n\n{addition}"
