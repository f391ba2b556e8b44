"""Read a consultation draft (.docx or pasted text) and propose its focus areas.

Pure module: stdlib and lxml only, no Flask and nothing else from ``app``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from app.word_package import (
    MSG_CORRUPT,
    MSG_EMPTY_FILE,
    N_,
    DraftReadError,
    W,
    WordPackage,
    check_package,
)

__all__ = ["Block", "DraftReadError", "ProposedFocusArea", "blocks_to_text", "check_package",
           "propose_focus_areas", "read_docx", "read_text"]

MAX_TITLE_CHARS = 199
MAX_DESCRIPTION_CHARS = 1999
#: Text read from one draft or response, in characters and in paragraphs
MAX_TEXT_CHARS = 500_000
MAX_BLOCKS = 10_000
#: Deepest list level kept (Word has nine, 0–8)
MAX_LEVEL = 8
#: Styles followed through "based on" when looking up a property
MAX_STYLE_CHAIN = 20

_W = W
MSG_NO_TEXT = N_("Dokumentet inneholder ingen tekst.")
MSG_TOO_LONG = N_("Dokumentet er for langt til å leses (høyst %(chars)s tegn og %(blocks)s avsnitt). "
                  "Last opp eller lim inn et kortere dokument.")


@dataclass(frozen=True)
class Block:
    """One unit of the draft, in document order."""

    #: "heading" | "paragraph" | "list_item"
    kind: str
    text: str
    #: heading level 1..9 (a title is 0); list nesting level from 0; 0 for paragraphs
    level: int
    #: list items only: numbered rather than bulleted
    numbered: bool = False
    #: a paragraph in a table: (the table's number, its row, its column), each from 0; None outside tables
    cell: tuple[int, int, int] | None = None


@dataclass(frozen=True)
class ProposedFocusArea:
    """A focus area the secretariat confirms or edits before the round opens."""

    title: str
    #: the heading the area sits under, e.g. "Samfunnsutvikling"
    group: str | None
    description: str


# --- text helpers ---------------------------------------------------------------------

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))


def _clean(text: str) -> str:
    return " ".join(text.translate(_INVISIBLE).split())


def _truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    head = cut.rsplit(None, 1)[0] if " " in cut.strip() else cut
    return head.rstrip(" ,;:.-–") + "…"


# --- .docx ----------------------------------------------------------------------------

def read_docx(data: bytes, *, max_chars: int = MAX_TEXT_CHARS, max_blocks: int = MAX_BLOCKS) -> list[Block]:
    """Read the blocks of a .docx draft, refusing anything that is not a safe Word document.

    The body is streamed paragraph by paragraph (see word_package); past max_chars of text or
    max_blocks paragraphs with text the reading stops with MSG_TOO_LONG.
    """
    if not data:
        raise DraftReadError(MSG_EMPTY_FILE)
    package = WordPackage(data)
    try:
        blocks = _DocxWalker(*package.parts(), _Budget(max_chars, max_blocks)).blocks(package.paragraphs())
    except (ValueError, OverflowError) as exc:
        raise DraftReadError(MSG_CORRUPT) from exc
    if not blocks:
        raise DraftReadError(MSG_NO_TEXT)
    return blocks


class _Budget:
    """Counts what a reader takes in and stops it past its caps on characters and blocks."""

    def __init__(self, max_chars: int = MAX_TEXT_CHARS, max_blocks: int = MAX_BLOCKS) -> None:
        self.max_chars, self.max_blocks = max_chars, max_blocks
        self.chars = self.blocks = 0

    def read(self, raw: str) -> None:
        """Count text as read, spaces and all, before it is cleaned (which splits it into words)."""
        self.chars += len(raw)
        self._check()

    def keep(self) -> None:
        """Count one block kept."""
        self.blocks += 1
        self._check()

    def _check(self) -> None:
        if self.chars > self.max_chars or self.blocks > self.max_blocks:
            raise DraftReadError(MSG_TOO_LONG, chars=_number(self.max_chars), blocks=_number(self.max_blocks))


def _number(n: int) -> str:
    return format(n, ",").replace(",", " ")


_HEADING_NAME = re.compile(r"^(?:heading|overskrift)\s*([1-9])$", re.I)
_TITLE_NAME = re.compile(r"^(?:title|tittel)$", re.I)
_BULLET_NAME = re.compile(r"^(?:list\s*bullet|punktliste)\s*([1-9])?$", re.I)
_NUMBER_NAME = re.compile(r"^(?:list\s*number|nummerert\s*liste)\s*([1-9])?$", re.I)
_LIST_PARAGRAPH_NAME = re.compile(r"^(?:list\s*paragraph|listeavsnitt)$", re.I)
_TOC_NAME = re.compile(r"^(?:toc|innholdsfortegnelse|innhaldsliste)\s*\d*$", re.I)
#: The text of a paragraph, in C whatever its size: not in text boxes, deletions or field codes;
#: tabs and breaks as spaces
_TEXT = etree.XSLT(etree.XML(f"""
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:w="{_W[1:-1]}">
  <xsl:output method="text" encoding="utf-8"/>
  <xsl:template match="w:txbxContent|w:del|w:instrText|w:delText|text()"/>
  <xsl:template match="w:t"><xsl:value-of select="."/></xsl:template>
  <xsl:template match="w:tab|w:br|w:cr"><xsl:text> </xsl:text></xsl:template>
  <xsl:template match="w:noBreakHyphen"><xsl:text>-</xsl:text></xsl:template>
