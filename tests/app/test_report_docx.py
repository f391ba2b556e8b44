"""The Word summary report: written, opened again with python-docx, and read back."""
from __future__ import annotations

import ast
import io
from dataclasses import replace
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from app.reports.data import AreaReport, Minutes, OverviewRow, ReportData, ThemeReport
from app.reports.docx_writer import report_docx, report_filename, short_quote

FOCUS_AREAS = (
    ("Samfunnsutvikling", "Kommunikasjon, infrastruktur og samferdsel"),
    ("Samfunnsutvikling", "Kompetanseutvikling og innovasjon"),
    ("Samfunnsutvikling", "Fellesprosjekter innen næringsutvikling og steds- og områdeutvikling"),
    ("Tjenesteutvikling", "Kvalitet i tjenesteleveranse"),
    ("Tjenesteutvikling", "Kompetanseutvikling"),
    ("Tjenesteutvikling", "Innovasjon og digitalisering"),
)
QUESTIONS = ("Hva betyr de nye regionene for oss?", "Er vi store nok sammen?")


def make_data(language: str = "nb", areas: int = 6) -> ReportData:
    """A small round: two responses, one meeting, two focus areas with content."""
    titles = tuple(title for _, title in FOCUS_AREAS[:areas])
    first = AreaReport(
        title=FOCUS_AREAS[0][1], group="Samfunnsutvikling",
        support={"enig": ("Kongsberg kommune", "Tinn kommune"), "delvis_enig": ("Notodden kommune",),
                 "uenig": (), "ingen_merknad": ("Rollag kommune",)},
        themes=(ThemeReport(
            label="Bedre kollektivtilbud", consultees=("Tinn kommune", "Notodden kommune"),
            quotes=(("Tinn kommune", "Bussen til Rjukan må gå oftere, også i helgene."),
                    ("Notodden kommune", "Togforbindelsen til Porsgrunn bør prioriteres " * 30)),
            assessment="Delvis tatt til følge",
            assessment_text="Strategien nevner kollektivtilbudet, men ikke rutene."),))
    second = AreaReport(title=FOCUS_AREAS[4][1], group="Tjenesteutvikling",
                        support={"uenig": ("Flesberg kommune",)}, themes=())
    minutes = (
        Minutes(heading="Høringssvar fra Tinn kommune",
                meta="20. juni 2019 · Kommunestyret · sak 19/4976",
                sections=((QUESTIONS[0], "Fraflytting er felles for oss.\n\nVi trenger:\n"
                                         "- bedre vei\n- raskere bredbånd"),
                          (QUESTIONS[1], "Ja, men døren bør stå åpen for flere kommuner."))),
        Minutes(heading="Referat formannskapet i Tinn",
                meta="11. mars 2019 · Formannskapet · Arbeidsmøte ca. 3 timer",
                sections=((QUESTIONS[1], "Vi er store nok nå."),)),
    )
    positions = ("enig", "delvis_enig", "uenig", "ingen_merknad", None, "enig")[:areas]
    return ReportData(
        language=language, region="Kongsbergregionen", title="Strategi Kongsbergregionen 2019–2030",
        draft_name="Utkast til strategi", period_start=date(2019, 5, 15),
        period_end=date(2019, 7, 1), invited=8, answered=2, meetings=1, generated=date(2019, 8, 2),
        overview=(OverviewRow("Alle", date(2019, 3, 11), "Representantskapet", "Gruppearbeid ca. 3 timer"),
                  OverviewRow("Tinn kommune", date(2019, 6, 20), "Kommunestyret, sak 19/4976", "Vedtak"),
                  OverviewRow("Hjartdal kommune", None, "Formannskapet", "Høringssvar")),
        areas=(first, second), minutes=minutes, focus_areas=titles,
        matrix=(("Kongsberg kommune", positions), ("Tinn kommune", ("enig",) * areas),
                ("Nore og Uvdal kommune", (None,) * areas)),
        questions=QUESTIONS)


def reopen(data: ReportData):
    return docx.Document(io.BytesIO(report_docx(data)))


@pytest.fixture(scope="module")
def bokmal():
    return reopen(make_data("nb", areas=6))


@pytest.fixture(scope="module")
def nynorsk():
    return reopen(make_data("nn", areas=5))


def headings(document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs
            if p.style.name == "Title" or p.style.name.startswith("Heading")]


