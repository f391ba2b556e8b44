"""Word details python-docx has no API for: a filled table of contents, languages on runs, true properties.

Pure module: python-docx and lxml, no Flask, no database.
"""
from __future__ import annotations

from datetime import datetime
from xml.sax.saxutils import escape

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt
from docx.text.paragraph import Paragraph

#: Word's language tags for the two written standards
LANGUAGE_TAGS = {"nb": "nb-NO", "nn": "nn-NO"}
#: Heading levels the table of contents lists (the minutes' questions, level 3, are left out)
TOC_LEVELS = 2
#: Characters python-docx turns into tabs and line breaks inside a run
_BREAKS = frozenset("\t\r\n")
_RPR_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
_SETTINGS_AFTER_UPDATE = ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars",
                          "w:rsids", "m:mathPr", "w:themeFontLang", "w:clrSchemeMapping", "w:shapeDefaults",
                          "w:decimalSymbol", "w:listSeparator")
APP_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           '<Application>Høring</Application><Company>{company}</Company></Properties>')


class ReportDocument:
    """A python-docx document that adds body paragraphs quickly and keeps its headings for the contents.

    python-docx resolves a style name on every assignment, scanning all of the template's styles
    for the default one, and finds the body's end by scanning every paragraph before it; over the
    ~2,000 paragraphs of a large round that was most of the time. Here each style name is resolved
    once per document and its id set directly.
    """

    def __init__(self, document) -> None:
        self.document = document
        #: the passages withheld from the public, where this edition shows them marked (app.reports.docx_writer)
        self.withheld = None
        self._style_ids: dict[str, str | None] = {}
        #: The body's closing sectPr, which stays last when sections are added: python-docx finds
        #: it by scanning every paragraph before it, for every new paragraph
        self._end = document.element.body.sectPr
        #: (level, text, bookmark) of the headings the contents lists, in order
        self.headings: list[tuple[int, str, str]] = []

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
        """A heading in Word's style; levels 1–2 carry a bookmark the contents link to."""
        paragraph = self.add_paragraph(text, "Title" if level == 0 else f"Heading {level}")
        if 1 <= level <= TOC_LEVELS and text:
            name = f"_Toc{len(self.headings) + 1:08d}"
            _bookmark(paragraph, name, len(self.headings) + 1)
            self.headings.append((level, text, name))
        return paragraph

    def __getattr__(self, name: str):
        return getattr(self.document, name)


def _bookmark(paragraph, name: str, number: int) -> None:
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end.set(qn("w:id"), str(number))
    runs = paragraph._p.findall(qn("w:r"))
    runs[0].addprevious(start)
    runs[-1].addnext(end)


# --- the table of contents ---------------------------------------------------------------------

def add_contents(document: ReportDocument, anchor) -> None:
    """The contents after `anchor`: every heading of levels 1–2, each a link to it with its page number.

    Each entry's page number is a PAGEREF field to the heading's bookmark, which LibreOffice lays
    out itself (so its PDF, the archive's copy too, shows the numbers) and Word fills in when it
    updates the fields, which it offers on opening (`w:updateFields`). The entries are not wrapped
    in a TOC field: LibreOffice takes a TOC field's content as written and never fills its numbers.
    """
    _toc_styles(document)
    for p in reversed([_contents_entry(level, text, bookmark) for level, text, bookmark in document.headings]):
        anchor.addnext(p)
    _update_fields_on_open(document)


def _contents_entry(level: int, text: str, bookmark: str):
    """A "toc N" paragraph linking to the heading's bookmark, a dotted tab, and its page (PAGEREF)."""
    p = OxmlElement("w:p")
    p.get_or_add_pPr().style = f"TOC{level}"
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), bookmark)
    link.set(qn("w:history"), "1")
    run, tab = OxmlElement("w:r"), OxmlElement("w:r")
    run.append(_text(text))
    tab.append(OxmlElement("w:tab"))
    link.extend([run, tab, *_field_start(f"PAGEREF {bookmark} \\h"), _field_char("end")])
    p.append(link)
    return p


