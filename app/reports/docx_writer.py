"""The summary report as Word, read like the dialogue-meeting appendix of a regional strategy.

Stdlib, python-docx, matplotlib (Agg), the receipt's helpers and the catalogs' texts
(app.reports.texts); renders a plain ReportData, never sees a database row or a request.
"""
from __future__ import annotations

import io
import textwrap
from collections.abc import Callable
from datetime import UTC, datetime

import docx
from docx.shared import Cm, Emu, Pt, RGBColor

from app import word
from app.positions import CODES
from app.reports import texts
from app.reports.chart import chart_alt_text, chart_pages, chart_png, position_counts
from app.reports.data import MEETING, RECEIVED, AreaReport, Minutes, OverviewRow, ReportData, ThemeReport
from app.reports.summary import mean_rank_text, yes_no_sentence
from app.reports.texts import report_words
from app.responses.receipt import (
    add_header_footer,
    ascii_slug,
    long_date,
    paragraphs_of,
    repeat_as_header,
    texts_for,
)
from app.snapshot import POSITION_LABELS, POSITION_LETTERS
from app.text import xml_safe_all
from app.withheld import Passage, Withheld
from app.word import ReportDocument as _Document

__all__ = ["report_docx", "report_filename", "short_quote", "_Document"]

TABLE_STYLE = "Light Grid Accent 1"
#: The status box's background, and the colour of «Foreløpig» on the first page
STATUS_FILL, PROVISIONAL_COLOUR = "FFF4CE", RGBColor(0x9C, 0x57, 0x00)
#: The matrix goes into a landscape section when it has more focus areas than this
PORTRAIT_MAX_AREAS = 5
QUOTE_MAX = 300

def words_for(language: str) -> dict:
    """The report's fixed texts in "nb" or "nn", from the catalogs (see app.reports.texts)."""
    return report_words(language)


def page_words(data: ReportData) -> dict:
    """The same fixed texts for the report's page, with the introduction's paragraphs."""
    return {**report_words(data.language), "introduction": introduction(data),
            "appendix": appendix_heading(data, report_words(data.language))}


def report_filename(data: ReportData, extension: str = "docx", kind: str = "oppsummering") -> str:
    """The download name, "oppsummering-strategi-….docx"; "oppsummering-forelopig-…" while provisional;
    "oppsummering-intern-…" for the edition that shows text withheld from the public.

    The spreadsheet is named the same way with ``kind="innspill"``.
    """
    title = data.title.replace("–", "-").replace("—", "-")  # "2019–2030" stays two numbers
    mark = ascii_slug(words_for(data.language)["provisional"]) if data.status.is_provisional else ""
    internal = "intern" if data.withheld else ""  # the same word in bokmål and nynorsk
    kind = FILE_KINDS.get(kind, {}).get(data.language, kind)
    return "-".join(p for p in (kind, internal, mark, ascii_slug(title)) if p) + f".{extension}"


#: A file kind's word in nynorsk where it differs («oppsummering» is the same in both)
FILE_KINDS = {"innspill": {"nn": "innspel"}}


def report_docx(data: ReportData, progress: Callable[[float], None] | None = None,
                now: datetime | None = None) -> bytes:
    """The summary report as .docx bytes; `progress` hears the share done (0–1) as the minutes are written.

    `now` is the file's creation time in its properties (the current time unless given).
    """
    data = xml_safe_all(data)  # stored texts (old versions, notes, theme labels) may hold what XML cannot
    w = words_for(data.language)
    document = _Document(docx.Document())
    # the staff's and council's edition shows what is withheld from the public: each place is marked
    document.withheld = Withheld(Passage(p, "") for p in data.withheld) if data.withheld else None
    _set_properties(document, data, w, now or datetime.now(UTC))
    header = f"{data.region} · {w['provisional']}" if data.status.is_provisional else data.region
    add_header_footer(document.document, header, texts_for(data.language))
    contents = _add_title_page(document, data, w)
    word.page_break_before(document.add_heading(w["intro"], level=1))
    for text in introduction(data):
        document.add_paragraph(text)
    _add_summary(document, data, w)
    _add_overview(document, data, w)
    for area in data.areas:
        _add_area(document, area, data.language, w, data.analysed)
    if data.focus_areas:
        _add_matrix(document, data, w)
    _add_minutes_part(document, data, w, progress)
    word.add_contents(document, contents)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- texts ----------------------------------------------------------------------------

