"""Whether an uploaded PDF is a plain document: readable, and nothing in it that acts by itself.

Pure module: stdlib and pypdf; no Flask and nothing from ``app``. A file that only starts with
``%PDF-`` is not a PDF: pypdf opens it, every object the cross-reference table lists is read
(also objects no page refers to, since a viewer may reach them), and the file is refused if any
dictionary carries one of REFUSED_KEYS or an action of a type in REFUSED_ACTIONS. Links to web
addresses (/URI) and jumps inside the document (/GoTo, /Named, an /OpenAction that only goes to a
page) are kept. The work is capped: at most MAX_OBJECTS objects and MAX_NODES values inside them
are read, each stream pypdf has to unpack to do so (object and cross-reference streams; page
contents, fonts and images are never unpacked) gives at most MAX_STREAM_BYTES, and all of them
together at most MAX_DECODED_BYTES.
"""
from __future__ import annotations

import enum
import io
import logging

from pypdf import PasswordType, PdfReader, apply_configuration
from pypdf.errors import LimitReachedError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, StreamObject

log = logging.getLogger(__name__)

#: Indirect objects read at most; ~2 s on a slow machine, far above a resolution's few thousand
MAX_OBJECTS = 20_000
#: Values (names, numbers, arrays, dictionaries …) looked at inside those objects, in all
MAX_NODES = 500_000
#: What one stream may unpack to while the objects are read
MAX_STREAM_BYTES = 10 * 1024 * 1024
#: What all unpacked object streams may come to together
MAX_DECODED_BYTES = 30 * 1024 * 1024

#: Keys that mean scripts, automatic actions, attached files or forms that run code:
#: /JS and /JavaScript (scripts, also the document's names tree of scripts), /AA (additional
#: actions on opening, closing, printing, focus …), /EmbeddedFile(s) and /EF (files inside the
#: PDF), /RichMedia* (Flash and 3D with scripts), /XFA (XML forms with scripts)
REFUSED_KEYS = frozenset(NameObject(k) for k in (
    "/JS", "/JavaScript", "/AA", "/EmbeddedFile", "/EmbeddedFiles", "/EF", "/RichMedia",
    "/RichMediaContent", "/RichMediaSettings", "/XFA"))
#: Action types (/S) that run code, start programs, open other files, or send or load data;
#: an /OpenAction or link of these types is refused with them
REFUSED_ACTIONS = frozenset(NameObject(k) for k in (
    "/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/GoToR", "/GoToE", "/Rendition",
    "/RichMediaExecute", "/Sound", "/Movie"))
#: Types of objects that are themselves an attached file or a script
REFUSED_TYPES = frozenset(NameObject(k) for k in ("/EmbeddedFile", "/RichMedia"))

_SUBTYPE_KEYS = (NameObject("/Type"), NameObject("/Subtype"))
_ACTION_TYPE = NameObject("/S")


class PdfProblem(enum.Enum):
    UNREADABLE = "unreadable"
    ENCRYPTED = "encrypted"
    ACTIVE_CONTENT = "active_content"
    TOO_COMPLEX = "too_complex"


class PdfRefused(Exception):
    """The file is not taken; `problem` says why."""

    def __init__(self, problem: PdfProblem, detail: str = "") -> None:
        super().__init__(f"{problem.value}: {detail}" if detail else problem.value)
        self.problem = problem


def check_pdf(data: bytes) -> int:
    """The number of pages of a plain, readable PDF; raises PdfRefused for anything else."""
    with apply_configuration(**_LIMITS):
        try:
            return _check(PdfReader(io.BytesIO(data), strict=False))
        except PdfRefused:
            raise
        except LimitReachedError as error:  # one of pypdf's own caps, lowered in _LIMITS
            raise PdfRefused(PdfProblem.TOO_COMPLEX, repr(error)) from error
        except Exception as error:  # noqa: BLE001  (any failure of the parser on a hostile file)
            log.info("PDF refused as unreadable: %r", error)
            raise PdfRefused(PdfProblem.UNREADABLE, repr(error)) from error