def _toc_styles(document) -> None:
    """Word's built-in "toc 1" and "toc 2" styles, with page numbers right-aligned after dots."""
    styles = document.styles
    width = text_width(document)
    for level in range(1, TOC_LEVELS + 1):
        style_id = f"TOC{level}"
        if styles.element.get_by_id(style_id) is not None:
            continue
        style = styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        style.element.styleId = style_id
        style.element.attrib.pop(qn("w:customStyle"), None)  # Word's own style, which it fills itself
        style.base_style = styles["Normal"]
        style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        style.paragraph_format.space_after = Pt(3 if level == 1 else 1)
        style.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        style.font.bold = level == 1


def _field_start(instruction: str) -> list:
    run = OxmlElement("w:r")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run.append(text)
    return [_field_char("begin"), run, _field_char("separate")]


def _field_char(kind: str):
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run.append(char)
    return run


def _text(value: str):
    text = OxmlElement("w:t")
    text.set(qn("xml:space"), "preserve")
    text.text = value
    return text


def _update_fields_on_open(document) -> None:
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is None:
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.insert_element_before(update, *_SETTINGS_AFTER_UPDATE)


# --- languages ---------------------------------------------------------------------------------

def set_language(run, language: str) -> None:
    """Tag a run with the written standard it is in ("nb"/"nn"), for Word's spelling and hyphenation."""
    tag = LANGUAGE_TAGS.get(language)
    if tag is None:
        return
    r_pr = run._r.get_or_add_rPr()
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.insert_element_before(lang, *_RPR_AFTER_LANG)
    lang.set(qn("w:val"), tag)


def tag_paragraph(paragraph, language: str, document_language: str) -> None:
    """Every run of the paragraph in `language`, when it differs from the document's."""
    if language and language != document_language:
        for run in paragraph.runs:
            set_language(run, language)


# --- properties --------------------------------------------------------------------------------

def set_properties(document, *, title: str, subject: str, author: str, language: str, keywords: str,
                   status: str, now: datetime) -> None:
    """Core and application properties that are true of this file, not the template's."""
    props = document.core_properties
    props.title, props.subject, props.author, props.last_modified_by = title, subject, author, author
    props.keywords, props.comments, props.category, props.content_status = keywords, "", "", status
    props.language = LANGUAGE_TAGS.get(language, "nb-NO")
    props.created = props.modified = now.replace(microsecond=0)
    props.revision = 1
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:  # the template's picture of an empty page
            package.rels.pop(rel_id)
        elif rel.reltype == RT.EXTENDED_PROPERTIES:  # "Microsoft Macintosh Word", 1 page, 0 words
            rel.target_part._blob = APP_XML.format(company=escape(author)).encode("utf-8")
    # Spelling and hyphenation in the round's standard wherever a style does not say otherwise
    lang = document.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    if lang is not None:
        lang.set(qn("w:val"), props.language)


# --- layout ------------------------------------------------------------------------------------

def new_section(document, orientation) -> None:
    """A new section on a new page, turned to `orientation` (page numbers run on)."""
    previous = document.sections[-1]
    section = document.add_section(WD_SECTION.NEW_PAGE)
    if section.orientation != orientation:
        section.orientation = orientation
        section.page_width, section.page_height = previous.page_height, previous.page_width


def shade(cell, fill: str) -> None:
    """A table cell's background colour (hex RGB)."""
    tc_pr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tc_pr.append(shading)


def text_width(document) -> int:
    """The width between the first section's margins (EMU)."""
    section = document.sections[0]
    return section.page_width - section.left_margin - section.right_margin


def set_shares(table, document, shares: tuple[float, ...]) -> None:
    """Column widths as shares of the text width (a label column narrow, a text column wide)."""
    width = text_width(document)
    set_widths(table, [Emu(int(width * share)) for share in shares])


def set_widths(table, widths) -> None:
    """Fixed column widths (Word reads the cells', LibreOffice the grid's), so long words are not split."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=False):
        column.width = width
        for cell in column.cells:
            cell.width = width


def page_break_before(paragraph) -> None:
    paragraph.paragraph_format.page_break_before = True


PORTRAIT, LANDSCAPE = WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE
