"""The Excel file of comments: written, opened again with openpyxl, and read back."""
from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pytest

from app.reports.data import MEETING, CommentRow, RankRow, ReportData
from app.reports.xlsx_writer import report_xlsx, sheet_title

HEADER = ["Høringsinstans", "Kilde", "Dato", "Spørsmål", "Satsingsområde", "Standpunkt i svaret", "Tema", "Type innspill",
          "Tekst", "Vurdering", "Begrunnelse for vurderingen", "Åpen høring"]
TEXT, THEME, ASSESSMENT = HEADER.index("Tekst"), HEADER.index("Tema"), HEADER.index("Vurdering")
QUESTIONS = (
    "Hva betyr de nye regionene for oss?",
    "Hvilke satsingsområder er viktigst: samferdsel/kompetanse [velg inntil tre]?",
    "Hvilke satsingsområder er viktigst: samferdsel/kompetanse [velg inntil tre]!",
)
RANKING_QUESTION = "Ranger satsingsområdene"
DANGEROUS = ("=SUM(A1:A2)", "+47 99", "-1", "@cmd", "\t=1+1", "\r=1+1")


def comment(consultee: str, question: str, text: str, **extra) -> CommentRow:
    values = {"focus_area": "Kommunikasjon, infrastruktur og samferdsel", "theme": "Bedre kollektivtilbud",
              "stance": "Støtter", "assessment": "Delvis tatt til følge", "date": date(2019, 6, 20),
              "assessment_text": "Tas inn i kapittel 3.",
              "position": "delvis_enig"} | extra
    return CommentRow(consultee=consultee, question=question, text=text, **values)


def make_data(language: str = "nb") -> ReportData:
    comments = (
        comment("Tinn kommune", QUESTIONS[0], "Bussen til Rjukan må gå oftere.\nOgså i helgene."),
        comment("Kongsberg kommune", QUESTIONS[1], "Kompetanse først, så samferdsel.",
                focus_area="Kompetanseutvikling og innovasjon", theme="Fagskole", stance="Foreslår",
                kind=MEETING, date=date(2019, 3, 11), position=""),
        *(comment("Nore og Uvdal kommune", QUESTIONS[2], text, theme=text, assessment=text)
          for text in DANGEROUS),
    )
    return ReportData(
        language=language, region="Kongsbergregionen", title="Strategi Kongsbergregionen 2019–2030",
        period_start=date(2019, 5, 15), period_end=date(2019, 7, 1),
        invited=8, answered=3, meetings=0, generated=date(2019, 8, 2), overview=(), areas=(),
        minutes=(), focus_areas=("Kommunikasjon, infrastruktur og samferdsel", "Kompetanseutvikling og innovasjon"),
        matrix=(), comments=comments, questions=(QUESTIONS[0], RANKING_QUESTION, *QUESTIONS[1:]),
        ranking=(RankRow("Kommunikasjon, infrastruktur og samferdsel", 1.33, 5, 3, place=1),
                 RankRow("=Kompetanseutvikling og innovasjon", 1.67, 4, 3, place=2)),
        ranking_note="Tre av tre som har svart, har rangert satsingsområdene.",
        rankings=(("Tinn kommune", ("Kommunikasjon, infrastruktur og samferdsel", "Kompetanseutvikling og innovasjon")),
                  ("Rollag kommune", ("=Kompetanseutvikling og innovasjon",))))


@pytest.fixture(scope="module")
def workbook():
    return openpyxl.load_workbook(io.BytesIO(report_xlsx(make_data())))


def values(sheet) -> list[list]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_report_xlsx_all_comments_sheet_header_filter_and_frozen_row(workbook):
    sheet = workbook["Innspill"]
    assert workbook.sheetnames[0] == "Innspill"
    rows = values(sheet)
    assert rows[0] == HEADER
    assert len(rows) == 1 + 2 + len(DANGEROUS)
    assert rows[1] == ["Tinn kommune", "Høringssvar", datetime(2019, 6, 20), QUESTIONS[0],
                       "Kommunikasjon, infrastruktur og samferdsel", "Delvis enig", "Bedre kollektivtilbud", "Støtter",
                       "Bussen til Rjukan må gå oftere.\nOgså i helgene.", "Delvis tatt til følge",
                       "Tas inn i kapittel 3.", "Nei"]  # the «Åpen høring» column answered in every row
    assert sheet.auto_filter.ref == f"A1:L{len(rows)}"
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    assert sheet["I2"].alignment.wrap_text
    assert sheet["C2"].number_format == "DD.MM.YYYY"
    assert sheet.column_dimensions["I"].width > sheet.column_dimensions["H"].width >= 10


