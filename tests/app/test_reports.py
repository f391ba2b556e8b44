"""The summary report made from a round's data: collected, rendered in the browser, Word and Excel."""
from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from app.models import Consultation
from app.reports.services import collect
from app.timeutil import utcnow
from tests.conftest import login


@pytest.fixture
def demo(app, db):
    runner = app.test_cli_runner()
    runner.invoke(args=["demo", "load"])
    consultation = db.session.scalar(select(Consultation))
    assert runner.invoke(args=["analysis", "run", "--round", consultation.slug]).exit_code == 0
    return consultation


def test_the_collected_data_reads_like_the_appendix(db, demo):
    data = collect(demo, utcnow().date())
    rows = {row.consultee: row for row in data.overview if row.consultee != "Alle"}
    assert rows["Tinn kommune"].arena == "Kommunestyret, sak 19/4976" and rows["Tinn kommune"].description == "Vedtak"
    assert rows["Nore og Uvdal kommune"].description.endswith("(etter fristen)")
    assert any(row.consultee == "Alle" and row.arena == "Representantskapet" for row in data.overview)
    headings = [m.heading for m in data.minutes]
    assert "Referat formannskapet i Tinn" in headings and "Høringssvar fra Kongsberg kommune" in headings
    tinn = next(m for m in data.minutes if m.heading == "Høringssvar fra Tinn kommune")
    assert any(question == "Er vi store nok sammen?" and "døren bør stå åpen" in text for question, text in tinn.sections)
    assert (data.invited, data.answered, data.meetings) == (8, 6, 2)
    assert len(data.matrix) == 6 and len(data.focus_areas) == 6
    assert data.areas[0].support["enig"] and any(area.themes for area in data.areas)
    assert data.comments and all(c.text for c in data.comments)


def test_the_council_reads_the_report_page_and_downloads_word_and_excel(client, db, users, demo):
    client.post("/login", data={"email": "radet@demo.kongsbergregionen.no", "password": "demo-passord-2030"})
    page = client.get(f"/consultations/{demo.slug}/report").get_data(as_text=True)
    assert "Oversikt over svar og dialogmøter" in page and "Referat formannskapet i Tinn" in page
    word = client.get(f"/consultations/{demo.slug}/report.docx")
    document = Document(io.BytesIO(word.data))
    styles = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 2", "Referat formannskapet i Tinn") in styles
    excel = load_workbook(io.BytesIO(client.get(f"/consultations/{demo.slug}/report.xlsx").data))
    assert excel.worksheets[0].max_row > 10


def test_flask_report_writes_both_files(app, db, demo, tmp_path):
    runner = app.test_cli_runner()
    docx_path, xlsx_path = tmp_path / "rapport.docx", tmp_path / "innspill.xlsx"
    assert runner.invoke(args=["report", "docx", "--round", demo.slug, "-o", str(docx_path)]).exit_code == 0
    assert runner.invoke(args=["report", "xlsx", "--round", demo.slug, "-o", str(xlsx_path)]).exit_code == 0
    assert Document(str(docx_path)).paragraphs and load_workbook(str(xlsx_path)).sheetnames
    assert runner.invoke(args=["report", "docx", "--round", "finnes-ikke", "-o", str(docx_path)]).exit_code != 0


def test_consultees_cannot_read_the_report(client, db, users, demo):
    login(client, users["consultee_a"])
    assert client.get(f"/consultations/{demo.slug}/report").status_code in (403, 404)
