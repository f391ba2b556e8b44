"""The summary report made from a round's data: collected, rendered in the browser, Word and Excel."""
from __future__ import annotations

import io

from docx import Document
from openpyxl import load_workbook

from app.reports.services import collect
from app.timeutil import utcnow
from tests.conftest import login
from tests.pdfs import make_pdf


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
    assert client.post(f"/consultations/{demo.slug}/report/files").status_code == 302
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


def test_the_archive_holds_every_version_its_attachments_the_report_and_metadata(client, db, demo):
    import csv
    import json
    import zipfile

    from app.responses import attachments, submission
    from tests.app.test_responses import complete_input

    kongsberg = next(i for i in demo.invitations if i.consultee.name == "Kongsberg kommune")
    attachments.add(kongsberg, filename="vedtak.pdf", data=make_pdf(), max_bytes=10_000, now=utcnow())
    submission.submit(kongsberg, complete_input(demo, "=HYPERLINK(\"x\")"), expected_version=submission.version_of(kongsberg),
                      submission_key="arkiv", now=utcnow(), via="link")
    db.session.commit()
    client.post("/login", data={"email": "sekretariat@demo.kongsbergregionen.no", "password": "demo-passord-2030"})
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/consultations/{demo.slug}/archive.zip").data))
    names = archive.namelist()
    stem = f"{kongsberg.consultee_id}-kongsberg-kommune"
    assert f"svar/{stem}/{stem}-versjon-1.docx" in names
    assert f"svar/{stem}/{stem}-versjon-2.docx" in names
    assert any(n.startswith(f"svar/{stem}/vedlegg/") and n.endswith("vedtak.pdf") for n in names)
    assert any(n.startswith("rapport/") and n.endswith(".docx") for n in names)
    meta = json.loads(archive.read("metadata.json"))
    tinn = next(d for d in meta["documents"] if d["consultee"] == "Tinn kommune")
    assert tinn["case_number"] == "19/4976" and tinn["adopted_by"] == "kommunestyre" and tinn["org_number"]
    rows = list(csv.DictReader(io.StringIO(archive.read("metadata.csv").decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == len(meta["documents"]) == 7
    latest = Document(io.BytesIO(archive.read(f"svar/{stem}/{stem}-versjon-2.docx")))
    assert any("=HYPERLINK" in cell.text for table in latest.tables for row in table.rows for cell in row.cells) \
        or any("=HYPERLINK" in p.text for p in latest.paragraphs)


def test_the_council_cannot_download_the_archive(client, db, demo):
    client.post("/login", data={"email": "radet@demo.kongsbergregionen.no", "password": "demo-passord-2030"})
    assert client.get(f"/consultations/{demo.slug}/archive.zip").status_code == 403