def texts(document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def test_report_docx_headings_in_order_with_word_styles(bokmal):
    assert headings(bokmal) == [
        ("Title", "Strategi Kongsbergregionen 2019–2030"),
        ("Heading 1", "Innledning"),
        ("Heading 1", "Oversikt over svar og dialogmøter"),
        ("Heading 1", "Samfunnsutvikling: Kommunikasjon, infrastruktur og samferdsel"),
        ("Heading 2", "Bedre kollektivtilbud"),
        ("Heading 1", "Tjenesteutvikling: Kompetanseutvikling"),
        ("Heading 1", "Referater"),
        ("Heading 2", "Høringssvar fra Tinn kommune"),
        ("Heading 3", QUESTIONS[0]),
        ("Heading 3", QUESTIONS[1]),
        ("Heading 2", "Referat formannskapet i Tinn"),
        ("Heading 3", QUESTIONS[1]),
        ("Heading 1", "Standpunkt per høringsinstans og satsingsområde"),
        ("Heading 2", "Standpunkt per satsingsområde"),
    ]


def test_report_docx_introduction_has_norwegian_dates_and_counts(bokmal):
    intro = " ".join(p.text for p in bokmal.paragraphs[:12])
    assert "høringsperioden var 15. mai 2019 – 1. juli 2019." in intro
    assert "Denne oppsummeringen gjelder høringen «Strategi Kongsbergregionen 2019–2030»." in intro
    assert "«Utkast til strategi»" in intro
    assert "8 høringsinstanser ble invitert til å svare, og 2 har svart." in intro
    assert "I tillegg ble det holdt 1 dialogmøte." in intro
    assert "2. august 2019" in intro


def test_report_docx_overview_table_rows_style_and_repeated_header(bokmal):
    table = bokmal.tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows == [["Høringsinstans", "Dato", "Arena", "Beskrivelse"],
                    ["Alle", "11. mars 2019", "Representantskapet", "Gruppearbeid ca. 3 timer"],
                    ["Tinn kommune", "20. juni 2019", "Kommunestyret, sak 19/4976", "Vedtak"],
                    ["Hjartdal kommune", "", "Formannskapet", "Høringssvar"]]
    assert table.style.name == "Light Grid Accent 1"
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_report_docx_support_themes_quotes_and_assessment(bokmal):
    bullets = texts(bokmal, "List Bullet")
    assert "Enig (2): Kongsberg kommune, Tinn kommune" in bullets
    assert "Delvis enig (1): Notodden kommune" in bullets
    assert "Ingen merknad (1): Rollag kommune" in bullets
    assert "Uenig (1): Flesberg kommune" in bullets
    assert not any(b.startswith("Uenig (0)") for b in bullets)
    paragraphs = [p.text for p in bokmal.paragraphs]
    assert "Tatt opp av: Tinn kommune, Notodden kommune" in paragraphs
    quotes = texts(bokmal, "Quote")
    assert quotes[0] == "«Bussen til Rjukan må gå oftere, også i helgene.» – Tinn kommune"
    assert quotes[1].endswith("…» – Notodden kommune") and len(quotes[1]) < 340
    assessment = next(p for p in bokmal.paragraphs if p.text.startswith("Sekretariatets vurdering"))
    assert assessment.text == ("Sekretariatets vurdering: Delvis tatt til følge. "
                               "Strategien nevner kollektivtilbudet, men ikke rutene.")
    assert assessment.runs[0].bold
    assert "Ingen tema er funnet i merknadene." in paragraphs


def test_report_docx_minutes_meta_paragraphs_and_bullets(bokmal):
    paragraphs = [p.text for p in bokmal.paragraphs]
    start = paragraphs.index("Høringssvar fra Tinn kommune")
    assert paragraphs[start + 1:start + 7] == [
        "20. juni 2019 · Kommunestyret · sak 19/4976", QUESTIONS[0], "Fraflytting er felles for oss.",
        "Vi trenger:", "bedre vei", "raskere bredbånd"]
    assert bokmal.paragraphs[start + 1].runs[0].italic
    assert bokmal.paragraphs[start + 5].style.name == "List Bullet"


def test_report_docx_has_toc_field_and_page_numbers(bokmal):
    body = bokmal.element.body
    assert body.findall(f".//{qn('w:fldChar')}")
    instructions = [i.text for i in body.iter(qn("w:instrText"))]
    assert any(i.strip().startswith("TOC") for i in instructions)
    assert texts(bokmal, "TOC Heading") == ["Innhold"]
    footer = bokmal.sections[0].footer.paragraphs[0]
    fields = [f.get(qn("w:instr")) for f in footer._p.iter(qn("w:fldSimple"))]
    assert fields == ["PAGE", "NUMPAGES"]
    assert footer.text.startswith("Side ") and " av " in footer.text
    assert bokmal.settings.element.find(qn("w:updateFields")) is not None


def test_report_docx_matrix_table_and_chart_with_alt_text(bokmal):
    matrix = bokmal.tables[-1]
    assert [c.text for c in matrix.rows[0].cells][:2] == ["Høringsinstans", FOCUS_AREAS[0][1]]
    assert [c.text for c in matrix.rows[1].cells] == ["Kongsberg kommune", "E", "D", "U", "–", "", "E"]
    assert [c.text for c in matrix.rows[3].cells][1:] == [""] * 6
    assert matrix.style.name == "Light Grid Accent 1"
    assert any(p.text.startswith("E = enig, D = delvis enig, U = uenig, – = ingen merknad")
               for p in bokmal.paragraphs)
    assert len(bokmal.inline_shapes) == 1
    picture = bokmal.inline_shapes[0]
    alt = picture._inline.docPr.get("descr")
    assert alt and "Kommunikasjon, infrastruktur og samferdsel: enig 2, delvis enig 0" in alt
    blob = bokmal.part.related_parts[picture._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
    assert blob.startswith(b"\x89PNG")


def test_report_docx_matrix_in_landscape_when_more_than_five_areas(bokmal, nynorsk):
    first, last = bokmal.sections[0], bokmal.sections[-1]
    assert len(bokmal.sections) == 2
    assert first.orientation == WD_ORIENT.PORTRAIT and first.page_height > first.page_width
    assert last.orientation == WD_ORIENT.LANDSCAPE and last.page_width > last.page_height
    assert len(nynorsk.sections) == 1
    assert nynorsk.sections[0].orientation == WD_ORIENT.PORTRAIT


def test_report_docx_in_nynorsk_has_nynorsk_headings_and_labels(nynorsk):
    found = [text for _, text in headings(nynorsk)]
    assert "Innleiing" in found and "Oversikt over svar og dialogmøte" in found
    assert "Referat" in found and "Referater" not in found
    assert [c.text for c in nynorsk.tables[0].rows[0].cells] == [
        "Høyringsinstans", "Dato", "Arena", "Skildring"]
    paragraphs = [p.text for p in nynorsk.paragraphs]
    assert ("Sekretariatet si vurdering: Delvis teke til følgje. "
            "Strategien nevner kollektivtilbudet, men ikke rutene.") in paragraphs
    assert "Einig (2): Kongsberg kommune, Tinn kommune" in texts(nynorsk, "List Bullet")
    assert "Teke opp av: Tinn kommune, Notodden kommune" in paragraphs
    assert any("høyringsperioden var 15. mai 2019 – 1. juli 2019." in p for p in paragraphs)
    assert any("vart det halde 1 dialogmøte" in p for p in paragraphs)
    assert texts(nynorsk, "TOC Heading") == ["Innhald"]


def test_report_docx_empty_round_still_opens():
    data = replace(make_data(), overview=(), areas=(), minutes=(), focus_areas=(), matrix=(), meetings=0)
    document = reopen(data)
    assert [text for _, text in headings(document)] == [
        "Strategi Kongsbergregionen 2019–2030", "Innledning", "Oversikt over svar og dialogmøter",
        "Referater"]
    assert "Ingen svar eller møter er registrert." in [p.text for p in document.paragraphs]
    assert not document.tables and not document.inline_shapes


def test_report_docx_filename_and_short_quote():
    assert report_filename(make_data()) == "oppsummering-strategi-kongsbergregionen-2019-2030.docx"
    assert report_filename(make_data(), "xlsx").endswith(".xlsx")
    assert short_quote("Kort  og\ngreit.") == "Kort og greit."
    assert short_quote("ord " * 200, limit=20) == "ord ord ord ord …"


def test_report_writers_import_no_flask_and_no_database():
    allowed = ("__future__", "io", "re", "textwrap", "collections", "dataclasses", "datetime", "docx",
               "matplotlib", "openpyxl", "app.reports.data", "app.responses.receipt",
               "app.responses.snapshot", "app.text")
    for module in ("data", "docx_writer", "xlsx_writer"):
        tree = ast.parse((Path(__file__).parents[2] / "app" / "reports" / f"{module}.py").read_text())
        names = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
        names += [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        assert [n for n in names if not n.startswith(allowed)] == [], module


def test_report_docx_fast_paragraphs_write_what_python_docx_writes():
    from lxml import etree

    from app.reports.docx_writer import _Document

    cases = [("", None), ("Innledning", "Heading 1"), ("  space at the edges ", None), ("a\tb\nc", "List Bullet"),
             ("Sitat", "Quote"), ("Tittel", "Title"), ("Vanlig", "Normal")]
    plain, fast = docx.Document(), _Document(docx.Document())
    for text, style in cases:
        plain.add_paragraph(text, style)
        fast.add_paragraph(text, style)
    fast.add_heading("Overskrift", 2)
    plain.add_heading("Overskrift", 2)
    assert etree.tostring(fast.document.element.body) == etree.tostring(plain.element.body)
