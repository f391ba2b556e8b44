"""The summary report as Word, read like the dialogue-meeting appendix of a regional strategy.

Pure module: stdlib, python-docx, matplotlib (Agg) and the receipt's helpers; renders a plain
ReportData, never sees a database row or a request.
"""
from __future__ import annotations

import io
import textwrap
from collections.abc import Callable

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt
from docx.text.paragraph import Paragraph
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from app.reports.data import AreaReport, Minutes, ReportData, ThemeReport
from app.responses.receipt import (
    add_header_footer,
    ascii_slug,
    long_date,
    paragraphs_of,
    repeat_as_header,
    texts_for,
)
from app.responses.snapshot import POSITION_LABELS
from app.text import xml_safe_all

POSITIONS = ("enig", "delvis_enig", "uenig", "ingen_merknad")
#: Matrix cell codes; a blank cell is a consultee who did not answer for that focus area
CODES = {"enig": "E", "delvis_enig": "D", "uenig": "U", "ingen_merknad": "–"}
#: Okabe–Ito colours, told apart also by readers with colour vision deficiency
COLOURS = {"enig": "#009E73", "delvis_enig": "#F0E442", "uenig": "#D55E00", "ingen_merknad": "#BBBBBB"}
TABLE_STYLE = "Light Grid Accent 1"
#: The matrix goes into a landscape section when it has more focus areas than this
PORTRAIT_MAX_AREAS = 5
QUOTE_MAX = 300
#: Characters python-docx turns into tabs and line breaks inside a run
_BREAKS = frozenset("\t\r\n")

WORDS = {
    "nb": {"subtitle": "Oppsummering av høringssvar og dialogmøter", "contents": "Innhold",
           "toc_hint": "Høyreklikk og velg «Oppdater felt» for å vise innholdsfortegnelsen.",
           "intro": "Innledning", "overview": "Oversikt over svar og dialogmøter",
           "consultee": "Høringsinstans", "date": "Dato", "arena": "Arena",
           "description": "Beskrivelse", "no_rows": "Ingen svar eller møter er registrert.",
           "positions": "Standpunkt fra høringsinstansene:",
           "no_positions": "Ingen har tatt stilling til dette satsingsområdet.",
           "no_themes": "Ingen tema er funnet i merknadene.", "raised_by": "Tatt opp av",
           "assessment": "Sekretariatets vurdering", "not_assessed": "Ikke vurdert ennå.",
           "minutes": "Referater", "no_minutes": "Ingen referater.",
           "matrix": "Standpunkt per høringsinstans og satsingsområde",
           "legend": "E = {enig}, D = {delvis_enig}, U = {uenig}, – = {ingen_merknad}; "
                     "tom rute = ikke svart.",
           "chart": "Standpunkt per satsingsområde",
           "chart_alt": "Liggende stablede stolper med antall høringsinstanser per standpunkt "
                        "for hvert satsingsområde.",
           "count": "Antall høringsinstanser"},
    "nn": {"subtitle": "Oppsummering av høyringssvar og dialogmøte", "contents": "Innhald",
           "toc_hint": "Høgreklikk og vel «Oppdater felt» for å vise innhaldslista.",
           "intro": "Innleiing", "overview": "Oversikt over svar og dialogmøte",
           "consultee": "Høyringsinstans", "date": "Dato", "arena": "Arena",
           "description": "Skildring", "no_rows": "Ingen svar eller møte er registrerte.",
           "positions": "Standpunkt frå høyringsinstansane:",
           "no_positions": "Ingen har teke stilling til dette satsingsområdet.",
           "no_themes": "Ingen tema er funne i merknadene.", "raised_by": "Teke opp av",
           "assessment": "Sekretariatet si vurdering", "not_assessed": "Ikkje vurdert enno.",
           "minutes": "Referat", "no_minutes": "Ingen referat.",
           "matrix": "Standpunkt per høyringsinstans og satsingsområde",
           "legend": "E = {enig}, D = {delvis_enig}, U = {uenig}, – = {ingen_merknad}; "
                     "tom rute = ikkje svart.",
           "chart": "Standpunkt per satsingsområde",
           "chart_alt": "Liggjande stabla søyler med talet på høyringsinstansar per standpunkt "
                        "for kvart satsingsområde.",
           "count": "Talet på høyringsinstansar"},
}
#: Assessment labels arrive in bokmål; a nynorsk report shows them in nynorsk
ASSESSMENTS_NN = {"Tatt til følge": "Teke til følgje", "Delvis tatt til følge": "Delvis teke til følgje",
                  "Ikke tatt til følge": "Ikkje teke til følgje"}


