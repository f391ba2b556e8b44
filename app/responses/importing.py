"""Word import: a response adopted as a .docx, mapped to the round's questions and reviewed first."""
from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

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
from app.snapshot import ADOPTED_BY_LABELS, MAX_ANSWER, POSITION_LABELS
from app.text import xml_safe
from app.timeutil import format_long_date
from app.uploads import unreadable

#: Review choices besides a focus area or a question; UNPLACED: none yet, the reviewer must choose
SKIP, GENERAL, UNPLACED = "skip", "general", ""
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


def ranking_question(consultation: Consultation):
    """The round's ranking of the focus areas (a round has at most one), or None."""
    return next((q for q in consultation.questions if kind_of(q).has_ranking), None)


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
    """The proposal as rows to review, the general comment last (left out when no question takes it).

    A part whose question has no text field (text under the ranking's or the positions' own heading)
    is UNPLACED: the review asks where it goes rather than offering a choice its select does not have.
    """
    offered = set(_fields(consultation, submission.ResponseInput())) | {SKIP}
    rows = [ReviewRow(target if (target := target_of(item)) in offered else UNPLACED, item.text, item.source)
            for item in proposal.items]
    if not proposal.general_comment:
        return rows
    return rows + [ReviewRow(GENERAL if general_question(consultation) else SKIP, proposal.general_comment)]


def review_ranks(invitation: Invitation, proposal: ImportProposal) -> dict[int, str]:
    """The places in the ranking a review starts from, by focus area ("" for none): the document's, and
    for an area it does not rank, what the saved draft holds. None ({}) when the document ranks nothing."""
    if not proposal.ranks:
        return {}
    response = submission.response_for(invitation)
    saved = submission.input_from(response).ranks if response else {}
    places = {area.id: proposal.ranks.get(area.id, saved.get(area.id)) for area in invitation.consultation.focus_areas}
    return {area_id: str(place) if place else "" for area_id, place in places.items()}


@dataclass(frozen=True)
class Found:
    """The positions, places in the ranking and yes/no answers the document itself gives (the review
    form carries them along, so that what they would replace is shown however the review is edited)."""

    positions: dict[int, str] = field(default_factory=dict)
    ranks: dict[int, int] = field(default_factory=dict)
    yes_no: dict[int, bool] = field(default_factory=dict)
    #: who adopted it, when and its case number, as the document says (DECISION_FIELDS → the review's value)
    decision: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, proposal: ImportProposal) -> Found:
        return cls(dict(proposal.positions), dict(proposal.ranks), dict(proposal.yes_no), dict(proposal.decision))

    @classmethod
    def posted(cls, consultation: Consultation, form) -> Found:
        """What a posted review form says the document gave; values no page of ours sends are left out."""
        positions = {a.id: form.get(f"found-pos-{a.id}", "") for a in consultation.focus_areas}
        ranks = {a.id: form.get(f"found-rank-{a.id}", "") for a in consultation.focus_areas}
        yes_no = {q.id: form.get(f"found-yes-{q.id}", "") for q in consultation.questions}
        places = range(1, len(consultation.focus_areas) + 1)
        decision = {name: form.get(f"found-{name}", "")[:submission.CASE_NUMBER_MAX] for name in DECISION_FIELDS}
        return cls({i: v for i, v in positions.items() if v in POSITION_LABELS["nb"]},
                   {i: int(v) for i, v in ranks.items() if v.isdigit() and int(v) in places},
                   {i: v == "ja" for i, v in yes_no.items() if v in ("ja", "nei")},
                   {name: v for name, v in decision.items() if v and decision_problem(name, v) is None})


#: The review's fields for the document's own adoption (submission.ResponseInput's names)
DECISION_FIELDS = ("adopted_by", "decision_date", "case_number")


def decision_problem(name: str, value: str) -> str | None:
    """Why a reviewed value of the adoption («Vedtatt av», «Vedtaksdato», «Saksnummer») cannot be saved, else None."""
    if name == "adopted_by" and value not in ADOPTED_BY_LABELS["nb"]:
        return _("Velg hvem som vedtok svaret fra listen.")
    if name == "decision_date":
        try:
            date.fromisoformat(value)
        except ValueError:
            return _("Skriv vedtaksdatoen som en dato, for eksempel 20.06.2019.")
    if name == "case_number" and not (len(value) <= submission.CASE_NUMBER_MAX
                                      and re.fullmatch(submission.CASE_NUMBER, value)):
        return _("Skriv saksnummeret som år/nummer, for eksempel 19/4976.")
    return None


def replaced(consultation: Consultation, response: Response | None, found: Found,
             language: str) -> dict[str, tuple[str, str]]:
    """The review's fields where the document gives another position, place or yes/no than the saved
    draft already holds: field name ("pos-ID", "rank-ID", "yes-ID") → (what is there now, the document's)."""
    if response is None:
        return {}
    saved = submission.input_from(response)
    positions, words = POSITION_LABELS[language], {True: _("Ja"), False: _("Nei")}
    pairs = [(f"pos-{i}", saved.positions.get(i), value, positions.get) for i, value in found.positions.items()]
    pairs += [(f"rank-{i}", saved.ranks.get(i), value, str) for i, value in found.ranks.items()]
    pairs += [(f"yes-{i}", saved.yes.get(i), value, words.get) for i, value in found.yes_no.items()]
    saved_decision = {"adopted_by": saved.adopted_by, "case_number": saved.case_number or None,
                      "decision_date": saved.decision_date.isoformat() if saved.decision_date else None}
    shown_as = {"adopted_by": ADOPTED_BY_LABELS[language].get, "case_number": str,
                "decision_date": lambda iso: format_long_date(date.fromisoformat(iso))}
    pairs += [(name, saved_decision[name], value, shown_as[name]) for name, value in found.decision.items()]
    return {name: (str(shown(now)), str(shown(value))) for name, now, value, shown in pairs
            if now is not None and now != value}