def test_report_xlsx_says_where_each_comment_comes_from_when_and_the_consultees_own_position(workbook):
    rows = values(workbook["Innspill"])
    meeting = next(row for row in rows if row[0] == "Kongsberg kommune")
    assert meeting[1:3] == ["Dialogmøte", datetime(2019, 3, 11)]
    assert meeting[HEADER.index("Standpunkt i svaret")] is None  # no position of its own on that focus area
    assert all(row[4] for row in rows[1:])  # the focus-area column is never blank


def test_report_xlsx_has_a_sheet_with_the_combined_ranking(workbook):
    assert workbook.sheetnames[:2] == ["Innspill", "Samlet rangering"]
    rows = values(workbook["Samlet rangering"])
    assert rows[0] == ["Plass", "Satsingsområde", "Snittplass", "Borda-poeng", "Rangert av"]
    assert rows[1] == [1, "Kommunikasjon, infrastruktur og samferdsel", 1.33, 5, 3]
    assert rows[2][1] == "=Kompetanseutvikling og innovasjon"  # a title is text, never a formula
    assert workbook["Samlet rangering"]["B3"].data_type == "s"
    assert workbook["Samlet rangering"]["C2"].number_format == "0.00"
    assert rows[4][0] == "Tre av tre som har svart, har rangert satsingsområdene."
    # Each consultee's own ranking below, first place first
    assert rows[6][0] == "Rangeringen til hver høringsinstans"
    assert rows[7][:3] == ["Høringsinstans", "1.", "2."]
    assert rows[8][:3] == ["Tinn kommune", "Kommunikasjon, infrastruktur og samferdsel", "Kompetanseutvikling og innovasjon"]
    assert rows[9][:2] == ["Rollag kommune", "=Kompetanseutvikling og innovasjon"]
    assert workbook["Samlet rangering"]["B10"].data_type == "s"  # text, never a formula


def test_report_xlsx_one_sheet_per_question_with_valid_unique_titles(workbook):
    titles = workbook.sheetnames[2:]
    # The ranking question gives no comments: its answers are on the ranking sheet, not on an empty one
    assert len(titles) == len(QUESTIONS) and not any(RANKING_QUESTION[:10] in title for title in titles)
    assert len({t.lower() for t in titles}) == len(titles)
    for title in titles:
        assert 0 < len(title) <= 31
        assert not set(title) & set("[]:*?/\\")
    assert titles[0] == "1. Hva betyr de nye regionene…"  # cut between words, not "… regionene f"
    assert titles[1:] == ["3. Hvilke satsingsområder…", "4. Hvilke satsingsområder…"]  # no trailing «er»
    for title, question, count in zip(titles, QUESTIONS, (1, 1, len(DANGEROUS)), strict=True):
        rows = values(workbook[title])
        assert rows[0] == HEADER
        assert [row[HEADER.index("Spørsmål")] for row in rows[1:]] == [question] * count
        assert workbook[title].freeze_panes == "A2"
        assert workbook[title].auto_filter.ref == f"A1:L{count + 1}"


def test_report_xlsx_formula_like_text_arrives_as_plain_text(workbook):
    sheet = workbook["Innspill"]
    cells = [row for row in sheet.iter_rows(min_row=2) if row[0].value == "Nore og Uvdal kommune"]
    # Cells hold "\n" line breaks (a lone "\r" shows in Excel as _x000D_), and stay quoted
    assert [row[TEXT].value for row in cells] == [text.replace("\r", "\n") for text in DANGEROUS]
    for row in cells:
        for cell in (row[THEME], row[TEXT], row[ASSESSMENT]):
            assert cell.data_type != "f", cell.value
            assert cell.data_type == "s"
            assert cell.quotePrefix
    assert not sheet["A2"].quotePrefix


@pytest.fixture
def catalogs():
    """An application context: the headers come from its catalogs (app.reports.texts)."""
    from app import create_app
    from app.config import TestConfig

    with create_app(TestConfig()).app_context():
        yield


