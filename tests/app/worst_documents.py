"""Word files built to cost the most to read: huge, deep, dense, or just under each cap.

Each is a real package (python-docx's own parts) whose word/document.xml is written in pieces,
so building a 98 MB body never holds it whole. `write(path, name)` saves one for a subprocess.
"""
from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from docx import Document

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_HEAD = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         f'<w:document xmlns:w="{W_NS}"><w:body>').encode()
_TAIL = b"</w:body></w:document>"
MB = 1024 * 1024


def word_file(body: Iterable[bytes], *, compress: bool = True) -> bytes:
    """A .docx whose body is the given XML pieces, deflated or stored as they are."""
    base = io.BytesIO()
    Document().save(base)
    out = io.BytesIO()
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info, source.read(info))
        entry = zipfile.ZipInfo("word/document.xml")
        entry.compress_type = method
        with target.open(entry, "w", force_zip64=True) as document:
            for piece in (_HEAD, *_chunks(body), _TAIL):
                document.write(piece)
    return out.getvalue()


def _chunks(pieces: Iterable[bytes], size: int = MB) -> Iterator[bytes]:
    buffer: list[bytes] = []
    held = 0
    for piece in pieces:
        buffer.append(piece)
        held += len(piece)
        if held >= size:
            yield b"".join(buffer)
            buffer, held = [], 0
    yield b"".join(buffer)


