"""Word import: a response adopted as a .docx, mapped to the round's questions and reviewed first."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import format_number
from flask_babel import gettext as _
from sqlalchemy import delete, select

from app.draft_reader import DraftReadError
from app.errors import ValidationError
from app.extensions import db
from app.invitations.tokens import hash_token
from app.models import Attachment, Consultation, ImportedDocument, Invitation, Response
from app.responses import attachments, stash, submission
from app.responses.kinds import kind_of
from app.responses.word_import import (
    MAX_IMPORT_CHARS,
    FocusAreaSpec,
    ImportProposal,
    QuestionSpec,
    propose_mapping,
)
from app.snapshot import MAX_ANSWER, POSITION_LABELS
from app.text import xml_safe
from app.uploads import unreadable

#: Review choices besides a focus area or a question
SKIP, GENERAL = "skip", "general"
#: Parts read back from a review form (a document gives one per focus area and question, and one more;
#: three fields each stay under the 1,000 form parts Werkzeug reads)
MAX_ROWS = 300
#: Text a review form may carry back: the document's (MAX_IMPORT_CHARS), with as much again for edits
MAX_REVIEW_CHARS = 2 * MAX_IMPORT_CHARS
#: How long an uploaded document waits for its review to be confirmed
HOLD_FOR = timedelta(hours=24)
#: Documents held per invitation (one per review in progress); a new one replaces the oldest
MAX_HELD = 3


def propose(consultation: Consultation, data: bytes) -> ImportProposal:
    """What the document would fill in; nothing is saved."""
    questions = [QuestionSpec(q.id, q.text, q.kind.value) for q in consultation.questions]
    areas = [FocusAreaSpec(a.id, a.title, tuple(k.strip() for k in a.keywords.split(",") if k.strip()))
             for a in consultation.focus_areas]
    try:
        return propose_mapping(data, questions, areas)
    except DraftReadError as error:
        raise ValidationError(unreadable(error), "document") from error


def hold(invitation: Invitation, filename: str, data: bytes, now: datetime) -> str:
    """Keep an uploaded document while its proposal is reviewed; the key the review form carries.

    What a day has left waiting is removed first, and at most MAX_HELD stay per invitation. The
    text is still saved only when the review is confirmed; the file only then becomes an attachment.
    """
    stash.make_room(ImportedDocument, ImportedDocument.invitation_id == invitation.id, keep_for=HOLD_FOR,
                    most=MAX_HELD, now=now)
    key = secrets.token_urlsafe(32)
    db.session.add(ImportedDocument(key_hash=hash_token(key), invitation_id=invitation.id, filename=filename[:255],
                                    content=data, created_at=now))
    db.session.flush()
    return key


def attach_held(invitation: Invitation, key: str, *, max_bytes: int, now: datetime) -> Attachment | None:
    """Attach the document held under `key` to the response (once: the same file is not attached twice).

    Refused (ValidationError, with what to do) when the key is not this invitation's or has run out,
    or when the file cannot be an attachment (the response has its most, or the file is not one).
    """
    held = db.session.scalar(select(ImportedDocument).where(ImportedDocument.key_hash == hash_token(key or "")))
    if held is None or held.invitation_id != invitation.id or held.created_at < now - HOLD_FOR:
        raise ValidationError(_("Word-dokumentet er ikke lenger tatt vare på, så det ble ikke lagt ved. "
                                "Legg det ved som vedlegg på svarskjemaet."), "attachment")
    data, filename = held.content, held.filename
    db.session.delete(held)
    response = submission.response_for(invitation)
    digest = hashlib.sha256(data).hexdigest()
    if response is not None and any(a.sha256 == digest for a in response.attachments):
        return None
    return attachments.add(invitation, filename=filename, data=data, max_bytes=max_bytes, now=now)


def drop_held(invitation: Invitation, key: str) -> None:
    """Forget the document held under `key` (its review was confirmed without attaching it)."""
    db.session.execute(delete(ImportedDocument).where(ImportedDocument.key_hash == hash_token(key or ""),
                                                      ImportedDocument.invitation_id == invitation.id))



def general_question(consultation: Consultation):
    """The free-text question that takes text the document does not tie to anything."""
    texts = [q for q in consultation.questions if kind_of(q).is_free_text]
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


@dataclass(frozen=True)
class ReviewRow:
    """One part of the document under review: where it goes, its text, and why it cannot go as it is."""

    #: "fa:ID", "q:ID", "general" or "skip"
    target: str
    text: str
    #: the heading or paragraph of the document that decided the proposal, "" when none
    source: str = ""
    error: str = ""


def review_rows(consultation: Consultation, proposal: ImportProposal) -> list[ReviewRow]:
    """The proposal as rows to review, the general comment last (left out when no question takes it)."""
    rows = [ReviewRow(target_of(item), item.text, item.source) for item in proposal.items]
    if not proposal.general_comment:
        return rows
    return rows + [ReviewRow(GENERAL if general_question(consultation) else SKIP, proposal.general_comment)]


def review_from(form) -> list[ReviewRow]:
    """The rows of a posted review form; refused (not shown again) past what a document gives."""
    count = min(form.get("count", type=int) or 0, MAX_ROWS)
    rows = [ReviewRow(form.get(f"target-{i}", SKIP), xml_safe(form.get(f"text-{i}", "")),
                      xml_safe(form.get(f"source-{i}", ""))) for i in range(count)]
    if sum(len(row.text) + len(row.source) for row in rows) > MAX_REVIEW_CHARS:
        raise ValidationError(_("Skjemaet er større enn et importert dokument kan gi. Last opp dokumentet på nytt."))
    return rows


class ImportRefused(ValidationError):
    """Parts of a reviewed import cannot be added as they are; nothing is saved.

    `errors` maps a row's number to why; `status` is 400 for a form no page of ours sends
    (an unknown target or position), 422 for text over the field cap.
    """

    def __init__(self, message: str, errors: dict[int, str], status: int) -> None:
        super().__init__(message)
        self.errors, self.status = errors, status


def apply_import(invitation: Invitation, rows: list[ReviewRow], positions: dict[int, str], *,
                 expected_version: int | None, now: datetime, yes_no: dict[int, bool] | None = None) -> Response:
    """Add the reviewed texts to the working copy (after what is there) and save it as a draft.

    `positions` are the focus areas' positions and `yes_no` the yes/no questions' answers as reviewed;
    each replaces what the working copy had. Refused whole (ImportRefused) when a row names a target
    the round does not have, a position is unknown, a yes or no names no yes/no question of the round,
    or a field would grow past MAX_ANSWER with what is already there.
    """
    yes_no = yes_no or {}
    consultation = invitation.consultation
    response = submission.response_for(invitation)
    data = submission.input_from(response) if response else submission.ResponseInput()
    fields = _fields(consultation, data)
    _check_targets(rows, fields, positions)
    if set(yes_no) - {q.id for q in consultation.questions if kind_of(q).has_yes_no}:
        raise ImportRefused(_("Et ja/nei-svar hører ikke til et spørsmål i høringen. Velg på nytt."), {}, 400)
    grown: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        text = submission.clean_text(row.text)
        if text and row.target != SKIP:
            field = fields[row.target]
            if len(field.text) <= MAX_ANSWER:  # past it the import is refused: no more joining
                field.text = _joined(field.text, text)
            grown.setdefault(field.key, []).append(i)
    _check_lengths(fields, grown)
    for key in grown:
        fields[key].store(data)
    for area_id, position in positions.items():
        if position:
            data.positions[area_id] = position
    data.yes.update(yes_no)
    return submission.save_draft(invitation, data, expected_version=expected_version, now=now)


@dataclass
class _Field:
    """A text field of the response an import can add to: a comment on a focus area, or an answer."""

    #: "comments" or "texts", the ResponseInput mapping it lives in
    kind: str
    id: int
    label: str
    text: str

    @property
    def key(self) -> str:
        return f"{'fa' if self.kind == 'comments' else 'q'}:{self.id}"

    def store(self, data: submission.ResponseInput) -> None:
        getattr(data, self.kind)[self.id] = self.text


def _fields(consultation: Consultation, data: submission.ResponseInput) -> dict[str, _Field]:
    """Each target an import row may name, by its review choice ("general" shares its question's field)."""
    fields = [_Field("comments", a.id, a.title, data.comments.get(a.id, "")) for a in consultation.focus_areas]
    fields += [_Field("texts", q.id, q.text, data.texts.get(q.id, "")) for q in consultation.questions
               if kind_of(q).has_answer_text]
    by_target = {field.key: field for field in fields}
    general = general_question(consultation)
    if general is not None:
        by_target[GENERAL] = by_target[f"q:{general.id}"]
    return by_target


def _check_targets(rows: list[ReviewRow], fields: dict[str, _Field], positions: dict[int, str]) -> None:
    errors = {i: _("Velg hvor denne delen hører til.") for i, row in enumerate(rows)
              if row.target != SKIP and row.target not in fields}
    if errors:
        raise ImportRefused(_("Et avsnitt har et mål som ikke finnes i høringen. Velg på nytt."), errors, 400)
    if any(value and value not in POSITION_LABELS["nb"] for value in positions.values()):
        raise ImportRefused(_("Et standpunkt er ikke gyldig. Velg på nytt."), {}, 400)


def _check_lengths(fields: dict[str, _Field], grown: dict[str, list[int]]) -> None:
    """Every field an import adds to stays within MAX_ANSWER, with what was there before."""
    errors = {}
    for key, rows in grown.items():
        field = fields[key]
        if len(field.text) > MAX_ANSWER:
            message = _("«%(target)s» blir %(length)s tegn med denne teksten og det som står der fra før; "
                        "høyst %(num)s får plass. Kort ned teksten eller velg «Ikke ta med».",
                        target=field.label, length=format_number(len(field.text)), num=format_number(MAX_ANSWER))
            errors |= dict.fromkeys(rows, message)
    if errors:
        raise ImportRefused(_("Noen deler får ikke plass i svaret. Ingenting er lagt inn ennå; se merknadene under."),
                            errors, 422)


def _joined(existing: str, addition: str) -> str:
    if not existing:
        return addition
    if addition in existing:
        return existing
    return f"{existing}\n\n{addition}"