def introduction(data: ReportData) -> list[str]:
    """The introduction's paragraphs: the round, the draft, the period and the counts."""
    return texts.introduction(data.language, title=data.title, region=data.region,
                              period_start=data.period_start, period_end=data.period_end, invited=data.invited,
                              answered=data.answered, meetings=data.meetings, generated=data.generated,
                              public_input=data.public_input, assessed=data.status.unassessed < data.status.themes,
                              extensions=tuple((name, long_date(day.isoformat()))
                                               for name, day in data.status.extensions))


def support_lines(area: AreaReport, language: str) -> list[str]:
    """ "Enig (4): Kongsberg kommune, …" for every position somebody took."""
    labels = POSITION_LABELS.get(language, POSITION_LABELS["nb"])
    return [f"{labels[key]} ({len(names)}): {', '.join(names)}"
            for key in CODES if (names := area.support.get(key, ()))]


def assessment_label(theme: ThemeReport, language: str) -> str | None:
    """The assessment's label in the report's language."""
    if theme.assessment:
        return words_for(language)["assessments"].get(theme.assessment, theme.assessment)
    return theme.assessment


def short_quote(text: str, limit: int = QUOTE_MAX) -> str:
    """The text on one line, cut at a word before `limit` characters with "…"."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else textwrap.shorten(flat, limit, placeholder=" …")


def dated(row: OverviewRow, w: dict) -> str:
    """The row's one date with what it is: "Møte 11. mars 2019", "Vedtatt …", "Mottatt …"."""
    return w["dated"].get(row.kind, "%(date)s") % {"date": long_date(row.date.isoformat())} if row.date else ""


# --- the first pages ---------------------------------------------------------------------

def _set_properties(document, data: ReportData, w: dict, now: datetime) -> None:
    word.set_properties(document, title=data.title, subject=w["subtitle"],
                        author=texts.report_author(data.language, data.region), language=data.language,
                        keywords=w["keywords"], status=w["provisional" if data.status.is_provisional else "final"],
                        now=now)
    section = document.sections[0]  # A4, not the template's US Letter
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)


def _add_title_page(document, data: ReportData, w: dict):
    """Title, «Foreløpig» while provisional, the status box and the contents' heading (returned)."""
    document.add_heading(data.title, level=0)
    document.add_paragraph(f"{w['subtitle']} – {data.region}", style="Subtitle")
    if data.note:
        document.add_paragraph().add_run(data.note).bold = True
    if data.status.is_provisional:
        mark = document.add_paragraph()
        run = mark.add_run(w["provisional"].upper())
        run.bold, run.font.size, run.font.color.rgb = True, Pt(16), PROVISIONAL_COLOUR
        mark.add_run(w["provisional_note"])
    if data.withheld:
        notice = document.add_paragraph()
        run = notice.add_run(w["internal"].upper())
        run.bold, run.font.color.rgb = True, PROVISIONAL_COLOUR
        notice.add_run(" – " + w["internal_note"] % {"tag": w["withheld_tag"]})
    _add_status(document, data, w)
    return document.add_paragraph(w["contents"], style="TOC Heading")._p


def _add_status(document, data: ReportData, w: dict) -> None:
    """The status box: a shaded one-cell table listing what is outstanding."""
    if not data.status.lines:
        return
    table = document.add_table(rows=1, cols=1)
    table.style = "Table Grid"
    cell = table.rows[0].cells[0]
    word.shade(cell, STATUS_FILL)
    title = cell.paragraphs[0].add_run(w["status"] % {"date": long_date(data.generated.isoformat())})
    title.bold = True
    for line in data.status.lines:
        cell.add_paragraph(line, style="List Bullet")
    document.add_paragraph()