def words_for(language: str) -> dict[str, str]:
    """The report's fixed texts in "nb" or "nn" (bokmål for anything else)."""
    return WORDS.get(language, WORDS["nb"])


def report_filename(data: ReportData, extension: str = "docx") -> str:
    """The report's download name, e.g. "oppsummering-strategi-kongsbergregionen-2019-2030.docx"."""
    title = data.title.replace("–", "-").replace("—", "-")  # "2019–2030" stays two numbers
    return "-".join(p for p in ("oppsummering", ascii_slug(title)) if p) + f".{extension}"


def report_docx(data: ReportData, progress: Callable[[float], None] | None = None) -> bytes:
    """The summary report as .docx bytes; `progress` hears the share done (0–1) as the minutes are written."""
    data = xml_safe_all(data)  # stored texts (old versions, notes, theme labels) may hold what XML cannot
    w = words_for(data.language)
    document = _Document(docx.Document())
    _set_properties(document, data)
    add_header_footer(document.document, data.region, texts_for(data.language))
    document.add_heading(data.title, level=0)
    document.add_paragraph(f"{w['subtitle']} – {data.region}", style="Subtitle")
    document.add_paragraph(w["contents"], style="TOC Heading")
    _add_toc(document.add_paragraph(), w["toc_hint"])
    document.add_heading(w["intro"], level=1)
    for text in introduction(data):
        document.add_paragraph(text)
    _add_overview(document, data, w)
    for area in data.areas:
        _add_area(document, area, data.language, w)
    document.add_heading(w["minutes"], level=1)
    if not data.minutes:
        document.add_paragraph(w["no_minutes"])
    every = max(1, len(data.minutes) // 10)
    for number, minutes in enumerate(data.minutes, start=1):
        _add_minutes(document, minutes, texts_for(data.language)["unanswered"])
        if progress and number % every == 0:
            progress(number / len(data.minutes))
    if data.focus_areas:
        _add_matrix(document, data, w)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class _Document:
    """A python-docx document that adds body paragraphs quickly, writing the same XML.

    python-docx resolves a style name on every assignment, scanning all of the template's styles
    for the default one, and finds the body's end by scanning every paragraph before it; over the
    ~2,000 paragraphs of a large round that was most of the time. Here each style name is resolved
    once per document and its id set directly.
    """

    def __init__(self, document) -> None:
        self.document = document
        self._style_ids: dict[str, str | None] = {}
        #: The body's closing sectPr, which stays last when sections are added: python-docx finds
        #: it by scanning every paragraph before it, for every new paragraph
        self._end = document.element.body.sectPr

    def add_paragraph(self, text: str = "", style: str | None = None):
        if self._end is None:
            paragraph = self.document.add_paragraph(text)
        else:
            p = OxmlElement("w:p")
            self._end.addprevious(p)
            paragraph = Paragraph(p, self.document._body)
            if text and not _BREAKS.intersection(text):
                p.add_r().add_t(text)  # what run.text writes, without its character-by-character pass
            elif text:
                paragraph.add_run(text)
        if style is not None:
            if style not in self._style_ids:
                self._style_ids[style] = self.document.part.get_style_id(style, WD_STYLE_TYPE.PARAGRAPH)
            paragraph._p.style = self._style_ids[style]
        return paragraph

    def add_heading(self, text: str, level: int):
        return self.add_paragraph(text, "Title" if level == 0 else f"Heading {level}")

    def __getattr__(self, name: str):
        return getattr(self.document, name)


# --- texts ----------------------------------------------------------------------------

def introduction(data: ReportData) -> list[str]:
    """The introduction's paragraphs: the round, the draft, the period and the counts."""
    period = f"{long_date(data.period_start.isoformat())} – {long_date(data.period_end.isoformat())}"
    if data.language == "nn":
        counts = (f"{_count(data.invited, 'høyringsinstans', 'høyringsinstansar')} vart inviterte "
                  f"til å svare, og {data.answered} har svart.")
        meetings = f" I tillegg vart det halde {_count(data.meetings, 'dialogmøte', 'dialogmøte')}."
        return [f"Denne oppsummeringa gjeld høyringa «{data.title}». {data.region} sende "
                f"«{data.draft_name}» på høyring, og høyringsperioden var {period}.",
                counts + (meetings if data.meetings else ""),
                "Først kjem ei oversikt over alle svar og møte, så standpunkt, tema og sekretariatet "
                "si vurdering for kvart satsingsområde, deretter referat frå kvart svar og møte, "
                f"og til slutt ein matrise over standpunkta. Dokumentet vart laga "
                f"{long_date(data.generated.isoformat())}."]
    counts = (f"{_count(data.invited, 'høringsinstans', 'høringsinstanser')} ble invitert til å "
              f"svare, og {data.answered} har svart.")
    meetings = f" I tillegg ble det holdt {_count(data.meetings, 'dialogmøte', 'dialogmøter')}."
    return [f"Denne oppsummeringen gjelder høringen «{data.title}». {data.region} sendte "
            f"«{data.draft_name}» på høring, og høringsperioden var {period}.",
            counts + (meetings if data.meetings else ""),
            "Først kommer en oversikt over alle svar og møter, så standpunkt, tema og "
            "sekretariatets vurdering for hvert satsingsområde, deretter referat fra hvert svar "
            f"og møte, og til slutt en matrise over standpunktene. Dokumentet ble laget "
            f"{long_date(data.generated.isoformat())}."]


def _count(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


def support_lines(area: AreaReport, language: str) -> list[str]:
    """ "Enig (4): Kongsberg kommune, …" for every position somebody took."""
    labels = POSITION_LABELS.get(language, POSITION_LABELS["nb"])
    return [f"{labels[key]} ({len(names)}): {', '.join(names)}"
            for key in POSITIONS if (names := area.support.get(key, ()))]


def assessment_label(theme: ThemeReport, language: str) -> str | None:
    """The assessment's label in the report's language."""
    if theme.assessment and language == "nn":
        return ASSESSMENTS_NN.get(theme.assessment, theme.assessment)
    return theme.assessment


def short_quote(text: str, limit: int = QUOTE_MAX) -> str:
    """The text on one line, cut at a word before `limit` characters with "…"."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else textwrap.shorten(flat, limit, placeholder=" …")


# --- sections -------------------------------------------------------------------------

def _set_properties(document, data: ReportData) -> None:
    document.core_properties.title = data.title
    document.core_properties.author = data.region
    document.core_properties.language = "nn-NO" if data.language == "nn" else "nb-NO"
    # Spelling and hyphenation in Norwegian wherever a style does not say otherwise
    lang = document.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    if lang is not None:
        lang.set(qn("w:val"), document.core_properties.language)
    section = document.sections[0]  # A4, not the template's US Letter
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)


def _add_overview(document, data: ReportData, w: dict) -> None:
    document.add_heading(w["overview"], level=1)
    if not data.overview:
        document.add_paragraph(w["no_rows"])
        return
    header = (w["consultee"], w["date"], w["arena"], w["description"])
    rows = [(r.consultee, long_date(r.date.isoformat()) if r.date else "", r.arena, r.description)
            for r in data.overview]
    _add_table(document, header, rows)


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


def _add_area(document, area: AreaReport, language: str, w: dict) -> None:
    document.add_heading(f"{area.group}: {area.title}" if area.group else area.title, level=1)
    lines = support_lines(area, language)
    document.add_paragraph(w["positions"] if lines else w["no_positions"])
    for line in lines:
        document.add_paragraph(line, style="List Bullet")
    if not area.themes:
        document.add_paragraph(w["no_themes"])
    for theme in area.themes:
        _add_theme(document, theme, language, w)


def _add_theme(document, theme: ThemeReport, language: str, w: dict) -> None:
    document.add_heading(theme.label, level=2)
    if theme.consultees:
        document.add_paragraph(f"{w['raised_by']}: {', '.join(theme.consultees)}")
    for consultee, text in theme.quotes:
        if text.strip():
            quote = document.add_paragraph(f"«{short_quote(text)}»", style="Quote")
            if consultee:
                quote.add_run(f" – {consultee}")
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{w['assessment']}: ").bold = True
    label = assessment_label(theme, language)
    paragraph.add_run(" ".join(p for p in (f"{label}." if label else w["not_assessed"],
                                           " ".join(theme.assessment_text.split())) if p))


def _add_minutes(document, minutes: Minutes, unanswered: str) -> None:
    document.add_heading(minutes.heading, level=2)
    if minutes.meta:
        document.add_paragraph().add_run(minutes.meta).italic = True
    for question, text in minutes.sections:
        document.add_heading(question, level=3)
        _add_text(document, text, unanswered)


def _add_text(document, text: str, unanswered: str) -> None:
    """Paragraphs on blank lines; lines starting with "- " as bullets, others kept as lines."""
    parts = paragraphs_of(text)
    if not parts:
        document.add_paragraph(unanswered)
    for lines in parts:
        paragraph = None
        for line in lines:
            if line.lstrip().startswith("- "):
                document.add_paragraph(line.lstrip()[2:].strip(), style="List Bullet")
                paragraph = None
            elif paragraph is None:
                paragraph = document.add_paragraph(line)
            else:
                paragraph.add_run().add_break()
                paragraph.add_run(line)


# --- the matrix -----------------------------------------------------------------------

def _add_matrix(document, data: ReportData, w: dict) -> None:
    if len(data.focus_areas) > PORTRAIT_MAX_AREAS:
        _new_section(document, WD_ORIENT.LANDSCAPE)
    document.add_heading(w["matrix"], level=1)
    labels = POSITION_LABELS.get(data.language, POSITION_LABELS["nb"])
    rows = [(name, *(CODES.get(p, "") if p else "" for p in positions)) for name, positions in data.matrix]
    table = _add_table(document, (w["consultee"], *data.focus_areas), rows)
    for cell in (c for row in table.rows for c in row.cells):
        for run in (r for p in cell.paragraphs for r in p.runs):
            run.font.size = Pt(9)
    document.add_paragraph(w["legend"].format(**{k: v.lower() for k, v in labels.items()}))
    document.add_heading(w["chart"], level=2)
    section = document.sections[-1]
    width = section.page_width - section.left_margin - section.right_margin
    counts = position_counts(data)
    picture = document.add_picture(io.BytesIO(chart_png(data.focus_areas, counts, labels, w["count"])),
                                   width=Emu(width))
    picture._inline.docPr.set("descr", chart_alt_text(data.focus_areas, counts, labels, w["chart_alt"]))


def position_counts(data: ReportData) -> dict[str, list[int]]:
    """Per position, how many consultees took it on each focus area (matrix columns in order)."""
    counts = {key: [0] * len(data.focus_areas) for key in POSITIONS}
    for _, positions in data.matrix:
        for column, position in enumerate(positions[:len(data.focus_areas)]):
            if position in counts:
                counts[position][column] += 1
    return counts


def chart_alt_text(areas, counts: dict[str, list[int]], labels: dict[str, str], lead: str) -> str:
    """What the chart shows, in words, for readers who cannot see it."""
    parts = [f"{area}: " + ", ".join(f"{labels[key].lower()} {counts[key][n]}" for key in POSITIONS)
             for n, area in enumerate(areas)]
    return f"{lead} " + "; ".join(parts) + "."


def chart_png(areas, counts: dict[str, list[int]], labels: dict[str, str], xlabel: str) -> bytes:
    """Stacked horizontal bars of the positions per focus area, as PNG."""
    figure = Figure(figsize=(9, 1.2 + 0.55 * len(areas)), dpi=150)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    # Two "$" would make matplotlib read a title as a formula (and fail on most): each is escaped
    names = [textwrap.fill(area, 38).replace("$", r"\$") for area in areas]
    left = [0] * len(areas)
    for key in POSITIONS:
        bars = axes.barh(names, counts[key], left=left, color=COLOURS[key], label=labels[key],
                         edgecolor="white")
        axes.bar_label(bars, labels=[str(v) if v else "" for v in counts[key]], label_type="center",
                       fontsize=8)
        left = [a + b for a, b in zip(left, counts[key], strict=True)]
    axes.invert_yaxis()
    axes.set_xlabel(xlabel)
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(ncols=4, loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False, fontsize=8)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


# --- Word details python-docx has no API for ------------------------------------------

def _new_section(document, orientation) -> None:
    """A new section on a new page, turned to `orientation` (page numbers run on)."""
    previous = document.sections[-1]
    section = document.add_section(WD_SECTION.NEW_PAGE)
    if section.orientation != orientation:
        section.orientation = orientation
        section.page_width, section.page_height = previous.page_height, previous.page_width


def _add_toc(paragraph, hint: str) -> None:
    """A table-of-contents field over Heading 1–3 that Word fills when fields are updated."""
    _add_field_char(paragraph, "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = 'TOC \\o "1-3" \\h \\z \\u'
    paragraph.add_run()._r.append(instruction)
    _add_field_char(paragraph, "separate")
    paragraph.add_run(hint)
    _add_field_char(paragraph, "end")
    # Word offers to update the fields, and so fills the contents, when the file is opened
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    paragraph.part.document.settings.element.insert_element_before(
        update, "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars",
        "w:rsids", "m:mathPr", "w:themeFontLang", "w:clrSchemeMapping", "w:shapeDefaults",
        "w:decimalSymbol", "w:listSeparator")


def _add_field_char(paragraph, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(char)
