"""The Word report as LibreOffice lays it out: the first page shows «Foreløpig», the status and a filled contents."""
from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from app.reports.docx_writer import report_docx
from tests.app.test_report_docx import make_data

LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")
pytestmark = pytest.mark.skipif(LIBREOFFICE is None, reason="LibreOffice is installed by `make install-test`")


def as_pdf(docx: bytes, tmp_path) -> PdfReader:
    source = tmp_path / "rapport.docx"
    source.write_bytes(docx)
    # A profile of its own, so that a LibreOffice already running elsewhere is never reused
    subprocess.run([LIBREOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=120)
    return PdfReader(io.BytesIO((tmp_path / "rapport.pdf").read_bytes()))


def test_libreoffice_shows_the_contents_filled_and_the_provisional_mark_on_the_first_page(tmp_path):
    pdf = as_pdf(report_docx(make_data()), tmp_path)
    first = " ".join(pdf.pages[0].extract_text().split())
    assert "FORELØPIG" in first and "Ikke svart: Notodden kommune." in first
    contents = first[first.index("Innhold"):]
    for heading in ("Innledning", "Sammendrag", "Samlet rangering", "Oversikt over dialogmøter og høringssvar",
                    "Kommunikasjon, infrastruktur og samferdsel", "Bedre kollektivtilbud", "Vedlegg: Referater og høringssvar",
                    "Høringssvar fra Tinn kommune"):
        assert heading in contents, heading
    # Each entry with the page its heading is on, as LibreOffice laid it out
    pages = [" ".join(page.extract_text().split()) for page in pdf.pages]
    for heading in ("Innledning", "Vedlegg: Referater og høringssvar"):
        number = int(re.search(rf"{heading}\.*\s*(\d+)", pages[0]).group(1))
        assert number > 1 and heading in pages[number - 1], (heading, number)
    rest = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages[1:])
    assert "Sammendrag" in rest and "FORELØPIG" not in rest  # the mark is on the first page (and in the header)
