"""Open a Word package (.docx) without trusting it: the zip checks, its small parts read
whole under a size cap, and the body streamed one paragraph at a time under caps on what
is read and held, so no document builds a whole tree or a whole string.

Pure module: stdlib and lxml only, no Flask and nothing else from ``app``. Messages are
bokmål msgids, marked with N_ for the catalogs and translated where they are shown.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from lxml import etree

#: All entries together, unpacked (declared sizes; zipfile never inflates past them)
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
#: word/document.xml unpacked, and how many times its packed size it may be (past 1 MB)
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_DOCUMENT_RATIO = 100
_RATIO_FLOOR = 1024 * 1024
#: Parts read whole (content types, relationships, styles, numbering)
MAX_PART_BYTES = 5 * 1024 * 1024
#: Paragraphs, tables, rows, cells and content controls read from the body, and how deep
#: these may nest (libxml2 stops any nesting at 256)
MAX_STRUCTURE = 20_000
MAX_DEPTH = 64
#: XML read without a paragraph starting or ending: what one paragraph may hold, or lie between two
MAX_QUIET_BYTES = 2 * 1024 * 1024
_CHUNK = 64 * 1024

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_DOCUMENT = "word/document.xml"
#: Elements whose paragraphs are read as the body's own; the first three make a table
_TABLE = frozenset({f"{W}tbl", f"{W}tr", f"{W}tc"})
_CONTAINERS = _TABLE | {f"{W}sdt", f"{W}sdtContent", f"{W}customXml"}
#: Where a paragraph sits in a table: (the table's number in the body, its row, its column), each from 0;
#: a nested table has a number of its own. None outside tables.
Cell = tuple[int, int, int] | None


def N_(message: str) -> str:
    """Mark a message for the catalogs; it is translated where it is shown."""
    return message


MSG_NOT_DOCX = N_("Filen er ikke et gyldig Word-dokument (.docx).")
MSG_CORRUPT = N_("Filen er skadet og kan ikke leses som et Word-dokument (.docx).")
MSG_MACROS = N_("Filen inneholder makroer (.docm). Lagre den som et vanlig Word-dokument "
                "(.docx) og prøv igjen.")
MSG_TOO_LARGE = N_("Filen er for stor eller for sammensatt til å leses. Last opp et mindre dokument.")
MSG_EMPTY_FILE = N_("Filen er tom.")


class DraftReadError(Exception):
    """A document that cannot be read; `message` is a bokmål msgid, `values` fill its placeholders."""

    def __init__(self, message: str, **values: object) -> None:
        super().__init__(message % values if values else message)
        self.message, self.values = message, values


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                           remove_comments=True, remove_pis=True)


def check_package(data: bytes) -> None:
    """Validate the zip container and its content types (what an attachment, only stored, must pass)."""
    with _open(data) as archive:
        _check_entries(archive)
        types = _read_part(archive, "[Content_Types].xml")
    overrides = {o.get("PartName", "").lower(): o.get("ContentType", "")
                 for o in types.iter(f"{_CT}Override")}
    if any("macroenabled" in t.lower() for t in overrides.values()):
        raise DraftReadError(MSG_MACROS)
    if overrides.get(f"/{_DOCUMENT}") != _WORD_MAIN:
        raise DraftReadError(MSG_NOT_DOCX)


@contextmanager
def _open(data: bytes) -> Iterator[zipfile.ZipFile]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DraftReadError(MSG_NOT_DOCX) from exc
    with archive:
        yield archive


def _check_entries(archive: zipfile.ZipFile) -> None:
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        raise DraftReadError(MSG_TOO_LARGE)
    if sum(entry.file_size for entry in entries) > MAX_UNCOMPRESSED_BYTES:
        raise DraftReadError(MSG_TOO_LARGE)
    names = {entry.filename for entry in entries}
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise DraftReadError(MSG_MACROS)
    if "[Content_Types].xml" not in names or _DOCUMENT not in names:
        raise DraftReadError(MSG_NOT_DOCX)


def _check_document_size(document: zipfile.ZipInfo) -> None:
    """The body is read, not only stored (as an attachment is): MAX_DOCUMENT_BYTES, MAX_DOCUMENT_RATIO."""
    if document.file_size > MAX_DOCUMENT_BYTES or (
            document.file_size > _RATIO_FLOOR
            and document.file_size > MAX_DOCUMENT_RATIO * max(document.compress_size, 1)):
        raise DraftReadError(MSG_TOO_LARGE)


def _read_part(archive: zipfile.ZipFile, name: str):
    """A small part parsed whole: refused over MAX_PART_BYTES, None when the package has none."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART_BYTES:
        raise DraftReadError(MSG_TOO_LARGE)
    try:
        return etree.fromstring(archive.read(info), _parser())
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(exc) from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
        raise DraftReadError(MSG_CORRUPT) from exc