def _add_summary(document, data: ReportData, w: dict) -> None:
    document.add_heading(w["summary"], level=1)
    if data.summary:
        document.add_heading(w["areas"], level=2)
    for area in data.summary:
        document.add_heading(area.title, level=3)
        paragraph = document.add_paragraph()
        for n, sentence in enumerate(area.sentences):
            _add_sentence(paragraph, (" " if n else "") + sentence,
                          area.language if n == area.quoted else "", data.language)
        _mark_withheld(document, paragraph, " ".join(area.sentences), w)
    if data.yes_no:
        document.add_heading(w["yes_no"], level=2)
        for row in data.yes_no:
            document.add_heading(heading_text(row.question), level=3)
            document.add_paragraph(yes_no_sentence(row, data.language))
    if data.focus_areas:
        document.add_heading(w["ranking"], level=2)
        if data.ranking_note:
            document.add_paragraph(data.ranking_note)
        if data.ranking:
            rows = [(str(row.place), row.title, mean_rank_text(row.mean_rank), str(row.borda), str(row.ranked_by))
                    for row in data.ranking]
            table = _add_table(document, (w["place"], w["area"], w["mean"], w["borda"], w["ranked_by"]), rows)
            word.set_widths(table, [Cm(1.8), Cm(6.7), Cm(2.6), Cm(2.6), Cm(2.3)])
        document.add_heading(w["chart"], level=2)
        _add_chart(document, data, w)


def _add_sentence(paragraph, sentence: str, quote_language: str, language: str) -> None:
    """A sentence as runs; a «quote» inside it is tagged with its own written standard."""
    start, end = sentence.find("«"), sentence.rfind("»")
    if not quote_language or quote_language == language or start < 0 or end < start:
        paragraph.add_run(sentence)
        return
    paragraph.add_run(sentence[:start + 1])
    word.set_language(paragraph.add_run(sentence[start + 1:end]), quote_language)
    paragraph.add_run(sentence[end:])


def _add_chart(document, data: ReportData, w: dict) -> None:
    labels = POSITION_LABELS.get(data.language, POSITION_LABELS["nb"])
    section = document.sections[-1]
    width = section.page_width - section.left_margin - section.right_margin
    counts = position_counts(data)
    most = max((sum(column) for column in zip(*counts.values(), strict=True)), default=0)
    for areas, part in chart_pages(data.focus_areas, counts):
        picture = document.add_picture(io.BytesIO(chart_png(areas, part, labels, w["count"], most)), width=Emu(width))
        picture._inline.docPr.set("descr", chart_alt_text(areas, part, labels, w["chart_alt"]))


def _add_overview(document, data: ReportData, w: dict) -> None:
    document.add_heading(w["overview"], level=1)
    if not data.overview:
        document.add_paragraph(w["no_rows"])
        return
    _keep_with_next(document.add_paragraph(w["overview_note"]))  # with its heading, on the page of the tables
    for is_municipality, title, first in ((True, w["municipalities"], w["municipality"]),
                                          (False, w["others"], w["name"])):
        rows = [(r.consultee, dated(r, w), r.arena, r.description)
                for r in data.overview if r.is_municipality is is_municipality]
        if rows:
            document.add_heading(title, level=2)
            table = _add_table(document, (first, w["date"], w["arena"], w["description"]), rows)
            word.set_widths(table, [Cm(4.0), Cm(3.5), Cm(5.0), Cm(3.5)])
            _font_size(table, Pt(10))


def _font_size(table, size) -> None:
    for cell in (c for row in table.rows for c in row.cells):
        for run in (r for p in cell.paragraphs for r in p.runs):
            run.font.size = size


