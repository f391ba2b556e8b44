"""Withholding passages before publication, and applying them to everything the public sees."""
from __future__ import annotations

import html
import io
import logging
import re
import zipfile
from datetime import datetime
from typing import TypeVar

from flask_babel import format_number
from flask_babel import gettext as _
from sqlalchemy import select

from app import audit
from app.errors import ValidationError
from app.extensions import db
from app.models import REDACTION_BASES, Attachment, Consultation, Redaction, Response, Status, User
from app.withheld import HIDDEN_LABELS, Passage, Withheld, contains, may_mark
from app.withheld import redact as redact_with

T = TypeVar("T")
log = logging.getLogger(__name__)

#: What the public reads in place of withheld words, in the round's written standard
MARKS = {"nb": "[Unntatt offentlighet: {}]", "nn": "[Unnateke offentlegheit: {}]"}
#: Any of the marks above, with its legal basis (written without square brackets)
WITHHELD_MARK = re.compile(r"\[(?:Unntatt offentlighet|Unnateke offentlegheit): [^\]]*\]")
#: Withheld passages per round, each at most MAX_PASSAGE characters and MAX_WITHHELD in all: the index
#: grows with their words (about eight entries a word), and every public text is checked against it
MAX_PASSAGES, MAX_PASSAGE, MAX_WITHHELD = 200, 20_000, 100_000
#: Reading an attachment for withheld text stops here (pages of a PDF, characters, Word paragraphs)
MAX_ATTACHMENT_PAGES, MAX_ATTACHMENT_CHARS, MAX_ATTACHMENT_BLOCKS = 500, 2_000_000, 20_000
#: … and of its document properties: each property (PDF) or each properties part (Word), in characters
MAX_PROPERTY_CHARS = 64_000


def _basis(basis: str) -> str:
    if basis not in REDACTION_BASES:
        raise ValidationError(_("Velg hjemmelen for unntaket."), "basis")
    return basis


def add_passage(response: Response, passage: str, reason: str, user: User | None, now: datetime,
                basis: str = "personal") -> Redaction:
    """Withhold these words wherever they appear in the round's texts, and every piece of them.

    The passage is found word by word (case, spacing and punctuation aside), so text copied from
    a page where line breaks were lost is found too. After publication too: the public pages and
    files are made as they are asked for, so a passage withheld then is gone from them at once
    (publishing it again, by removing the withholding, is only possible before publication).
    """
    passage, reason = passage.strip(), " ".join(reason.split())
    if len(passage) < 2:
        raise ValidationError(_("Skriv eller lim inn ordene som skal unntas."), "passage")
    if len(passage) > MAX_PASSAGE:
        raise ValidationError(_("Et unntak kan være høyst %(num)s tegn. Del det opp.", num=MAX_PASSAGE), "passage")
    earlier = [r.passage for r in for_round(response.consultation) if r.passage]
    if len(earlier) >= MAX_PASSAGES or sum(map(len, earlier)) + len(passage) > MAX_WITHHELD:
        raise ValidationError(_("Høringen har nådd grensen for unntak: høyst %(num)s unntak med til sammen "
                                "%(chars)s tegn.", num=MAX_PASSAGES, chars=format_number(MAX_WITHHELD)), "passage")
    if not reason:
        raise ValidationError(_("Oppgi hvorfor teksten unntas, for eksempel «Personopplysninger»."), "reason")
    if not any(contains(v.snapshot.answer_texts(), passage) for v in response.versions):
        raise ValidationError(_("Fant ikke den teksten i svaret. Kopier den nøyaktig slik den står."), "passage")
    return _add(response, reason, user, now, passage=passage, basis=_basis(basis))


def withhold_attachment(response: Response, attachment: Attachment, reason: str, user: User | None,
                        now: datetime, basis: str = "personal") -> Redaction:
    if attachment.response_id != response.id:
        raise ValidationError(_("Vedlegget hører til et annet svar."))
    if not reason.strip():
        raise ValidationError(_("Oppgi hvorfor vedlegget unntas."), "reason")
    return _add(response, " ".join(reason.split()), user, now, attachment_id=attachment.id, basis=_basis(basis))


def remove(redaction: Redaction, now: datetime) -> None:
    consultation = db.session.get(Consultation, redaction.consultation_id)
    _require_unpublished(consultation)
    audit.record("redaction.remove", consultation=consultation, target=redaction.reason,
                 before={"passage": bool(redaction.passage), "attachment_id": redaction.attachment_id}, now=now)
    db.session.delete(redaction)
    db.session.flush()


def for_round(consultation: Consultation) -> list[Redaction]:
    return list(db.session.scalars(select(Redaction).where(Redaction.consultation_id == consultation.id)
                                   .order_by(Redaction.id)))


def public_basis(basis: str) -> str:
    """What the public reads in a withheld passage's mark: its legal basis («offl. § 13 jf. fvl. § 13 første
    ledd nr. 1»), never the secretariat's own reason, which may say more than the law does («Helse, nabo»)."""
    text = REDACTION_BASES.get(basis, REDACTION_BASES["personal"])[1]
    return text[:1].lower() + text[1:]


