"""Every comment of a round in a spreadsheet: one sheet of all, the combined ranking, one sheet per question.

Stdlib, openpyxl and the catalogs' texts (app.reports.texts); renders a plain ReportData, never a
database row or a request. Consultees write the texts, so
no cell is ever written as something Excel would evaluate.
"""
from __future__ import annotations

import io
import re
from collections.abc import Collection, Iterable
from dataclasses import replace
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from app.reports.data import CommentRow, ReportData
from app.reports.texts import report_author, report_words, xlsx_words
from app.snapshot import POSITION_LABELS, labels_for
from app.text import xml_safe, xml_safe_all
from app.withheld import Passage, Withheld

#: (CommentRow field, column width in characters); the headers are the catalogs' (app.reports.texts)
COLUMNS = (("consultee", 24), ("kind", 14), ("date", 12), ("question", 36), ("focus_area", 30), ("position", 14),
           ("theme", 26), ("stance", 14), ("text", 80), ("assessment", 22), ("assessment_text", 50),
           ("is_public", 12))
#: Words left off the end of a cut sheet title: «10. Hvilke enkeltsaker kan» reads as broken off mid-sentence
FUNCTION_WORDS = frozenset(
    "og i om for kan på til av med eller at det de dei er en et ei ein eit som å fra frå den så men ved mot etter "
    "skal vil bør må har seg sin sitt sine hvor kor".split())
#: The ranking sheet's column widths: place, focus area, mean place, Borda points, ranked by
RANKING_WIDTHS = (8, 50, 12, 13, 12)
DATE_FORMAT = "DD.MM.YYYY"
#: Text that spreadsheet programs read as the start of a formula (a leading "\r" arrives as "\n")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
#: Excel keeps at most this many characters in a cell
CELL_MAX = 32_767
SHEET_TITLE_MAX = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def report_xlsx(data: ReportData) -> bytes:
    """The comments as .xlsx bytes: sheet "Innspill" with all, the combined ranking, one sheet per question."""
    data = xml_safe_all(data)  # stored texts may hold what XML cannot
    language = data.language if data.language in POSITION_LABELS else "nb"
    w = xlsx_words(language)
    workbook = Workbook()
    headers = [w["columns"][field] for field, _ in COLUMNS]
    # the staff's and council's edition shows what is withheld from the public: its text cells say so
    withheld = Withheld(Passage(p, "") for p in data.withheld) if data.withheld else None
    tag = f" [{report_words(language)['withheld_tag']}]"
    comments = tuple(replace(c, text=c.text + tag) if withheld is not None and withheld.overlaps(c.text) else c
                     for c in data.comments)
    _fill_sheet(workbook.active, w["all"], headers, comments, language, w)
    taken = {w["all"].lower()}
    if data.focus_areas:
        _fill_ranking(workbook.create_sheet(), data, w)
        taken.add(w["ranking"].lower())
    for number, question in enumerate(questions_of(data), start=1):
        rows = [c for c in comments if c.question == question]
        if not rows:  # a question no comment came from (the ranking: its answers are on the ranking sheet)
            continue
        title = sheet_title(f"{number}. {question}", taken)
        taken.add(title.lower())
        _fill_sheet(workbook.create_sheet(), title, headers, rows, language, w)
    workbook.properties.title = data.title
    workbook.properties.creator = report_author(language, data.region)  # as the Word file's author
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def questions_of(data: ReportData) -> list[str]:
    """The round's questions in order, then any a comment names that the list lacks."""
    seen = dict.fromkeys(data.questions)
    seen.update(dict.fromkeys(c.question for c in data.comments if c.question))
    return list(seen)


def sheet_title(text: str, taken: Collection[str] = ()) -> str:
    """A valid, unused sheet title: no []:*?/\\, no edge apostrophes, at most 31 characters, cut between words."""
    base = " ".join(_SHEET_FORBIDDEN.sub(" ", text).split()).strip("'").strip() or "Ark"
    title, n = _cut(base, SHEET_TITLE_MAX), 1
    # Excel compares sheet titles without regard to case
    while title.lower() in taken or title.lower() == "history":
        n += 1
        suffix = f" ({n})"
        title = _cut(base, SHEET_TITLE_MAX - len(suffix)) + suffix
    return title