def _add_table(document, header: tuple[str, ...], rows: list[tuple[str, ...]]):
    table = document.add_table(rows=1, cols=len(header))
    table.style = TABLE_STYLE
    for cell, title in zip(table.rows[0].cells, header, strict=True):
        cell.text = title
    repeat_as_header(table.rows[0])
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    return table


# --- focus areas ---------------------------------------------------------------------------

#: Lines of a paragraph, or items of a list, short enough to keep on one page
SHORT_LIST = 12


def _keep_with_next(paragraph) -> None:
    """Never alone at the foot of a page: on the page of what follows it."""
    paragraph.paragraph_format.keep_with_next = True


def _add_area(document, area: AreaReport, language: str, w: dict, analysed: bool) -> None:
    _keep_with_next(document.add_heading(f"{area.group}: {area.title}" if area.group else area.title, level=1))
    if not area.is_other:
        lines = support_lines(area, language)
        lead = document.add_paragraph(w["positions"] if lines else w["no_positions"])
        lead.paragraph_format.keep_with_next = bool(lines)  # never alone at the foot of a page
        for line in lines:
            document.add_paragraph(line, style="List Bullet")
    if not area.themes:
        document.add_paragraph(w["no_themes"] if analysed else w["not_analysed"])
    for theme in area.themes:
        _add_theme(document, theme, language, w)


def _add_theme(document, theme: ThemeReport, language: str, w: dict) -> None:
    # The heading and «Tatt opp av …» stay on the page of the theme's first quote
    heading = document.add_heading(heading_text(theme.label), level=2)
    word.tag_paragraph(heading, theme.label_language, language)
    _keep_with_next(heading)
    if theme.consultees:
        _keep_with_next(document.add_paragraph(f"{w['raised_by']}: {', '.join(theme.consultees)}"))
    for quote in theme.quotes:
        if quote.text.strip():
            paragraph = document.add_paragraph(style="Quote")
            run = paragraph.add_run(f"«{short_quote(quote.text)}»")
            if quote.language and quote.language != language:
                word.set_language(run, quote.language)
            if quote.consultee:  # a meeting's notes are working notes, not the consultee's statement: said so
                paragraph.add_run(f" – {quote.consultee}" + (f", {w['in_meeting']}" if quote.kind == MEETING else ""))
            _mark_withheld(document, paragraph, quote.text, w)
    label = assessment_label(theme, language)
    if label:  # the status box counts the themes not yet assessed
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{w['assessment']}: ").bold = True
        paragraph.add_run(" ".join(p for p in (f"{label}.", " ".join(theme.assessment_text.split())) if p))


# --- the matrix and the minutes ------------------------------------------------------------

def _add_matrix(document, data: ReportData, w: dict) -> None:
    wide = len(data.focus_areas) > PORTRAIT_MAX_AREAS
    if wide:
        word.new_section(document, word.LANDSCAPE)
    heading = document.add_heading(w["matrix"], level=1)
    if not wide:
        word.page_break_before(heading)
    # The positions' letters; a blank cell is a consultee who did not answer for that focus area
    letters = POSITION_LETTERS.get(data.language, POSITION_LETTERS["nb"])
    rows = [(name, *(letters.get(p, "") if p else "" for p in positions)) for name, positions in data.matrix]
    # The invited who have not answered, last, with empty cells: the reader sees who is missing
    rows += [(name, *("" for _ in data.focus_areas)) for name in data.status.not_answered]
    table = _add_table(document, (w["consultee"], *data.focus_areas), rows)
    _font_size(table, Pt(9))
    section = document.sections[-1]
    first = Cm(2.8)  # the rest share the line evenly, so that one long title does not squeeze the others
    rest = (section.page_width - section.left_margin - section.right_margin - first) // len(data.focus_areas)
    word.set_widths(table, [first] + [Emu(rest)] * len(data.focus_areas))
    document.add_paragraph(w["legend"])
    if wide:
        word.new_section(document, word.PORTRAIT)