def ranking_notice(consultation: Consultation, response: Response | None, ranks: dict[int, str],
                   found: Found) -> str:
    """What the review says when the ranking would still be incomplete after the import, else ""."""
    question = ranking_question(consultation)
    if question is None:
        return ""
    areas = consultation.focus_areas
    places = dict(submission.input_from(response).ranks) if response else {}
    places |= {i: int(value) for i, value in ranks.items() if value}
    if sorted(p for p in places.values() if p is not None) == list(range(1, len(areas) + 1)):
        return ""
    if not found.ranks:
        if not question.is_required:
            return ""
        return _("Fant ingen rangering av satsingsområdene i dokumentet. Den må fylles inn på svarskjemaet "
                 "før svaret sendes inn.")
    return _("Rangeringen er ikke fullstendig: gi hvert satsingsområde sin egen plass fra 1 til %(num)s, "
             "her eller på svarskjemaet.", num=len(areas))


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
                 expected_version: int | None, now: datetime, yes_no: dict[int, bool] | None = None,
                 ranks: dict[int, str] | None = None, decision: dict[str, str] | None = None) -> Response:
    """Add the reviewed texts to the working copy (after what is there) and save it as a draft.

    `positions` are the focus areas' positions, `ranks` their places in the ranking ("1" …, "" for none)
    and `yes_no` the yes/no questions' answers as reviewed; each given replaces what the working copy had.
    Refused whole (ImportRefused) when a row names a target the round does not have (400) or none yet
    (422: the reviewer is to choose), a position or place is unknown, a yes or no names no yes/no
    question of the round, or a field would grow past MAX_ANSWER with what is already there.
    `decision` holds who adopted it, when and its case number (DECISION_FIELDS), each as reviewed: one
    given replaces what the working copy had, "" keeps it, and one that cannot be saved refuses the
    import (422). A person's answer keeps none of them, as its form has none (submission.save_draft).
    """
    yes_no, ranks, decision = yes_no or {}, ranks or {}, {k: v for k, v in (decision or {}).items() if v}
    problems = [decision_problem(name, value) for name, value in decision.items()]
    if set(decision) - set(DECISION_FIELDS):
        raise ImportRefused(_("Skjemaet er ikke gyldig."), {}, 400)
    if any(problems):
        raise ImportRefused(next(p for p in problems if p), {}, 422)
    consultation = invitation.consultation
    response = submission.response_for(invitation)
    data = submission.input_from(response) if response else submission.ResponseInput()
    fields = _fields(consultation, data)
    _check_targets(rows, fields, positions)
    if set(yes_no) - {q.id for q in consultation.questions if kind_of(q).has_yes_no}:
        raise ImportRefused(_("Et ja/nei-svar hører ikke til et spørsmål i høringen. Velg på nytt."), {}, 400)
    _check_ranks(consultation, ranks)
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
    for area_id, place in ranks.items():
        if place:
            data.ranks[area_id] = int(place)
    data.yes.update(yes_no)
    if "adopted_by" in decision:
        data.adopted_by = decision["adopted_by"]
    if "decision_date" in decision:
        data.decision_date = date.fromisoformat(decision["decision_date"])
    if "case_number" in decision:
        data.case_number = decision["case_number"]
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
    choose = _("Velg hvor denne delen hører til.")
    errors = {i: choose for i, row in enumerate(rows)
              if row.target not in (SKIP, UNPLACED) and row.target not in fields}
    if errors:
        raise ImportRefused(_("Et avsnitt har et mål som ikke finnes i høringen. Velg på nytt."), errors, 400)
    if any(value and value not in POSITION_LABELS["nb"] for value in positions.values()):
        raise ImportRefused(_("Et standpunkt er ikke gyldig. Velg på nytt."), {}, 400)
    errors = {i: choose for i, row in enumerate(rows) if row.target == UNPLACED and submission.clean_text(row.text)}
    if errors:
        raise ImportRefused(_("Noen deler har ikke fått et sted i svaret ennå. Velg hvor de hører til, eller "
                              "«Ikke ta med». Ingenting er lagt inn ennå."), errors, 422)


def _check_ranks(consultation: Consultation, ranks: dict[int, str]) -> None:
    """Places only for the focus areas of a round with a ranking, each 1 to their number (or none)."""
    if not ranks:
        return
    places = {str(i) for i in range(1, len(consultation.focus_areas) + 1)} | {""}
    if (ranking_question(consultation) is None or set(ranks) - {a.id for a in consultation.focus_areas}
            or any(value not in places for value in ranks.values())):
        raise ImportRefused(_("En plass i rangeringen er ikke gyldig. Velg på nytt."), {}, 400)


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