def _cut(text: str, limit: int) -> str:
    """The text's words that fit in `limit` characters with «…» (a single longer word is cut), no trailing
    punctuation and no trailing function word («og», «kan», «om» …)."""
    if len(text) <= limit:
        return text
    room = limit - 1  # for the «…» that says the title is cut
    cut = text[:room]
    space = cut.rstrip().rfind(" ")
    if text[room] != " " and not cut.endswith(" ") and space >= room // 2:  # else one long word: cut inside it
        cut = cut[:space]
    words = cut.split(" ")
    while len(words) > 1 and words[-1].strip(" ,;.:-–'").lower() in FUNCTION_WORDS | {""}:
        words.pop()
    return (" ".join(words).rstrip(" ,;.:-–'") or text[:room].rstrip()) + "…"


def safe_text(value: str) -> tuple[str, bool]:
    """The value fit for a cell, and whether it must be kept from being read as a formula."""
    text = xml_safe(value or "")
    if len(text) > CELL_MAX:
        text = text[:CELL_MAX - 1] + "…"
    return text, text.startswith(FORMULA_START)


def _fill_sheet(sheet, title: str, headers: list[str], rows: Iterable[CommentRow], language: str, w: dict) -> None:
    sheet.title = title
    _header(sheet, headers)
    wrap = Alignment(wrap_text=True, vertical="top")
    positions, sources = POSITION_LABELS[language], w["sources"]
    assessments = report_words(language)["assessments"]  # collected in bokmål, as the Word report's
    texts = labels_for(language).texts
    answers = {"yes": texts["yes"], "no": texts["no"]}
    for row_number, comment in enumerate(rows, start=2):
        for column, (field, _) in enumerate(COLUMNS, start=1):
            value = getattr(comment, field)
            if field == "position":
                value = positions.get(value) or answers.get(value, "")
            elif field == "kind":
                value = sources.get(value, "")
            elif field == "assessment":  # a comment whose theme has no assessment says so, not a blank cell
                value = assessments.get(value, value) if value else w["not_assessed"]
            elif field == "is_public":  # every row answers the column: «Ja» or «Nei»
                value = answers["yes" if value else "no"]
            _write(sheet.cell(row=row_number, column=column), value, wrap)
    for column, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(sheet.max_row, 1)}"


def _fill_ranking(sheet, data: ReportData, w: dict) -> None:
    """The focus areas by mean rank, with their Borda count and how many ranked them; the note below."""
    sheet.title = w["ranking"]
    _header(sheet, list(w["ranking_columns"]))
    top = Alignment(vertical="top")
    for line, row in enumerate(data.ranking, start=2):
        for column, value in enumerate((row.place, row.title, row.mean_rank, row.borda, row.ranked_by), start=1):
            cell = sheet.cell(row=line, column=column)
            if isinstance(value, str):
                _write(cell, value, top)
            else:
                cell.value = value
        sheet.cell(row=line, column=3).number_format = "0.00"
    below = len(data.ranking) + 3
    if data.ranking_note:
        _write(sheet.cell(row=below, column=1), data.ranking_note, top)
        below += 2
    if data.rankings:
        # Each consultee's own ranking: who, then its focus areas from first place down
        places = max(len(titles) for _, titles in data.rankings)
        _write(sheet.cell(row=below, column=1), w["own_rankings"], top)
        for column, heading in enumerate((w["columns"]["consultee"], *(f"{n}." for n in range(1, places + 1))), start=1):
            cell = sheet.cell(row=below + 1, column=column)
            _write(cell, heading, top)
            cell.font, cell.fill = Font(bold=True), HEADER_FILL
        wrap = Alignment(wrap_text=True, vertical="top")
        for offset, (name, titles) in enumerate(data.rankings, start=2):
            for column, value in enumerate((name, *titles), start=1):
                _write(sheet.cell(row=below + offset, column=column), value, wrap)
    for column, width in enumerate(RANKING_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"


def _header(sheet, headers: list[str]) -> None:
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL


def _write(cell, value: str | date | None, alignment: Alignment) -> None:
    if isinstance(value, date):
        cell.value, cell.number_format, cell.alignment = value, DATE_FORMAT, alignment
        return
    if value is None:
        value = ""
    text, risky = safe_text(value)
    cell.value = text
    if risky:
        # A string cell (not a formula) with Excel's own "typed with a leading '" flag
        cell.data_type = "s"
        cell.quotePrefix = True
    cell.alignment = alignment

