"""Read a consultation draft (.docx or pasted text) and propose its focus areas.

Pure module: stdlib and python-docx only, no Flask and nothing from ``app``.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from xml.etree import ElementTree

import docx
from docx.opc.exceptions import PackageNotFoundError

MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
MAX_TITLE_CHARS = 199
MAX_DESCRIPTION_CHARS = 1999

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"

MSG_NOT_DOCX = "Filen er ikke et gyldig Word-dokument (.docx)."
MSG_CORRUPT = "Filen er skadet og kan ikke leses som et Word-dokument (.docx)."
MSG_MACROS = ("Filen inneholder makroer (.docm). Lagre den som et vanlig Word-dokument "
              "(.docx) og prøv igjen.")
MSG_TOO_LARGE = "Filen er for stor eller for sammensatt til å leses. Last opp et mindre dokument."
MSG_EMPTY_FILE = "Filen er tom."
MSG_NO_TEXT = "Dokumentet inneholder ingen tekst."


class DraftReadError(Exception):
    """A draft that cannot be read; the message is Norwegian and shown to the user."""


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

def read_docx(data: bytes) -> list[Block]:
    """Read the blocks of a .docx draft, refusing anything that is not a safe Word document."""
    if not data:
        raise DraftReadError(MSG_EMPTY_FILE)
    check_package(data)
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = _DocxWalker(document).blocks()
    except (PackageNotFoundError, zipfile.BadZipFile, zlib.error, KeyError, ValueError,
            EOFError, OSError, SyntaxError) as exc:
        raise DraftReadError(MSG_CORRUPT) from exc
    if not blocks:
        raise DraftReadError(MSG_NO_TEXT)
    return blocks


def check_package(data: bytes) -> None:
    """Validate the zip container and its content types before python-docx touches it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DraftReadError(MSG_NOT_DOCX) from exc
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise DraftReadError(MSG_TOO_LARGE)
        # zipfile never inflates beyond the declared size, so the declared sum is a real cap
        if sum(entry.file_size for entry in entries) > MAX_UNCOMPRESSED_BYTES:
            raise DraftReadError(MSG_TOO_LARGE)
        names = {entry.filename for entry in entries}
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise DraftReadError(MSG_MACROS)
        if "[Content_Types].xml" not in names or "word/document.xml" not in names:
            raise DraftReadError(MSG_NOT_DOCX)
        try:
            types = ElementTree.fromstring(archive.read("[Content_Types].xml"))
        except (ElementTree.ParseError, zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise DraftReadError(MSG_CORRUPT) from exc
    overrides = {o.get("PartName", "").lower(): o.get("ContentType", "")
                 for o in types.iter(f"{_CT}Override")}
    if any("macroenabled" in t.lower() for t in overrides.values()):
        raise DraftReadError(MSG_MACROS)
    if overrides.get("/word/document.xml") != _WORD_MAIN:
        raise DraftReadError(MSG_NOT_DOCX)


_HEADING_NAME = re.compile(r"^(?:heading|overskrift)\s*([1-9])$", re.I)
_TITLE_NAME = re.compile(r"^(?:title|tittel)$", re.I)
_BULLET_NAME = re.compile(r"^(?:list\s*bullet|punktliste)\s*([1-9])?$", re.I)
_NUMBER_NAME = re.compile(r"^(?:list\s*number|nummerert\s*liste)\s*([1-9])?$", re.I)
_LIST_PARAGRAPH_NAME = re.compile(r"^(?:list\s*paragraph|listeavsnitt)$", re.I)
_TOC_NAME = re.compile(r"^(?:toc|innholdsfortegnelse|innhaldsliste)\s*\d*$", re.I)
_SKIPPED_TEXT_TAGS = {f"{_W}txbxContent", f"{_W}del", f"{_W}instrText", f"{_W}delText"}


def _on(value: str | None) -> bool:
    """An OOXML on/off property: present without a value means on."""
    return value is not None and value.lower() not in ("0", "false", "off")


def _val(parent, tag: str) -> str | None:
    child = parent.find(f"{_W}{tag}") if parent is not None else None
    return None if child is None else child.get(f"{_W}val")


class _DocxWalker:
    """Turns the body of a python-docx Document into Blocks, in document order."""

    def __init__(self, document) -> None:
        self._styles = {s.get(f"{_W}styleId"): s
                        for s in document.styles.element.iter(f"{_W}style")}
        self._default_style = next((sid for sid, s in self._styles.items()
                                    if s.get(f"{_W}type") == "paragraph"
                                    and s.get(f"{_W}default") in ("1", "true")), None)
        self._formats = self._numbering_formats(document)
        self._body = document.element.body
        self._out: list[Block] = []
        self._bold_lines: set[int] = set()

    def blocks(self) -> list[Block]:
        self._walk(self._body, in_table=False)
        if self._bold_lines and not any(b.kind == "heading" for b in self._out):
            # no heading styles at all: bold title-like lines are the headings
            return _infer_headings(self._out, self._bold_lines)
        return self._out

    def _walk(self, element, in_table: bool) -> None:
        for child in element:
            if child.tag == f"{_W}p":
                self._paragraph(child, in_table)
            elif child.tag in (f"{_W}tbl", f"{_W}tr", f"{_W}tc"):
                self._walk(child, in_table=True)
            elif child.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
                self._walk(child, in_table)

    def _paragraph(self, p, in_table: bool) -> None:
        text = _clean(self._text(p))
        if not text:
            return
        ppr = p.find(f"{_W}pPr")
        style_id = _val(ppr, "pStyle") or self._default_style
        names = self._style_names(style_id)
        if any(_TOC_NAME.match(n) for n in names):
            return
        if in_table:
            self._out.append(Block("paragraph", text, 0))
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

        runs = [r for r in p.iter(f"{_W}r")
                if any((t.text or "").strip() for t in r.iter(f"{_W}t"))]
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
                    level = int(ilvl) if ilvl else int(match.group(1) or 1) - 1
                    return Block("list_item", text, level, numbered)
        if num_id and num_id != "0":
            level = int(ilvl or 0)
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
        seen: set[str] = set()
        while style_id and style_id in self._styles and style_id not in seen:
            seen.add(style_id)
            style = self._styles[style_id]
            found = style.find("/".join(_W + part for part in [root, *path.split("/")]))
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

    def _text(self, element) -> str:
        parts: list[str] = []
        for child in element:
            if child.tag in _SKIPPED_TEXT_TAGS:
                continue
            if child.tag == f"{_W}t":
                parts.append(child.text or "")
            elif child.tag in (f"{_W}tab", f"{_W}br", f"{_W}cr"):
                parts.append(" ")
            elif child.tag == f"{_W}noBreakHyphen":
                parts.append("-")
            else:
                parts.append(self._text(child))
        return "".join(parts)

    @staticmethod
    def _numbering_formats(document) -> dict[tuple[str, int], str]:
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return {}
        abstract = {}
        for node in numbering.iter(f"{_W}abstractNum"):
            abstract[node.get(f"{_W}abstractNumId")] = {
                int(lvl.get(f"{_W}ilvl", "0")): _val(lvl, "numFmt") or "decimal"
                for lvl in node.iter(f"{_W}lvl")}
        formats = {}
        for num in numbering.iter(f"{_W}num"):
            levels = dict(abstract.get(_val(num, "abstractNumId"), {}))
            for override in num.iter(f"{_W}lvlOverride"):
                lvl = override.find(f"{_W}lvl")
                if lvl is not None and _val(lvl, "numFmt"):
                    levels[int(override.get(f"{_W}ilvl", "0"))] = _val(lvl, "numFmt")
            for level, fmt in levels.items():
                formats[(num.get(f"{_W}numId"), level)] = fmt
        return formats


# --- pasted text ----------------------------------------------------------------------

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)(?:\s+#+)?\s*$")
_BULLET = re.compile(r"^(?:[-*–—•·▪●◦‣○]\s+|[•▪●◦‣](?=\S))(.+)$")
_NUMBERED = re.compile(r"^(?:\d{1,3}|[A-Za-z])[.)]\s+(.+)$")
_SENTENCE_END = (".", "!", "?", ";", ":", ",")


def read_text(text: str) -> list[Block]:
    """Read pasted plain text (bullets, numbers, markdown or title-like headings) into blocks."""
    raw = _text_lines(text)
    if any(b.kind == "heading" for b in raw):
        return raw
    return _infer_headings(raw)


def _text_lines(text: str) -> list[Block]:
    blocks: list[Block] = []
    joinable = False  # may the next line continue the previous block?
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        expanded = line.replace("\u00a0", " ").expandtabs(4)
        stripped = _clean(expanded)
        if not stripped:
            joinable = False
            continue
        indent = len(expanded) - len(expanded.lstrip())
        block = _line_block(stripped, min(indent // 2, 8))
        previous = blocks[-1] if blocks else None
        if joinable and previous and block.kind == "paragraph" and _continues(previous, indent,
                                                                              stripped):
            blocks[-1] = Block(previous.kind, f"{previous.text} {stripped}", previous.level,
                               previous.numbered)
        else:
            blocks.append(block)
        joinable = block.kind != "heading"
    return blocks


def _line_block(text: str, level: int) -> Block:
    if match := _MD_HEADING.match(text):
        return Block("heading", _clean(match.group(2)), len(match.group(1)))
    if match := _BULLET.match(text):
        return Block("list_item", _clean(match.group(1)), level)
    if match := _NUMBERED.match(text):
        return Block("list_item", _clean(match.group(1)), level, True)
    return Block("paragraph", text, 0)


def _continues(previous: Block, indent: int, text: str) -> bool:
    """A wrapped line: indented under a list item, or lower-case after an unfinished line."""
    if previous.kind == "list_item":
        return indent > 0
    return text[0].islower() and not previous.text.endswith(_SENTENCE_END)


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
    for i, block in enumerate(raw):
        if not is_heading[i]:
            blocks.append(block)
            continue
        container = i + 1 < len(raw) and is_heading[i + 1]
        level = 0 if i == 0 else 1 if container or not seen_container else 2
        seen_container = seen_container or (container and i > 0)
        blocks.append(Block("heading", block.text, level))
    return blocks


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
_NUMBER_PREFIX = re.compile(r"^(?:\d+(?:\.\d+)*[.)]?|[A-Za-z][.)])\s+")


def propose_focus_areas(blocks: list[Block]) -> list[ProposedFocusArea]:
    """Propose focus areas: from lead-in lists ("Satsingsområder:") or else from leaf headings."""
    areas = _from_lead_ins(blocks) or _from_headings(blocks)
    unique: dict[str, ProposedFocusArea] = {}
    for area in areas:
        if area.title and area.title.casefold() not in unique:
            unique[area.title.casefold()] = area
    return list(unique.values())


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
    for i in range(len(blocks)):
        if not _is_lead_in(blocks, i):
            continue
        items_end = _list_end(blocks, i + 1)
        group_index = _group_heading(blocks, i)
        group = _group_name(blocks, group_index, title_index)
        for title, subs in _top_items(blocks[i + 1:items_end]):
            # Only what belongs to this area describes it: its own sub-items, and a later heading of
            # the same name (the area written out). The group's lead and its "Hvordan" list are
            # shared by every area of the group and would only blur them apart.
            detail = sections.get(_clean_title(title).casefold(), "")
            description = "\n\n".join(part for part in (subs, detail) if part)
            areas.append(_area(title, group, description))
    return areas


def _group_heading(blocks: list[Block], i: int) -> int | None:
    ceiling = blocks[i].level if blocks[i].kind == "heading" else 10
    for j in range(i - 1, -1, -1):
        if blocks[j].kind == "heading" and blocks[j].level < ceiling:
            return j
    return None


def _group_name(blocks: list[Block], index: int | None, title_index: int | None) -> str | None:
    if index is None or index == title_index:
        return None
    if _FRONT_MATTER.match(blocks[index].text) or _LEAD_IN.search(blocks[index].text):
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
    for n, i in enumerate(heads):
        end = heads[n + 1] if n + 1 < len(heads) else len(blocks)
        is_leaf = end == len(blocks) or blocks[end].level <= blocks[i].level
        if i == title_index or not is_leaf or end == i + 1 or _is_facet(blocks[i].text):
            continue
        ancestors = _ancestors(blocks, heads[:n], blocks[i].level)
        if any(_FRONT_MATTER.match(blocks[j].text) for j in [i, *ancestors]):
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


def _ancestors(blocks: list[Block], earlier: list[int], level: int) -> list[int]:
    """Indexes of the enclosing headings, nearest first."""
    found = []
    for j in reversed(earlier):
        if blocks[j].level < level:
            found.append(j)
            level = blocks[j].level
    return found


def _clean_title(text: str) -> str:
    title = _NUMBER_PREFIX.sub("", text.strip()).rstrip(" \t:;,.-–—").strip("«»“”„\"' ")
    if title.isupper() and len(title) > 3:
        title = title[0] + title[1:].lower()
    return _truncate(title, MAX_TITLE_CHARS)


def _area(title: str, group: str | None, description: str) -> ProposedFocusArea:
    return ProposedFocusArea(_clean_title(title), group,
                             _truncate(description.strip(), MAX_DESCRIPTION_CHARS))
