"""A Word receipt of exactly what a consultee submitted, rendered from a Snapshot.

Pure module: stdlib, python-docx, the snapshot types and app.text; no Flask, no database.
"""
from __future__ import annotations

import io
import re
import unicodedata
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from app import word
from app.snapshot import ADOPTED_BY_LABELS, POSITION_LABELS, Snapshot, SnapshotAnswer, labels_for
from app.text import xml_safe, xml_safe_all

OSLO = ZoneInfo("Europe/Oslo")
#: Month names are the same in bokmål and nynorsk
MONTHS = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
          "oktober", "november", "desember")

def texts_for(language: str) -> dict[str, str]:
    """The receipt's fixed texts in `language`, from the catalogs (see snapshot.labels_for)."""
    return labels_for(language).texts


# --- dates ----------------------------------------------------------------------------

def long_date(value: str) -> str:
    """An ISO date (or datetime) as "11. mars 2019"; unparsable values are returned as given."""
    try:
        day = date.fromisoformat(value[:10])
    except (TypeError, ValueError):
        return value or ""
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def long_datetime(value: str) -> str:
    """An ISO UTC timestamp as Oslo time, "11. mars 2019 kl. 14:32"."""
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return value or ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # snapshots store UTC
    local = moment.astimezone(OSLO)
    return f"{long_date(local.date().isoformat())} kl. {local:%H:%M}"


def whole_kb(size: int) -> int:
    """A file size in whole kB, at least 1 for a non-empty file."""
    return max(1, round(size / 1024)) if size > 0 else 0


def size_kb(size: int) -> str:
    """A file size in whole kB, at least 1 kB for a non-empty file."""
    return f"{whole_kb(size):,} kB".replace(",", "\u00a0")


# --- file name ------------------------------------------------------------------------

_TRANSLIT = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})


def ascii_slug(text: str) -> str:
    """Lower-case ASCII words joined by "-", with æ/ø/å written ae/o/a."""
    plain = unicodedata.normalize("NFKD", text.translate(_TRANSLIT))
    plain = plain.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60].strip("-")


def receipt_filename(snapshot: Snapshot) -> str:
    """The receipt's download name, e.g. "kvittering-tinn-kommune-v2.docx"."""
    parts = ["kvittering", ascii_slug(snapshot.consultee), f"v{snapshot.version}"]
    return "-".join(part for part in parts if part) + ".docx"


# --- the document ---------------------------------------------------------------------

def _utc(moment: str) -> datetime:
    parsed = datetime.fromisoformat(moment)
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed


def receipt_docx(snapshot: Snapshot, *, region: str, number: str = "", as_record: bool = False) -> bytes:
    """The receipt as .docx bytes: title, facts (with the receipt's `number`, as the web receipt shows it),
    every question, attachments, page numbers. `as_record`: the response itself, as the archive keeps it
    (titled «Høringssvar», not «Kvittering for høringssvar»)."""
    # Versions stored before input was cleaned may hold text XML cannot, and are kept for good
    snapshot, region = xml_safe_all(snapshot), xml_safe(region)
    t = texts_for(snapshot.language)
    document = docx.Document()
    title = t["record_title"] if as_record else t["title"]
    word.set_properties(document, title=f"{title} – {snapshot.consultee}", subject=snapshot.consultation_title,
                        author=region, language=snapshot.language, keywords="", status="",
                        now=_utc(snapshot.submitted_at))
    add_header_footer(document, region, t)
    document.add_heading(title, level=0)
    document.add_paragraph(t["intro"])
    if snapshot.is_late:
        document.add_paragraph().add_run(t["late"]).bold = True
    _add_facts(document, snapshot, t, number)
    for answers in order_questions(snapshot.answers):
        document.add_heading(answers[0].question, level=1)
        _add_answers(document, answers, snapshot.language, t)
    if snapshot.attachments:
        document.add_heading(t["attachments"], level=1)
        for attachment in snapshot.attachments:
            document.add_paragraph(f"{attachment.filename} ({size_kb(attachment.size)})",
                                   style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def order_questions(answers: tuple[SnapshotAnswer, ...]) -> list[list[SnapshotAnswer]]:
    """Answers grouped by question, questions in order of first appearance."""
    groups: dict[int, list[SnapshotAnswer]] = {}
    for answer in answers:
        groups.setdefault(answer.question_id, []).append(answer)
    return list(groups.values())


def fact_rows(snapshot: Snapshot, t: dict[str, str], number: str = "") -> list[tuple[str, str]]:
    """The label/value rows of the receipt's introduction; absent facts are left out."""
    adopted = ADOPTED_BY_LABELS.get(snapshot.language, ADOPTED_BY_LABELS["nb"])
    rows = [(t["receipt_number"], number)] if number else []
    rows += [(t["consultee"], snapshot.consultee), (t["round"], snapshot.consultation_title),
            (t["version"], str(snapshot.version)),
            (t["submitted_at"], long_datetime(snapshot.submitted_at))]
    if snapshot.adopted_by:
        rows.append((t["adopted_by"], adopted.get(snapshot.adopted_by, snapshot.adopted_by)))
    if snapshot.decision_date:
        rows.append((t["decision_date"], long_date(snapshot.decision_date)))
    if snapshot.case_number:
        rows.append((t["case_number"], snapshot.case_number))
    return rows


def _add_facts(document, snapshot: Snapshot, t: dict[str, str], number: str = "") -> None:
    rows = fact_rows(snapshot, t, number)
    table = document.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for row, (label, value) in zip(table.rows, rows, strict=True):
        row.cells[0].paragraphs[0].add_run(label).bold = True
        row.cells[1].text = value
    word.set_shares(table, document, (0.3, 0.7))


def _has_content(answer: SnapshotAnswer) -> bool:
    return any(v is not None for v in (answer.position, answer.rank, answer.yes)) or bool(
        answer.text.strip())


def _add_answers(document, answers: list[SnapshotAnswer], language: str, t: dict) -> None:
    if not any(_has_content(a) for a in answers):
        document.add_paragraph(t["unanswered"])
    else:
        WORD_WRITERS.get(answers[0].kind, _add_texts)(document, answers, language, t)


def _add_texts(document, answers: list[SnapshotAnswer], language: str, t: dict) -> None:
    for answer in answers:
        if answer.focus_area:
            document.add_heading(answer.focus_area, level=2)
        _add_text(document, answer.text, t)


def _add_position_table(document, answers: list[SnapshotAnswer], language: str, t: dict) -> None:
    labels = POSITION_LABELS.get(language, POSITION_LABELS["nb"])
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, (t["focus_area"], t["position"], t["comment"]),
                           strict=True):
        cell.paragraphs[0].add_run(title).bold = True
    repeat_as_header(table.rows[0])
    for answer in answers:
        cells = table.add_row().cells
        cells[0].text = answer.focus_area or ""
        cells[1].text = labels.get(answer.position, answer.position) if answer.position \
            else t["unanswered"]
        _fill_cell(cells[2], answer.text)
    word.set_shares(table, document, (0.3, 0.18, 0.52))