def test_report_xlsx_nynorsk_header_and_empty_round(catalogs):
    data = make_data("nn")
    empty = ReportData(**{**data.__dict__, "comments": (), "questions": (), "focus_areas": (), "ranking": ()})
    book = openpyxl.load_workbook(io.BytesIO(report_xlsx(empty)))
    assert book.sheetnames == ["Innspel"]  # the sheet's name in nynorsk too
    assert values(book["Innspel"]) == [["Høyringsinstans", "Kjelde", *HEADER[2:-5], "Type innspel", *HEADER[-4:-2],
                                         "Grunngjeving for vurderinga", "Open høyring"]]
    assert book["Innspel"].auto_filter.ref == "A1:L1"
    nynorsk = openpyxl.load_workbook(io.BytesIO(report_xlsx(data)))
    assert nynorsk.sheetnames[1] == "Samla rangering"
    assert values(nynorsk["Innspel"])[1][1] == "Høyringssvar"
    assert values(nynorsk["Innspel"])[1][9] == "Delvis teke til følgje"  # the assessment in nynorsk, as in Word
    from app.reports.docx_writer import report_filename

    assert report_filename(data, "xlsx", "innspill").startswith("innspel-")


def test_sheet_title_rules():
    assert sheet_title("Hva/hvem: [alle]?") == "Hva hvem alle"
    assert sheet_title("'sitat'") == "sitat"
    assert sheet_title("***") == "Ark"
    assert sheet_title("x" * 40) == "x" * 30 + "…"
    assert sheet_title("Innspill", {"innspill"}) == "Innspill (2)"
    assert sheet_title("y" * 40, {"y" * 30 + "…"}) == "y" * 26 + "… (2)"
    assert sheet_title("History") == "History (2)"
    # Cut between words, never inside one, without a dangling comma or function word, and marked «…»
    assert sheet_title("10. Hvilke enkeltsaker kan kommunene stå sammen om?") == "10. Hvilke enkeltsaker…"
    assert sheet_title("1. Hva mener dere om satsingsområdene?") == "1. Hva mener dere…"
    assert sheet_title("3. Er det noe som mangler i utkastet?") == "3. Er det noe som mangler…"
    assert sheet_title("Kommunikasjon, infrastruktur og samferdsel") == "Kommunikasjon, infrastruktur…"
    assert sheet_title("Fellesprosjekter, næringsutvikling") == "Fellesprosjekter…"
    taken = {"10. hvilke enkeltsaker…"}
    assert sheet_title("10. Hvilke enkeltsaker kan kommunene stå sammen om?", taken) == "10. Hvilke enkeltsaker… (2)"
    for text in ("Hva betyr de nye regionene for oss og for kommunene?", "a " * 40, "Ord" + "x" * 40 + " slutt"):
        title = sheet_title(text)
        assert len(title) <= 31 and (text.startswith(title[:-1]) or " " not in text[:31]), title


def test_report_xlsx_marks_an_open_rounds_respondent_in_its_own_column():
    data = make_data()
    public = comment("Ola Nordmann (åpen høring, oppgitt organisasjon: Tinn kommune)", QUESTIONS[0], "Bra.",
                     is_public=True)
    book = openpyxl.load_workbook(io.BytesIO(report_xlsx(ReportData(**{**data.__dict__, "comments": (public,)}))))
    header, row = values(book["Innspill"])
    assert row[0] == public.consultee and row[header.index("Åpen høring")] == "Ja"


def test_report_xlsx_says_not_assessed_and_names_the_secretariat_as_the_word_file_does():
    data = make_data()
    bare = comment("Tinn kommune", QUESTIONS[0], "Bra.", assessment="", assessment_text="")
    book = openpyxl.load_workbook(io.BytesIO(report_xlsx(ReportData(**{**data.__dict__, "comments": (bare,)}))))
    header, row = values(book["Innspill"])
    assert row[header.index("Vurdering")] == "Ikke vurdert"
    assert book.properties.creator == "Sekretariatet i Kongsbergregionen"


def test_the_collected_comments_put_other_input_last_leave_out_empty_remarks_and_say_andre_innspill(db, demo):
    from app.models import CommentUnit
    from app.reports.services import collect
    from app.timeutil import utcnow
    from nlp.remarks import says_nothing

    data = collect(demo, utcnow().date())
    areas = [c.focus_area for c in data.comments]
    assert "Uten satsingsområde" not in areas and "Andre innspill" in areas
    assert areas.index("Andre innspill") > max(n for n, area in enumerate(areas) if area != "Andre innspill")
    empty = [u.text for u in db.session.query(CommentUnit).filter_by(consultation_id=demo.id, is_relevant=True)
             if says_nothing(u.text)]
    assert empty and not any(says_nothing(c.text) for c in data.comments)  # the demo has such remarks, left out