_LIMITS = {
    "zlib_maximum_output_length": MAX_STREAM_BYTES, "lzw_maximum_output_length": MAX_STREAM_BYTES,
    "run_length_maximum_output_length": MAX_STREAM_BYTES, "brotli_maximum_output_length": MAX_STREAM_BYTES,
    "array_based_stream_maximum_output_length": MAX_STREAM_BYTES,
    "stream_decoding_work_maximum_length": 3 * MAX_STREAM_BYTES,
    "jbig2_maximum_output_length": MAX_STREAM_BYTES, "jbig2dec_binary": None,
}


def _check(reader: PdfReader) -> int:
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except Exception as error:  # noqa: BLE001  (e.g. a cipher this installation cannot undo)
            raise PdfRefused(PdfProblem.ENCRYPTED, repr(error)) from error
        if opened == PasswordType.NOT_DECRYPTED:
            raise PdfRefused(PdfProblem.ENCRYPTED)
    objects = _listed_objects(reader)
    if len(objects) > MAX_OBJECTS:
        raise PdfRefused(PdfProblem.TOO_COMPLEX, f"{len(objects)} objects")
    walker = _Walker(reader)
    walker.visit(reader.trailer)
    for reference in objects:
        walker.visit(reader.get_object(reference))
    pages = len(reader.pages)
    if pages == 0:
        raise PdfRefused(PdfProblem.UNREADABLE, "no pages")
    return pages


def _listed_objects(reader: PdfReader) -> list[IndirectObject]:
    """Every object the cross-reference tables list, in files and in object streams."""
    found = [IndirectObject(number, generation, reader)
             for generation, table in reader.xref.items() for number in table]
    found += [IndirectObject(number, 0, reader) for number in reader.xref_objStm]
    return found


class _Walker:
    """Looks at every value inside an object, counting them, without following references."""

    def __init__(self, reader: PdfReader) -> None:
        self.reader = reader
        self.nodes = 0
        self.decoded = 0
        self.containers: set[int] = set()

    def visit(self, root) -> None:
        self._count_container(root)
        stack = [root]
        while stack:
            value = stack.pop()
            self.nodes += 1
            if self.nodes > MAX_NODES:
                raise PdfRefused(PdfProblem.TOO_COMPLEX, f"over {MAX_NODES} values")
            if isinstance(value, DictionaryObject):  # a stream's dictionary too; its data is not unpacked
                _inspect(value)
                stack.extend(dict.values(value))  # the raw values: references are not followed here
            elif isinstance(value, ArrayObject):
                stack.extend(list.__iter__(value))

    def _count_container(self, value) -> None:
        """Add up what the object streams unpacked so far came to."""
        reference = getattr(value, "indirect_reference", None)
        entry = self.reader.xref_objStm.get(reference.idnum) if reference is not None else None
        if entry is None or entry[0] in self.containers:
            return
        self.containers.add(entry[0])
        container = self.reader.get_object(entry[0])
        if isinstance(container, StreamObject):
            self.decoded += len(container.get_data())
        if self.decoded > MAX_DECODED_BYTES:
            raise PdfRefused(PdfProblem.TOO_COMPLEX, f"object streams over {MAX_DECODED_BYTES} bytes")


def _inspect(dictionary: DictionaryObject) -> None:
    found = REFUSED_KEYS.intersection(dictionary.keys())
    if found:
        raise PdfRefused(PdfProblem.ACTIVE_CONTENT, ", ".join(sorted(found)))
    action = dict.get(dictionary, _ACTION_TYPE)
    if isinstance(action, NameObject) and action in REFUSED_ACTIONS:
        raise PdfRefused(PdfProblem.ACTIVE_CONTENT, f"action {action}")
    for key in _SUBTYPE_KEYS:
        kind = dict.get(dictionary, key)
        if isinstance(kind, NameObject) and kind in REFUSED_TYPES:
            raise PdfRefused(PdfProblem.ACTIVE_CONTENT, f"{key} {kind}")