def _add_ranking(document, answers: list[SnapshotAnswer], language: str, t: dict) -> None:
    ranked = sorted((a for a in answers if a.rank is not None), key=lambda a: a.rank)
    if not ranked:
        document.add_paragraph(t["unanswered"])
        return
    num_id = _restarted_numbering(document)
    for answer in ranked:
        paragraph = document.add_paragraph(answer.focus_area or answer.text, style="List Number")
        if answer.focus_area and answer.text.strip():
            paragraph.add_run(f" – {answer.text.strip()}")
        if num_id is not None:
            _set_numbering(paragraph, num_id)


def _add_yes_no(document, answer: SnapshotAnswer, t: dict) -> None:
    if answer.focus_area:
        document.add_heading(answer.focus_area, level=2)
    value = t["unanswered"] if answer.yes is None else t["yes"] if answer.yes else t["no"]
    document.add_paragraph().add_run(value).bold = True
    if answer.text.strip():
        _add_text(document, answer.text, t)


def _add_yes_nos(document, answers: list[SnapshotAnswer], language: str, t: dict) -> None:
    for answer in answers:
        _add_yes_no(document, answer, t)


#: How each question kind's answers (by SnapshotAnswer.kind) are written; this module stays free of
#: Flask, so the kind classes (app.responses.kinds) do not hold it: tests/app/test_question_kinds.py
#: checks every kind has one
WORD_WRITERS = {"position": _add_position_table, "ranking": _add_ranking, "text": _add_texts, "yes_no": _add_yes_nos}


def paragraphs_of(text: str) -> list[list[str]]:
    """Text split into paragraphs on blank lines, each a list of its lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return [[line.rstrip() for line in part.strip("\n").split("\n")]
            for part in re.split(r"\n[ \t]*\n+", text) if part.strip()]


def _add_text(document, text: str, t: dict) -> None:
    parts = paragraphs_of(text)
    if not parts:
        document.add_paragraph(t["unanswered"])
    for lines in parts:
        _add_lines(document.add_paragraph(), lines)


def _fill_cell(cell, text: str) -> None:
    parts = paragraphs_of(text)
    for n, lines in enumerate(parts):
        _add_lines(cell.paragraphs[0] if n == 0 else cell.add_paragraph(), lines)


def _add_lines(paragraph, lines: list[str]) -> None:
    for n, line in enumerate(lines):
        run = paragraph.add_run(line)
        if n < len(lines) - 1:
            run.add_break()


# --- Word details python-docx has no API for ------------------------------------------

def repeat_as_header(row) -> None:
    """Make a table row repeat at the top of every page the table runs onto."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))


def _restarted_numbering(document) -> int | None:
    """A new numbering instance of the "List Number" list that starts again at 1."""
    style_num = document.styles["List Number"].element.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    if style_num is None:
        return None
    base_id = style_num.find(qn("w:numId")).get(qn("w:val"))
    numbering = document.part.numbering_part.element
    base = next((n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == base_id),
                None)
    if base is None:
        return None
    new_id = max(int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))) + 1
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(new_id))
    abstract = OxmlElement("w:abstractNumId")
    abstract.set(qn("w:val"), base.find(qn("w:abstractNumId")).get(qn("w:val")))
    override = OxmlElement("w:lvlOverride")
    override.set(qn("w:ilvl"), "0")
    start = OxmlElement("w:startOverride")
    start.set(qn("w:val"), "1")
    override.append(start)
    num.extend([abstract, override])
    numbering.append(num)
    return new_id


def _set_numbering(paragraph, num_id: int) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id


def add_header_footer(document, region: str, t: dict) -> None:
    """The region in the page header and "Side X av Y" in the footer."""
    section = document.sections[0]
    section.header.paragraphs[0].text = region
    footer = section.footer.paragraphs[0]
    footer.add_run(f"{t['page']} ")
    _add_field(footer, "PAGE")
    footer.add_run(f" {t['of']} ")
    _add_field(footer, "NUMPAGES")


def _add_field(paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