class WordPackage:
    """A checked Word package: its styles and numbering parts, and its body paragraph by paragraph."""

    def __init__(self, data: bytes) -> None:
        check_package(data)
        with _open(data) as archive:
            _check_document_size(archive.getinfo(_DOCUMENT))
        self._data = data

    def parts(self) -> tuple[object | None, object | None]:
        """The styles and numbering parts (parsed), each None when the document has none."""
        with _open(self._data) as archive:
            targets = self._related_parts(archive)
            return (_read_part(archive, targets["styles"]) if "styles" in targets else None,
                    _read_part(archive, targets["numbering"]) if "numbering" in targets else None)

    @staticmethod
    def _related_parts(archive: zipfile.ZipFile) -> dict[str, str]:
        rels = _read_part(archive, "word/_rels/document.xml.rels")
        found: dict[str, str] = {}
        for rel in rels.iter(f"{_REL}Relationship") if rels is not None else ():
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            if kind in ("styles", "numbering") and rel.get("TargetMode") != "External":
                target = rel.get("Target", "")
                found[kind] = (target.lstrip("/") if target.startswith("/")
                               else posixpath.normpath(posixpath.join("word", target)))
        return found

    def paragraphs(self) -> Iterator[tuple[object, Cell]]:
        """Each paragraph of the body, its tables and content controls, with its table cell (None outside one).

        Each is freed once read. Refused with MSG_TOO_LARGE: more than MAX_STRUCTURE paragraphs,
        tables, rows, cells and content controls; more than MAX_QUIET_BYTES of XML without one
        (a paragraph of a million runs, a text of megabytes); containers nested over MAX_DEPTH.
        """
        with _open(self._data) as archive:
            try:
                with archive.open(_DOCUMENT) as stream:
                    yield from _Body(stream).paragraphs()
            except etree.XMLSyntaxError as exc:
                raise _syntax_error(exc) from exc
            except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
                raise DraftReadError(MSG_CORRUPT) from exc


def _syntax_error(exc: etree.XMLSyntaxError) -> DraftReadError:
    """libxml2's own limits (nesting 256 deep, a text node of 10 MB) are a size refusal."""
    if exc.code == etree.ErrorTypes.ERR_RESOURCE_LIMIT or "XML_PARSE_HUGE" in str(exc):
        return DraftReadError(MSG_TOO_LARGE)
    return DraftReadError(MSG_CORRUPT)


class _Body:
    """Feeds word/document.xml to a pull parser that reports only paragraphs and their containers.

    What lies inside a paragraph is built in C and handed over with it; Python sees one event
    per paragraph or container, and the bytes read since the last one bound what is held.
    """

    def __init__(self, stream) -> None:
        self._stream = stream
        self._parser = etree.XMLPullParser(
            events=("start", "end"), tag=[f"{W}body", f"{W}p", *_CONTAINERS], resolve_entities=False,
            no_network=True, huge_tree=False, remove_comments=True, remove_pis=True)
        #: one entry per open reported element: (paragraphs in it are the body's, inside a table)
        self._open: list[tuple[bool, bool]] = []
        self._count = 0
        #: the open tables of the body, innermost last: [number, row, column]; and how many were opened
        self._tables: list[list[int]] = []
        self._table_count = 0

    def paragraphs(self) -> Iterator[tuple[object, Cell]]:
        quiet = 0
        while chunk := self._stream.read(_CHUNK):
            self._parser.feed(chunk)
            reported = yield from self._events()
            quiet = 0 if reported else quiet + len(chunk)
            if quiet > MAX_QUIET_BYTES:
                raise DraftReadError(MSG_TOO_LARGE)
        self._parser.close()
        yield from self._events()

    def _events(self) -> Iterator[tuple[object, Cell]]:
        """The paragraphs among the events parsed so far; returns whether there were events."""
        reported = False
        for event, element in self._parser.read_events():
            reported = True
            if event == "start":
                self._start(element)
                continue
            holds = self._open.pop()[0]
            if holds and element.tag == f"{W}tbl":
                self._tables.pop()
            if not self._open or not self._open[-1][0]:
                continue  # a paragraph in a text box, read with its own paragraph; or the body
            if element.tag == f"{W}p":
                yield element, tuple(self._tables[-1]) if self._open[-1][1] and self._tables else None
            # Read: drop it, and what came before it, from the tree being built
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
        return reported

    def _start(self, element) -> None:
        self._count += 1
        if self._count > MAX_STRUCTURE or len(self._open) >= MAX_DEPTH:
            raise DraftReadError(MSG_TOO_LARGE)
        parent_holds, in_table = self._open[-1] if self._open else (False, False)
        holds = element.tag == f"{W}body" or (parent_holds and element.tag in _CONTAINERS)
        self._open.append((holds, in_table or (holds and element.tag in _TABLE)))
        if holds and element.tag == f"{W}tbl":
            self._tables.append([self._table_count, -1, -1])
            self._table_count += 1
        elif holds and self._tables and element.tag == f"{W}tr":
            self._tables[-1][1:] = [self._tables[-1][1] + 1, -1]
        elif holds and self._tables and element.tag == f"{W}tc":
            self._tables[-1][2] += 1