def withheld(consultation: Consultation) -> Withheld:
    """The round's withheld passages, ready to mark in any text the public sees."""
    mark = MARKS.get(consultation.language.value, MARKS["nb"])
    return Withheld((Passage(r.passage, public_basis(r.basis)) for r in for_round(consultation) if r.passage), mark,
                    public=published_structure(consultation))


def published_structure(consultation: Consultation) -> list[str]:
    """The round's own texts that its public page shows whatever is withheld: title, description,
    questions and focus areas (their words give a theme label away to no one)."""
    return [consultation.title, consultation.description or "", *(q.text for q in consultation.questions),
            *(part for a in consultation.focus_areas for part in (a.title, a.group or "", a.description or ""))]


def withheld_for_texts(consultations: list[Consultation], texts: dict[int, str]) -> dict[int, Withheld]:
    """For a few short texts per round (`texts` by round id), each round's passages that could mark them.

    One query for all rounds; each passage is scanned once and indexed only when it shares a run of words
    with the round's text, so a page of many rounds costs a pass over their passages, not an index of each.
    """
    found: dict[int, list[Passage]] = {}
    rows = db.session.scalars(select(Redaction).where(Redaction.consultation_id.in_(list(texts)),
                                                      Redaction.passage.is_not(None)).order_by(Redaction.id))
    for row in rows:
        if may_mark(texts[row.consultation_id], row.passage):
            found.setdefault(row.consultation_id, []).append(Passage(row.passage, public_basis(row.basis)))
    return {c.id: Withheld(found[c.id], MARKS.get(c.language.value, MARKS["nb"])) for c in consultations if c.id in found}


def redact(consultation: Consultation, value: T, using: Withheld | None = None) -> T:
    """`value` (a report, a snapshot …) with every text in it as the public may see it.

    `using`: the round's passages when the caller already built them, so that one request indexes them once.
    """
    return redact_with(value, withheld(consultation) if using is None else using,
                       HIDDEN_LABELS.get(consultation.language.value, HIDDEN_LABELS["nb"]))


def attachment_text(attachment: Attachment) -> tuple[str, str]:
    """What a .docx or PDF attachment says, for the check before publication: its text ("" for a scan
    or an unreadable file) and its document properties (title, author, subject, keywords …), which
    travel with the published file."""
    try:
        if attachment.content_type == "application/pdf":
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(attachment.content))
            text = _capped(page.extract_text() or "" for _, page in zip(range(MAX_ATTACHMENT_PAGES), reader.pages,
                                                                         strict=False))
            properties = [str(value)[:MAX_PROPERTY_CHARS] for value in (reader.metadata or {}).values() if value]
        else:
            from app.draft_reader import read_docx  # streamed, under the Word reader's caps

            text = "\n".join(block.text for block in read_docx(attachment.content, max_chars=MAX_ATTACHMENT_CHARS,
                                                                 max_blocks=MAX_ATTACHMENT_BLOCKS))
            properties = _docx_properties(attachment.content)
    except Exception:  # noqa: BLE001 - an unreadable file holds no text we can check
        log.warning("attachment %s could not be read for the publication check", attachment.id)
        return "", ""
    return text, "\n".join(properties)


def _docx_properties(content: bytes) -> list[str]:
    """The texts of a Word file's core and extended properties (docProps/*.xml), each part read up to
    MAX_PROPERTY_CHARS."""
    found = []
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in ("docProps/core.xml", "docProps/app.xml", "docProps/custom.xml"):
            if name in archive.namelist():
                with archive.open(name) as part:
                    xml = part.read(MAX_PROPERTY_CHARS).decode("utf-8", "replace")
                found += [html.unescape(t) for t in re.split(r"<[^>]*>", xml) if t.strip()]
    return found


def _capped(parts) -> str:
    out, size = [], 0
    for part in parts:
        out.append(part)
        size += len(part)
        if size > MAX_ATTACHMENT_CHARS:
            break
    return "\n".join(out)[:MAX_ATTACHMENT_CHARS]


def withheld_attachment_ids(consultation: Consultation) -> set[int]:
    return {r.attachment_id for r in for_round(consultation) if r.attachment_id}


def _add(response: Response, reason: str, user: User | None, now: datetime, **what) -> Redaction:
    redaction = Redaction(consultation_id=response.consultation_id, response_id=response.id, reason=reason,
                          created_by_id=user.id if user else None, created_at=now, **what)
    db.session.add(redaction)
    db.session.flush()
    audit.record("redaction.add", consultation=response.consultation, target=response.consultee.name,
                 after={"reason": reason, "basis": what.get("basis"), "attachment_id": what.get("attachment_id")}, now=now)
    return redaction


def _require_unpublished(consultation: Consultation) -> None:
    if consultation.status is Status.PUBLISHED:
        raise ValidationError(_("Høringen er publisert. Unntak må gjøres før publisering."))