</xsl:stylesheet>"""), access_control=etree.XSLTAccessControl.DENY_ALL)
#: Runs with visible text (empty runs, however many, are not looked at one by one)
_RUNS_WITH_TEXT = etree.XPath(".//w:r[.//w:t[normalize-space()]]", namespaces={"w": _W[1:-1]})


def _on(value: str | None) -> bool:
    """An OOXML on/off property: present without a value means on."""
    return value is not None and value.lower() not in ("0", "false", "off")


def _val(parent, tag: str) -> str | None:
    child = parent.find(f"{_W}{tag}") if parent is not None else None
    return None if child is None else child.get(f"{_W}val")


class _DocxWalker:
    """Turns the streamed paragraphs of a Word body into Blocks, in document order."""

    def __init__(self, styles, numbering, budget: _Budget) -> None:
        self._styles = {s.get(f"{_W}styleId"): s
                        for s in (styles.iter(f"{_W}style") if styles is not None else ())}
        self._default_style = next((sid for sid, s in self._styles.items()
                                    if s.get(f"{_W}type") == "paragraph"
                                    and s.get(f"{_W}default") in ("1", "true")), None)
        self._formats = self._numbering_formats(numbering)
        self._out: list[Block] = []
        self._bold_lines: set[int] = set()
        self._budget = budget
        self._memo: dict[tuple[str | None, str, str], str | None] = {}

    def blocks(self, paragraphs) -> list[Block]:
        """Blocks of (paragraph element, in a table) pairs, read one at a time."""
        for paragraph, cell in paragraphs:
            self._paragraph(paragraph, cell)
        if self._bold_lines and not any(b.kind == "heading" and b.level > 0 for b in self._out):
            # no heading styles below the title (in Word's Title style, or none): bold title-like lines are
            # the headings
            return _infer_headings(self._out, self._bold_lines)
        return self._out

    def _paragraph(self, p, cell: tuple[int, int, int] | None) -> None:
        raw = self._text(p)
        if not raw:
            return
        self._budget.read(raw)
        text = _clean(raw)
        if not text:
            return
        self._budget.keep()
        ppr = p.find(f"{_W}pPr")
        style_id = _val(ppr, "pStyle") or self._default_style
        names = self._style_names(style_id)
        if any(_TOC_NAME.match(n) for n in names):
            return
        if cell is not None:
            self._out.append(Block("paragraph", text, 0, cell=cell))
            return
        block = self._classify(text, ppr, style_id, names)
        if block.kind == "paragraph" and _title_like(text) and self._is_bold(p, style_id):
            self._bold_lines.add(len(self._out))
        self._out.append(block)

    def _is_bold(self, p, style_id: str | None) -> bool:
        """Every run with text is bold, directly, by character style or by paragraph style."""
        paragraph_bold = _on(self._inherited(style_id, "b", root="rPr"))

        def bold(run) -> bool:
            flag = run.find(f"{_W}rPr/{_W}b")
            if flag is not None:
                return _on(flag.get(f"{_W}val", "1"))
            char_style = _val(run.find(f"{_W}rPr"), "rStyle")
            return paragraph_bold or _on(self._inherited(char_style, "b", root="rPr"))

        runs = _RUNS_WITH_TEXT(p)
        return bool(runs) and all(bold(run) for run in runs)

    def _classify(self, text: str, ppr, style_id: str | None, names: list[str]) -> Block:
        for name in names:
            if _TITLE_NAME.match(name):
                return Block("heading", text, 0)
            if match := _HEADING_NAME.match(name):
                return Block("heading", text, int(match.group(1)))
        outline = _val(ppr, "outlineLvl") or self._inherited(style_id, "outlineLvl")
        if outline is not None and outline.isdigit() and int(outline) < 9:
            return Block("heading", text, int(outline) + 1)
        num_id, ilvl = self._num_pr(ppr, style_id)
        for name in names:
            for pattern, numbered in ((_BULLET_NAME, False), (_NUMBER_NAME, True)):
                if match := pattern.match(name):
                    level = _level(ilvl, int(match.group(1) or 1) - 1)
                    return Block("list_item", text, level, numbered)
        if num_id and num_id != "0":
            level = _level(ilvl)
            fmt = self._formats.get((num_id, level))
            return Block("list_item", text, level, fmt not in (None, "bullet", "none"))
        if any(_LIST_PARAGRAPH_NAME.match(n) for n in names):
            return Block("list_item", text, 0)
        return Block("paragraph", text, 0)

    def _num_pr(self, ppr, style_id: str | None) -> tuple[str | None, str | None]:
        num_pr = ppr.find(f"{_W}numPr") if ppr is not None else None
        if num_pr is not None and _val(num_pr, "numId"):
            return _val(num_pr, "numId"), _val(num_pr, "ilvl")
        return self._inherited(style_id, "numPr/numId"), self._inherited(style_id, "numPr/ilvl")

    def _inherited(self, style_id: str | None, path: str, root: str = "pPr") -> str | None:
        """A property from the style or the styles it is based on (MAX_STYLE_CHAIN deep), remembered."""
        key = (style_id, path, root)
        if key not in self._memo:
            self._memo[key] = self._look_up(style_id, "/".join(_W + part for part in [root, *path.split("/")]))
        return self._memo[key]

    def _look_up(self, style_id: str | None, path: str) -> str | None:
        for _ in range(MAX_STYLE_CHAIN):
            style = self._styles.get(style_id) if style_id else None
            if style is None:
                return None
            found = style.find(path)
            if found is not None:
                return found.get(f"{_W}val", "1")
            style_id = _val(style, "basedOn")
        return None

    def _style_names(self, style_id: str | None) -> list[str]:
        style = self._styles.get(style_id) if style_id else None
        names = [style_id] if style_id else []
        if style is not None and _val(style, "name"):
            names.insert(0, _val(style, "name"))
        return names

    @staticmethod
    def _text(paragraph) -> str:
        if next(paragraph.itertext(f"{_W}t"), None) is None:
            return ""  # the quick answer for the empty paragraphs a document may hold by the thousand
        return str(_TEXT(paragraph))

    @staticmethod
    def _numbering_formats(numbering) -> dict[tuple[str, int], str]:
        if numbering is None:
            return {}
        abstract = {}
        for node in numbering.iter(f"{_W}abstractNum"):
            abstract[node.get(f"{_W}abstractNumId")] = {
                _level(lvl.get(f"{_W}ilvl")): _val(lvl, "numFmt") or "decimal"
                for lvl in node.iter(f"{_W}lvl")}
        formats = {}
        for num in numbering.iter(f"{_W}num"):
            levels = dict(abstract.get(_val(num, "abstractNumId"), {}))
            for override in num.iter(f"{_W}lvlOverride"):
                lvl = override.find(f"{_W}lvl")
                if lvl is not None and _val(lvl, "numFmt"):
                    levels[_level(override.get(f"{_W}ilvl"))] = _val(lvl, "numFmt")
            for level, fmt in levels.items():
                formats[(num.get(f"{_W}numId"), level)] = fmt
        return formats


def _level(value: str | None, default: int = 0) -> int:
    """A list level from the file, 0–MAX_LEVEL whatever it says (it becomes indentation)."""
    return min(max(int(value), 0), MAX_LEVEL) if value else default


# --- pasted text ----------------------------------------------------------------------

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)(?:\s+#+)?\s*$")
_BULLET = re.compile(r"^(?:[-*–—•·▪●◦‣○]\s+|[•▪●◦‣](?=\S))(.+)$")
_NUMBERED = re.compile(r"^(?:\d{1,3}|[A-Za-z])[.)]\s+(.+)$")
_SENTENCE_END = (".", "!", "?", ";", ":", ",")


def read_text(text: str) -> list[Block]:
    """Read pasted plain text (bullets, numbers, markdown or title-like headings) into blocks.

    Refused with MSG_TOO_LONG past MAX_TEXT_CHARS or MAX_BLOCKS, as a .docx is.
    """
    budget = _Budget()
    budget.read(text)
    raw = _text_lines(text, budget)
    if any(b.kind == "heading" for b in raw):
        return raw
    return _infer_headings(raw)


def _numbered_sections(blocks: list[Block], lines: list[str]) -> list[Block]:
    """Numbered lines that head sections ("1. Næring", its text, "2. Samferdsel", its text) as the lines they are.

    A short top-level numbered line with text of its own after it, not after another numbered line of its list,
    heads a section when at least two do. It becomes a paragraph, number and all, for _infer_headings to weigh;
    among markdown headings, a heading one level below the one above it. Any other numbered line stays a list item.
    """
    def heads_section(i: int) -> bool:
        block = blocks[i]
        return (block.kind == "list_item" and block.numbered and block.level == 0 and bool(lines[i])
                and _title_like(block.text)
                and i + 1 < len(blocks) and blocks[i + 1].kind == "paragraph"
                and not (i and blocks[i - 1].kind == "list_item" and blocks[i - 1].numbered
                         and blocks[i - 1].level == 0))

    sections = [i for i in range(len(blocks)) if heads_section(i)]
    if len(sections) < 2:
        return blocks
    out, level, chosen = list(blocks), 0, set(sections)
    marked = any(block.kind == "heading" for block in blocks)
    for i, block in enumerate(blocks):
        if block.kind == "heading":
            level = block.level
        elif i in chosen:
            out[i] = Block("heading", lines[i], min(level + 1, 9)) if marked else Block("paragraph", lines[i], 0)
    return out


def _text_lines(text: str, budget: _Budget) -> list[Block]:
    blocks: list[Block] = []
    pieces: list[list[str]] = []  # each block's text as the lines it is joined from
    lines: list[str] = []  # each block's first line as written, number and all
    joinable = False  # may the next line continue the previous block?
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        expanded = line.replace("\u00a0", " ").expandtabs(4)
        stripped = _clean(expanded)
        if not stripped:
            joinable = False
            continue
        indent = len(expanded) - len(expanded.lstrip())
        block = _line_block(stripped, min(indent // 2, MAX_LEVEL))
        if joinable and block.kind == "paragraph" and _continues(blocks[-1], pieces[-1][-1], indent, stripped):
            pieces[-1].append(stripped)
        else:
            budget.keep()
            blocks.append(block)
            pieces.append([block.text])
            lines.append(stripped)
        joinable = block.kind != "heading"
    joined = [Block(b.kind, " ".join(p), b.level, b.numbered) if len(p) > 1 else b
              for b, p in zip(blocks, pieces, strict=True)]
    # a wrapped numbered line heads no section: its first line stands for it only when it is all of it
    return _numbered_sections(joined, [line if len(p) == 1 else "" for line, p in zip(lines, pieces, strict=True)])


def _line_block(text: str, level: int) -> Block:
    if match := _MD_HEADING.match(text):
        return Block("heading", _clean(match.group(2)), len(match.group(1)))
    if match := _BULLET.match(text):
        return Block("list_item", _clean(match.group(1)), level)
    if match := _NUMBERED.match(text):
        return Block("list_item", _clean(match.group(1)), level, True)
    return Block("paragraph", text, 0)


def _continues(previous: Block, last_line: str, indent: int, text: str) -> bool:
    """A wrapped line: indented under a list item, or lower-case after an unfinished line."""
    if previous.kind == "list_item":
        return indent > 0
    return text[0].islower() and not last_line.endswith(_SENTENCE_END)


def _title_like(text: str) -> bool:
    return (len(text) <= 100 and len(text.split()) <= 12 and not text.endswith(_SENTENCE_END)
            and not text[0].islower() and any(c.isalpha() for c in text))


def _infer_headings(raw: list[Block], candidates: set[int] | None = None) -> list[Block]:
    """Promote short title-like lines followed by content to headings (two levels, title 0)."""
    is_heading = [False] * len(raw)
    for i, block in enumerate(raw[:-1]):
        if block.kind != "paragraph" or not _title_like(block.text):
            continue
        if candidates is not None and i not in candidates:
            continue
        if _is_lead_in(raw, i) or _is_intro(raw, i, _HOW, max_words=6):
            continue  # "Satsingsområde" over a list introduces it, like "...er:"
        if i and is_heading[i - 1] and len(block.text.split()) >= 6:
            continue  # a group's lead sentence, written without a final period
        is_heading[i] = True
    blocks, seen_container = [], False
    # The first line is the document's title, unless it opens a numbered series the later headings go on
    # with ("Satsingsområde 1: Bolig" … "Satsingsområde 2: Helse"): then it is the series' first heading
    titled = bool(raw) and is_heading[0] and not any(is_heading[j] and _same_series(raw[0].text, raw[j].text)
                                       for j in range(1, len(raw)))
    # ... and unless it opens a list as a later heading does ("Samferdsel" over "- Veg", as "Helse" over
    # "- Sjukehus"): then it is the first of those headings, not a title that would take its list along
    titled = titled and not (len(raw) > 1 and raw[1].kind == "list_item" and any(
        is_heading[j] and j + 1 < len(raw) and raw[j + 1].kind == "list_item" for j in range(1, len(raw))))
    for i, block in enumerate(raw):
        if not is_heading[i]:
            blocks.append(block)
            continue
        container = i + 1 < len(raw) and is_heading[i + 1]
        level = 0 if i == 0 and titled else 1 if container or not seen_container else 2
        seen_container = seen_container or (container and i > 0)
        blocks.append(Block("heading", block.text, level))
    return blocks


def _same_series(first: str, other: str) -> bool:
    """Whether two heading lines are numbered items of one series: the same first word, each with a number
    among its first two words ("Satsingsområde 1: …", "Satsingsområde 2: …"; "1. Bolig", "2. Helse")."""
    a, b = first.lower().split()[:2], other.lower().split()[:2]
    numbered = [any(ch.isdigit() for ch in " ".join(words)) for words in (a, b)]
    same_start = a[:1] == b[:1] or all(words and words[0].rstrip(".):").isdigit() for words in (a, b))
    return all(numbered) and same_start


def blocks_to_text(blocks: list[Block]) -> str:
    """Render blocks as readable plain text: blank lines between blocks, "- " and "1. " items."""
    lines: list[str] = []
    counters: dict[int, int] = {}
    previous_kind = None
    for block in blocks:
        if block.kind == "list_item":
            if previous_kind != "list_item":
                counters = {}
                if lines:
                    lines.append("")
            counters = {k: v for k, v in counters.items() if k <= block.level}
            if block.numbered:
                counters[block.level] = counters.get(block.level, 0) + 1
                marker = f"{counters[block.level]}."
            else:
                counters.pop(block.level, None)
                marker = "-"
            lines.append(f"{'  ' * block.level}{marker} {block.text}")
        else:
            if lines:
                lines.append("")
            lines.append(block.text)
        previous_kind = block.kind
    return "\n".join(lines)


# --- focus-area proposals -------------------------------------------------------------

_LEAD_IN = re.compile(r"satsing|satsning|innsatsområd|prioriter|fokusområd", re.I)
_HOW = re.compile(
    r"^(?:hvordan|korleis)\b|\btiltak|^(?:utvalgte\s+|utvalde\s+)?strategi(?:er|ar)?\b", re.I)
_ACTIONS = re.compile(r"\btiltak", re.I)
_FACET_WORD = (r"(?:(?:utvalgte|utvalde|prioriterte|våre|vår|dagens)\s+)?"
               r"(?:(?:hoved|del|effekt)?mål(?:setting(?:er|ar)?)?|strategi(?:er|ar)?|tiltak"
               r"|utfordring(?:er|ar)?|status|situasjon(?:en)?|indikator(?:er|ar)?|ansvar"
               r"|roller?|måloppnåelse|måloppnåing|ambisjon(?:er|ar)?|virkemidler|verkemiddel)")
_FACET = re.compile(rf"{_FACET_WORD}(?:\s*(?:,|og)\s*{_FACET_WORD})*", re.I)
_FRONT_MATTER = re.compile(
    r"^(?:innhold|innhald|innholdsfortegnelse|innhaldsliste|forord|føreord|sammendrag|samandrag"
    r"|innledning|innleiing|bakgrunn|vedlegg|kilder|kjelder|kildeliste|referanser|litteratur"
    r"|litteraturliste)\b", re.I)
#: A closing section on carrying the plan out ("Oppfølging og rullering", "Vidare arbeid"), never an area;
#: whole titles only, so that "Oppfølging av unge utanfor arbeid" stays an area
_CLOSING_WORD = (r"(?:oppfølging(?:en)?|oppfylging(?:a)?|gjennomføring(?:en|a)?|iverksetting(?:en|a)?|iverksetjing(?:a)?"
                 r"|implementering(?:en|a)?|rullering(?:en|a)?|revisjon(?:en)?|revidering(?:en|a)?|evaluering(?:en|a)?"
                 r"|rapportering(?:en|a)?|avslutning|avslutting|oppsummering|(?:det\s+)?vid(?:ere|are)\s+arbeid(?:et)?"
                 r"|veien\s+(?:videre|fremover|framover)|vegen\s+(?:vidare|framover))")
_CLOSING = re.compile(
    rf"{_CLOSING_WORD}(?:\s*(?:,|og)\s*{_CLOSING_WORD})*"
    r"(?:\s+(?:av|med|for|i)\s+(?:planen|strategien|strategiplanen|regionplanen|regionalplanen"
    r"|handlingsplanen|styringsdokumentet|dokumentet|samarbeidet|arbeidet|planperioden|perioden))?", re.I)
_NUMBER_PREFIX = re.compile(r"^(?:\d+(?:\.\d+)*[.)]?|[A-Za-z][.)])\s+")


def propose_focus_areas(blocks: list[Block]) -> list[ProposedFocusArea]:
    """Propose focus areas: from lead-in lists ("Satsingsområder:") or else from leaf headings."""
    areas = _from_lead_ins(blocks) or _from_headings(blocks)
    unique: dict[str, ProposedFocusArea] = {}
    for area in areas:
        if area.title and area.title.casefold() not in unique:
            unique[area.title.casefold()] = area
    return list(unique.values())


def title_key(title: str) -> str:
    """A focus area's title as two titles are compared loosely: without a leading number ("2.", "3.1",
    "B)"), case or extra spacing, so «2. Samferdsel  og infrastruktur» names «Samferdsel og infrastruktur»."""
    return " ".join(_NUMBER_PREFIX.sub("", " ".join(title.split())).casefold().split())


def _is_intro(blocks: list[Block], i: int, pattern: re.Pattern, max_words: int = 3) -> bool:
    """A colon-ended or very short line matching pattern, directly over a list.

    "Satsingsområde 2 – Stadutvikling" is a heading of its own, not an introduction.
    """
    block = blocks[i]
    text = _NUMBER_PREFIX.sub("", block.text)
    if block.kind == "list_item" or not pattern.search(text):
        return False
    short = text.endswith(":") or (len(text.split()) <= max_words
                                   and not any(c.isdigit() for c in text))
    return short and i + 1 < len(blocks) and blocks[i + 1].kind == "list_item"


def _is_lead_in(blocks: list[Block], i: int) -> bool:
    """An introduction of focus areas; "Prioriterte tiltak:" introduces actions instead."""
    return _is_intro(blocks, i, _LEAD_IN) and not _ACTIONS.search(blocks[i].text)


def _is_front_or_back_matter(text: str) -> bool:
    """A section around the areas ("Innledning", "Vedlegg", "3. Oppfølging og rullering"), never an area."""
    title = _clean_title(text)
    return bool(_FRONT_MATTER.match(title) or _CLOSING.fullmatch(title))


def _is_facet(text: str) -> bool:
    """A heading for one side of an area ("Mål", "Strategiar", "Hvordan"), never an area."""
    text = _clean_title(text)
    return bool(re.match(r"(?:hvordan|korleis)\b", text, re.I) or _FACET.fullmatch(text))


def _list_end(blocks: list[Block], start: int) -> int:
    end = start
    while end < len(blocks) and blocks[end].kind == "list_item":
        end += 1
    return end


def _from_lead_ins(blocks: list[Block]) -> list[ProposedFocusArea]:
    title_index = _title_index(blocks)
    sections = _heading_sections(blocks)
    areas = []
    latest: dict[int, int] = {}  # heading level -> index of the latest heading of that level so far
    for i, block in enumerate(blocks):
        if _is_lead_in(blocks, i):
            ceiling = block.level if block.kind == "heading" else 10
            group_index = max((j for level, j in latest.items() if level < ceiling), default=None)
            group = _group_name(blocks, group_index, title_index)
            for title, subs in _top_items(blocks[i + 1:_list_end(blocks, i + 1)]):
                # Only what belongs to this area describes it: its own sub-items, and a later heading of
                # the same name (the area written out). The group's lead and its "Hvordan" list are
                # shared by every area of the group and would only blur them apart.
                detail = sections.get(_clean_title(title).casefold(), "")
                description = "\n\n".join(part for part in (subs, detail) if part)
                areas.append(_area(title, group, description))
        if block.kind == "heading":
            latest[block.level] = i
    return areas


def _group_name(blocks: list[Block], index: int | None, title_index: int | None) -> str | None:
    if index is None or index == title_index:
        return None
    if _is_front_or_back_matter(blocks[index].text) or _LEAD_IN.search(blocks[index].text):
        return None  # "Satsingsområde" over the list is no group of its own
    return _clean_title(blocks[index].text) or None


def _top_items(items: list[Block]) -> list[tuple[str, str]]:
    """Top-level items of a list, each with its deeper items as "- sub" lines."""
    base = min(item.level for item in items)
    tops: list[tuple[str, list[str]]] = []
    for item in items:
        if item.level == base or not tops:
            tops.append((item.text, []))
        else:
            tops[-1][1].append(f"{'  ' * (item.level - base - 1)}- {item.text}")
    return [(title, "\n".join(subs)) for title, subs in tops]


def _title_index(blocks: list[Block]) -> int | None:
    """The document title: a level-0 heading, or a first heading above all others."""
    heads = [i for i, block in enumerate(blocks) if block.kind == "heading"]
    if not heads:
        return None
    first = blocks[heads[0]]
    if first.level == 0 or all(blocks[i].level > first.level for i in heads[1:]):
        return heads[0]
    return None


def _from_headings(blocks: list[Block]) -> list[ProposedFocusArea]:
    title_index = _title_index(blocks)
    heads = _structural_heads(blocks)
    areas = []
    enclosing: list[int] = []  # the headings around the current one, outermost first
    for n, i in enumerate(heads):
        while enclosing and blocks[enclosing[-1]].level >= blocks[i].level:
            enclosing.pop()
        ancestors = enclosing[::-1]
        enclosing.append(i)
        end = heads[n + 1] if n + 1 < len(heads) else len(blocks)
        is_leaf = end == len(blocks) or blocks[end].level <= blocks[i].level
        if i == title_index or not is_leaf or end == i + 1 or _is_facet(blocks[i].text):
            continue
        if any(_is_front_or_back_matter(blocks[j].text) for j in [i, *ancestors]):
            continue
        group = _group_name(blocks, ancestors[0], title_index) if ancestors else None
        areas.append(_area(blocks[i].text, group, _describe(blocks[i + 1:end])))
    return areas


def _structural_heads(blocks: list[Block]) -> list[int]:
    """Heading indexes, leaving out facet headings ("Mål", "Tiltak") nested under an area."""
    heads: list[int] = []
    for i, block in enumerate(blocks):
        if block.kind != "heading":
            continue
        if heads and _is_facet(block.text) and block.level > blocks[heads[-1]].level:
            continue
        heads.append(i)
    return heads


def _describe(content: list[Block]) -> str:
    lines = []
    for block in content:
        if block.cell is not None:
            continue  # a table (Mål / Indikator / Ansvar) read cell by cell would be no description
        if block.kind == "list_item":
            lines.append(f"{'  ' * block.level}- {block.text}")
        elif block.kind == "heading" and not block.text.endswith(_SENTENCE_END):
            lines.append(f"{block.text}:")
        else:
            lines.append(block.text)
    return "\n".join(lines)


def _heading_sections(blocks: list[Block]) -> dict[str, str]:
    """Each heading's own text (up to the next heading), by its cleaned, case-folded title."""
    heads = _structural_heads(blocks) + [len(blocks)]
    return {_clean_title(blocks[i].text).casefold(): _describe(blocks[i + 1:end])
            for i, end in zip(heads, heads[1:], strict=False) if end > i + 1}


def _clean_title(text: str) -> str:
    title = _NUMBER_PREFIX.sub("", text.strip()).rstrip(" \t:;,.-–—").strip("«»“”„\"' ")
    if title.isupper() and len(title) > 3:
        title = title[0] + title[1:].lower()
    return _truncate(title, MAX_TITLE_CHARS)


def _area(title: str, group: str | None, description: str) -> ProposedFocusArea:
    return ProposedFocusArea(_clean_title(title), group,
                             _truncate(description.strip(), MAX_DESCRIPTION_CHARS))
