"""PDF/A-2b copies of Word and PDF files, made by LibreOffice headless, and reading a PDF's PDF/A claim.

LibreOffice starts in about a second, so a batch of files is converted in one `soffice` call. Each
call gets a profile directory of its own: two conversions at once (a worker and the CLI) would
otherwise wait on the same profile's lock.
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree
from pypdf import PdfReader

#: The export filter asking for PDF/A-2 (LibreOffice writes conformance level B)
FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
#: Files per soffice call, and the seconds a call may take (a fixed start plus some per file)
BATCH, START_SECONDS, SECONDS_PER_FILE = 50, 60, 20
PDFAID = "http://www.aiim.org/pdfa/ns/id/"


class ConversionError(RuntimeError):
    """LibreOffice is missing, failed, or made no PDF/A of a file."""


def soffice() -> str:
    """The LibreOffice program; ConversionError when it is not installed (`make libreoffice`)."""
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        raise ConversionError("LibreOffice (soffice) is not installed; run `make libreoffice`.")
    return program


def version() -> str:
    """ "LibreOffice 7.4.7.2", for the package's record of how its PDF/A files were made."""
    result = subprocess.run([soffice(), "--version"], capture_output=True, text=True, timeout=60)
    return " ".join(result.stdout.split()[:2]) or "LibreOffice"


def convert(files: list[tuple[str, bytes]], progress: Callable[[float], None] | None = None) -> list[bytes]:
    """PDF/A-2b of each (name, bytes) file, in order; names must be unique and end in .docx or .pdf."""
    results: list[bytes] = []
    for start in range(0, len(files), BATCH):
        results += _convert_batch(files[start:start + BATCH])
        if progress:
            progress(len(results) / len(files))
    return results


def _convert_batch(files: list[tuple[str, bytes]]) -> list[bytes]:
    with tempfile.TemporaryDirectory(prefix="horing-pdfa-") as work:
        folder, out = Path(work, "in"), Path(work, "out")
        folder.mkdir()
        # soffice names its output after the input's stem: each input gets a stem of its own
        paths = []
        for index, (name, data) in enumerate(files):
            path = folder / f"{index:04d}.{name.rsplit('.', 1)[-1].lower()}"
            path.write_bytes(data)
            paths.append(path)
        base = [soffice(), f"-env:UserInstallation={Path(work, 'profile').as_uri()}", "--headless", "--norestore",
                "--convert-to", FILTER, "--outdir", str(out)]
        documents = [str(p) for p in paths if p.suffix != ".pdf"]
        pdfs = [str(p) for p in paths if p.suffix == ".pdf"]
        if documents:
            _run([*base, *documents], len(documents))
        if pdfs:  # a PDF opens through Writer's PDF import (Draw is not installed here)
            _run([*base[:4], "--infilter=writer_pdf_import", *base[4:], *pdfs], len(pdfs))
        results = []
        for path, (name, _) in zip(paths, files, strict=True):
            pdf = out / f"{path.stem}.pdf"
            if not pdf.exists():
                raise ConversionError(f"LibreOffice made no PDF of {name}")
            data = pdf.read_bytes()
            if pdfa_identification(data) != ("2", "B"):
                raise ConversionError(f"the PDF of {name} is not PDF/A-2b")
            results.append(data)
        return results


def _run(command: list[str], count: int) -> None:
    try:
        result = subprocess.run(command, capture_output=True, text=True,
                                timeout=START_SECONDS + SECONDS_PER_FILE * count)
    except subprocess.TimeoutExpired as error:
        raise ConversionError(f"LibreOffice took over {error.timeout:.0f} s") from error
    if result.returncode != 0:
        raise ConversionError(f"LibreOffice failed: {result.stderr.strip()[:500]}")


def pdfa_identification(data: bytes) -> tuple[str, str] | None:
    """(part, conformance) from the PDF's XMP metadata, e.g. ("2", "B"); None when it claims no PDF/A."""
    try:
        metadata = PdfReader(io.BytesIO(data)).trailer["/Root"].get("/Metadata")
        xmp = metadata.get_object().get_data() if metadata is not None else None
    except Exception:  # noqa: BLE001 - an unreadable PDF claims nothing
        return None
    if not xmp:
        return None
    xmp = re.sub(rb"^\s*<\?xpacket[^>]*\?>|<\?xpacket[^>]*\?>\s*$", b"", xmp.strip())
    root = etree.fromstring(xmp, etree.XMLParser(resolve_entities=False, no_network=True))
    for description in root.iter("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}Description"):
        part = description.get(f"{{{PDFAID}}}part") or description.findtext(f"{{{PDFAID}}}part")
        conformance = description.get(f"{{{PDFAID}}}conformance") or description.findtext(f"{{{PDFAID}}}conformance")
        if part:
            return part.strip(), (conformance or "").strip().upper()
    return None