def _repeat(piece: bytes, count: int) -> Iterator[bytes]:
    """count copies of piece, in blocks of about a megabyte."""
    per_block = max(1, MB // len(piece))
    for start in range(0, count, per_block):
        yield piece * min(per_block, count - start)


_TINY = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>"


def tiny_paragraphs_98mb() -> bytes:
    """The review's file: 98.6 MB of one-letter paragraphs, a few hundred kB deflated."""
    return word_file(_repeat(_TINY, int(98.6 * MB) // len(_TINY)))


def tiny_paragraphs_stored() -> bytes:
    """9 MB of one-letter paragraphs stored uncompressed: every zip check passes."""
    return word_file(_repeat(_TINY, 9 * MB // len(_TINY)), compress=False)


def empty_paragraphs() -> bytes:
    """300,000 paragraphs of one empty text, stored: no text at all."""
    return word_file(_repeat(b"<w:p><w:r><w:t/></w:r></w:p>", 300_000), compress=False)


def million_empty_runs() -> bytes:
    """One paragraph of a million empty runs, stored: 6 MB of elements and no text."""
    return word_file([b"<w:p>", *_repeat(b"<w:r/>", 1_000_000), b"</w:p>"], compress=False)


def deeply_nested() -> bytes:
    """A paragraph inside 100,000 nested content controls."""
    depth = 100_000
    return word_file([b"<w:sdt><w:sdtContent>" * depth, _TINY, b"</w:sdtContent></w:sdt>" * depth],
                     compress=False)


def one_huge_run() -> bytes:
    """One run of 9.5 million characters (libxml2 takes text nodes up to 10 MB)."""
    return word_file([b"<w:p><w:r><w:t>", *_repeat(b"ord ", int(9.5 * MB) // 4), b"</w:t></w:r></w:p>"],
                     compress=False)


def tabs_in_many_paragraphs() -> bytes:
    """Paragraphs of a letter and 100,000 tabs each: text that cleans away to almost nothing."""
    return word_file([b"<w:p><w:r><w:t>a</w:t>" + b"<w:tab/>" * 100_000 + b"</w:r></w:p>"] * 12,
                     compress=False)


def one_paragraph_just_under_the_quiet_cap() -> bytes:
    """Accepted: one paragraph of 1.9 MB of one-letter runs (86,000 letters)."""
    return word_file([b"<w:p>", *_repeat(b"<w:r><w:t>a</w:t></w:r>", int(1.9 * MB) // 22), b"</w:p>"],
                     compress=False)


def short_paragraphs_under_the_caps(paragraphs: int = 9_900) -> bytes:
    """Short title-like lines and headings, the costliest to map: just under the paragraph cap
    of a draft (9,900) or of a response to import (990)."""
    pieces = []
    for n in range(paragraphs):
        style = b'<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>' if n % 3 == 0 else b""
        pieces.append(b"<w:p>" + style + b"<w:r><w:t>Samferdsel og infrastruktur "
                      + str(n).encode() + b"</w:t></w:r></w:p>")
    return word_file(pieces)


def ranking_under_the_caps(paragraphs: int = 990) -> bytes:
    """A response's ranking at its costliest, just under the import's paragraph cap: under the ranking
    question's heading, a table of focus areas and places that turns out not to be a ranking only after
    its first rows (then read again cell by cell), and under the heading again lines that look like places
    and name nothing («3. Samferdsel …», «Samferdsel …: 2»), each matched against every target twice."""
    cell = (b"<w:tc><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:tc>")
    head = [b'<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>'
            + "Ranger satsingsområdene etter hvor viktige de er for dere.".encode() + b"</w:t></w:r></w:p>"]
    areas = ["Samferdsel og infrastruktur", "Kompetanse og innovasjon", "Kvalitet i tjenestene", "Digitalisering"]
    rows = [("Satsingsområde", "Rangering"), *((area, str(n + 1)) for n, area in enumerate(areas)),
            ("Samferdsel og infrastruktur", "9")]
    rows += [(f"Samferdsel infrastruktur kompetanse innovasjon kvalitet {n}", str(n % 9 + 1))
             for n in range((paragraphs - 1) // 4 - len(rows))]
    table = [b"<w:tbl>", *(b"<w:tr>" + b"".join(cell % text.encode() for text in row) + b"</w:tr>" for row in rows),
             b"</w:tbl>"]
    lines = []
    for n in range(paragraphs - 2 - 2 * len(rows)):
        words = "Samferdsel infrastruktur kompetanse innovasjon kvalitet tjenestene digitalisering regionen"
        text = [f"{n % 9 + 1}. {words} {n}", f"{words} {n}: {n % 9 + 1}", f"{words} {n} – {n % 9 + 1}"][n % 3]
        numbered = b'<w:pPr><w:pStyle w:val="ListNumber"/></w:pPr>' if n % 4 == 0 else b""
        lines.append(b"<w:p>" + numbered + b"<w:r><w:t>" + text.encode() + b"</w:t></w:r></w:p>")
    return word_file([*head, *table, *head, *lines])  # the heading again: the table's rows started sections


def adoption_lines_under_the_caps(paragraphs: int = 660) -> bytes:
    """The adoption reader at its costliest, just under the import's cap of 200,000 characters: 660 lines,
    each as long as it reads (300 characters), with a case label and no case number, a word of deciding, every body, and
    dates that are no dates (31 February), each tried in turn."""
    lines = []
    for n in range(paragraphs):
        text = f"Vår ref. {n} saksprotokoll i kommunestyret, formannskapet, fylkestinget, styret "
        text += "31.02.2019 " * ((300 - len(text)) // 11)
        lines.append(b"<w:p><w:r><w:t>" + text.encode() + b"</w:t></w:r></w:p>")
    return word_file(lines)


def everything_just_under_the_caps() -> bytes:
    """Accepted as a draft: 19,500 paragraphs, 9,750 with text, in 9.5 MB of XML with Word's random run ids."""
    rng = random.Random(5)
    pieces = []
    for n in range(19_500):
        runs = b"".join(b'<w:r w:rsidR="%08X"/>' % rng.getrandbits(32) for _ in range(17))
        text = "".join(rng.choice("abcdefghij ") for _ in range(8)).encode() if n % 2 == 0 else b""
        pieces.append(b'<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr>' + runs
                      + b"<w:r><w:tab/><w:t>" + text + b"</w:t></w:r></w:p>")
    return word_file(pieces)


DOCUMENTS: dict[str, Callable[[], bytes]] = {
    "tiny paragraphs, 98 MB deflated": tiny_paragraphs_98mb,
    "tiny paragraphs, 9 MB stored": tiny_paragraphs_stored,
    "300,000 empty paragraphs": empty_paragraphs,
    "a million empty runs": million_empty_runs,
    "nested 100,000 deep": deeply_nested,
    "one run of 9.5 million characters": one_huge_run,
    "1.2 million tabs": tabs_in_many_paragraphs,
    "one paragraph of 1.9 MB": one_paragraph_just_under_the_quiet_cap,
    "990 short headings and lines": lambda: short_paragraphs_under_the_caps(990),
    "a ranking of 990 table cells and lines": ranking_under_the_caps,
    "660 adoption lines of 300 characters": adoption_lines_under_the_caps,
    "9,900 short headings and lines": short_paragraphs_under_the_caps,
    "19,500 paragraphs in 9.5 MB": everything_just_under_the_caps,
}
#: The documents read in full as a draft, and as a response to import (caps of its own); the rest are refused
DRAFT_ACCEPTED = ("one paragraph of 1.9 MB", "990 short headings and lines", "9,900 short headings and lines",
                  "19,500 paragraphs in 9.5 MB", "a ranking of 990 table cells and lines",
                  "660 adoption lines of 300 characters")
IMPORT_ACCEPTED = ("one paragraph of 1.9 MB", "990 short headings and lines", "a ranking of 990 table cells and lines",
                   "660 adoption lines of 300 characters")


def write(directory: Path, name: str) -> str:
    """Save the named document under directory; its path, for a subprocess to read."""
    path = directory / (name.replace(" ", "_").replace(",", "") + ".docx")
    path.write_bytes(DOCUMENTS[name]())
    return str(path)
