"""Every comment of a round in a spreadsheet: one sheet of all, one sheet per question.

Pure module: stdlib and openpyxl; renders a plain ReportData. Consultees write the texts, so
no cell is ever written as something Excel would evaluate.
"""
from __future__ import annotations

import io
import re
from collections.abc import Collection, Iterable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from app.reports.data import CommentRow, ReportData
from app.text import xml_safe, xml_safe_all

#: (header, CommentRow field, column width in characters)
COLUMNS = (("Høringsinstans", "consultee", 24), ("Spørsmål", "question", 36),
           ("Satsingsområde", "focus_area", 30), ("Tema", "theme", 26), ("Standpunkt", "stance", 14),
           ("Tekst", "text", 80), ("Vurdering", "assessment", 22), ("Åpen høring", "is_public", 12))
HEADERS_NN = {"Høringsinstans": "Høyringsinstans", "Åpen høring": "Open høyring"}
#: A yes in a yes/no column («Åpen høring»): the same word in bokmål and nynorsk; a no is left blank
YES = "Ja"
ALL_SHEET = "Innspill"
#: Text that spreadsheet programs read as the start of a formula (a leading "\r" arrives as "\n")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
#: Excel keeps at most this many characters in a cell
CELL_MAX = 32_767
SHEET_TITLE_MAX = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def report_xlsx(data: ReportData) -> bytes:
    """The comments as .xlsx bytes: sheet "Innspill" with all, then one sheet per question."""
    data = xml_safe_all(data)  # stored texts may hold what XML cannot
    workbook = Workbook()
    headers = [HEADERS_NN.get(h, h) if data.language == "nn" else h for h, _, _ in COLUMNS]
    _fill_sheet(workbook.active, ALL_SHEET, headers, data.comments)
    taken = {ALL_SHEET.lower()}
    for number, question in enumerate(questions_of(data), start=1):
        title = sheet_title(f"{number}. {question}", taken)
        taken.add(title.lower())
        rows = [c for c in data.comments if c.question == question]
        _fill_sheet(workbook.create_sheet(), title, headers, rows)
    workbook.properties.title = data.title
    workbook.properties.creator = data.region
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def questions_of(data: ReportData) -> list[str]:
    """The round's questions in order, then any a comment names that the list lacks."""
    seen = dict.fromkeys(data.questions)
    seen.update(dict.fromkeys(c.question for c in data.comments if c.question))
    return list(seen)


def sheet_title(text: str, taken: Collection[str] = ()) -> str:
    """A valid, unused sheet title: no []:*?/\\, no edge apostrophes, at most 31 characters."""
    base = " ".join(_SHEET_FORBIDDEN.sub(" ", text).split()).strip("'").strip() or "Ark"
    title, n = base[:SHEET_TITLE_MAX].rstrip(), 1
    # Excel compares sheet titles without regard to case
    while title.lower() in taken or title.lower() == "history":
        n += 1
        suffix = f" ({n})"
        title = base[:SHEET_TITLE_MAX - len(suffix)].rstrip() + suffix
    return title


def safe_text(value: str) -> tuple[str, bool]:
    """The value fit for a cell, and whether it must be kept from being read as a formula."""
    text = xml_safe(value or "")
    if len(text) > CELL_MAX:
        text = text[:CELL_MAX - 1] + "…"
    return text, text.startswith(FORMULA_START)


def _fill_sheet(sheet, title: str, headers: list[str], rows: Iterable[CommentRow]) -> None:
    sheet.title = title
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    wrap = Alignment(wrap_text=True, vertical="top")
    for row_number, comment in enumerate(rows, start=2):
        for column, (_, field, _) in enumerate(COLUMNS, start=1):
            _write(sheet.cell(row=row_number, column=column), getattr(comment, field), wrap)
    for column, (_, _, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(sheet.max_row, 1)}"


def _write(cell, value: str | bool, alignment: Alignment) -> None:
    if isinstance(value, bool):
        value = YES if value else ""
    text, risky = safe_text(value)
    cell.value = text
    if risky:
        # A string cell (not a formula) with Excel's own "typed with a leading '" flag
        cell.data_type = "s"
        cell.quotePrefix = True
    cell.alignment = alignment