def appendix_heading(data: ReportData, w: dict) -> str:
    """ "Vedlegg: Referater og høringssvar", or only the one of them the appendix holds."""
    kinds = {m.kind for m in data.minutes}
    if kinds == {RECEIVED}:
        return w["responses"]
    return w["minutes_and_responses"] if RECEIVED in kinds else w["minutes"]


def heading_text(text: str) -> str:
    """A heading taken from a question or a label, without the full stop a sentence ends with."""
    text = text.strip()
    return text[:-1].rstrip() if text.endswith(".") and not text.endswith("..") else text


def _add_minutes_part(document, data: ReportData, w: dict, progress) -> None:
    heading = document.add_heading(appendix_heading(data, w), level=1)
    if len(data.focus_areas) <= PORTRAIT_MAX_AREAS:  # else the portrait section after the matrix starts a page
        word.page_break_before(heading)
    if not data.minutes:
        document.add_paragraph(w["no_minutes"])
        return
    document.add_paragraph(w["minutes_note"] if data.meetings else w["responses_note"])
    every = max(1, len(data.minutes) // 10)
    unanswered = texts_for(data.language)["unanswered"]
    for number, minutes in enumerate(data.minutes, start=1):
        _add_minutes(document, minutes, unanswered, data.language, w)
        if progress and number % every == 0:
            progress(number / len(data.minutes))


def _add_minutes(document, minutes: Minutes, unanswered: str, language: str, w: dict) -> None:
    document.add_heading(minutes.heading, level=2)
    if minutes.meta:  # «Mottatt …»: with its heading, on the page where the minutes begin
        meta = document.add_paragraph()
        meta.add_run(minutes.meta).italic = True
        _keep_with_next(meta)
    for n, (question, text) in enumerate(minutes.sections):
        document.add_heading(heading_text(question), level=3)
        own = minutes.languages[n] if n < len(minutes.languages) else ""
        for paragraph in _add_text(document, text, unanswered, own, language):
            _mark_withheld(document, paragraph, paragraph.text, w)
    if minutes.attendees:
        document.add_paragraph().add_run(minutes.attendees).italic = True


def _mark_withheld(document, paragraph, text: str, w: dict) -> None:
    """In the internal edition, a red tag after a paragraph holding words withheld from the public."""
    if document.withheld is None or not document.withheld.overlaps(text):
        return
    run = paragraph.add_run(f" [{w['withheld_tag']}]")
    run.italic, run.font.color.rgb = True, PROVISIONAL_COLOUR


def _add_text(document, text: str, unanswered: str, text_language: str, language: str) -> list:
    """Paragraphs on blank lines; lines starting with "- " as bullets, others kept as lines: those written.

    A paragraph of at most SHORT_LIST lines (a ranking, an address) is not cut across pages, nor is a
    bulleted list of at most SHORT_LIST items."""
    parts = paragraphs_of(text)
    if not parts:
        document.add_paragraph(unanswered)
    written = []
    for lines in parts:
        paragraph, count = None, 0
        for line in lines:
            if line.lstrip().startswith("- "):
                written.append(document.add_paragraph(line.lstrip()[2:].strip(), style="List Bullet"))
                paragraph = None
            elif paragraph is None:
                paragraph, count = document.add_paragraph(line), 1
                written.append(paragraph)
            else:
                paragraph.add_run().add_break()
                paragraph.add_run(line)
                count += 1
                paragraph.paragraph_format.keep_together = True if count <= SHORT_LIST else None
    for paragraph in written:  # a response in the other written standard is spell-checked in it
        word.tag_paragraph(paragraph, text_language, language)
    _keep_short_lists(written)
    return written


def _keep_short_lists(paragraphs: list) -> None:
    """A bulleted list of at most SHORT_LIST items stays on one page: each item but the last keeps with the next."""
    run: list = []
    for paragraph in [*paragraphs, None]:
        if paragraph is not None and paragraph.style.name == "List Bullet":
            run.append(paragraph)
            continue
        if 1 < len(run) <= SHORT_LIST:
            for item in run[:-1]:
                _keep_with_next(item)
        run = []
