"""Text XML cannot hold: cleaned from every form field, and by every writer at write time."""
from __future__ import annotations

import ast
import io
from dataclasses import fields
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from werkzeug.datastructures import MultiDict
from wtforms import PasswordField, StringField

from app.forms import Form
from app.reports.data import AreaReport, CommentRow, Minutes, OverviewRow, Quote, ReportData, ThemeReport
from app.reports.docx_writer import report_docx
from app.reports.xlsx_writer import report_xlsx
from app.responses.receipt import receipt_docx
from app.snapshot import Snapshot, SnapshotAnswer, SnapshotAttachment
from app.text import one_line, xml_safe, xml_safe_all

#: What the review found breaking every file of a round, and the rest XML 1.0 cannot hold
HOSTILE = "\x00\x01\x08\x0b\x0c\r\x1f\ud800\udfff\ufffe\uffff"
#: Characters with a meaning somewhere on the way: formulas, lists, paragraphs, matplotlib's "$…$"
MEANINGFUL = "$\\-=+@\t\n "
#: Arbitrary text with surrogates (a JSON snapshot can hold one) and the characters above made common
ANY_TEXT = st.text(st.one_of(st.characters(exclude_categories=()), st.sampled_from(HOSTILE + MEANINGFUL)),
                   max_size=40)
#: The chart draws any title; a glyph missing from its font is only a warning
pytestmark = pytest.mark.filterwarnings("ignore:Glyph .* missing from font")


def xml_accepts(text: str) -> bool:
    try:
        etree.Element("t").text = text
        return True
    except ValueError:
        return False


# --- the one cleaning --------------------------------------------------------------------

def test_word_line_breaks_and_windows_line_ends_become_new_lines():
    assert xml_safe("Før\x0better\x0cside\r\nlinje\rslutt") == "Før\netter\nside\nlinje\nslutt"


def test_what_xml_cannot_hold_is_removed_and_everything_else_kept():
    assert xml_safe("a\x00b\x01c\x08d\x1fe\ud800f\udfffg\ufffeh\uffffi") == "abcdefghi"
    kept = "Tab\tog linje\nÆØÅ æøå «sitat» – 😀 مرحبا עברית \x7f\x85\u2028"
    assert xml_safe(kept) == kept


def test_anything_not_a_string_passes_unchanged():
    assert xml_safe(None) is None and xml_safe(3) == 3 and xml_safe(date(2030, 1, 1)) == date(2030, 1, 1)


def test_nested_data_is_cleaned_throughout():
    snapshot = Snapshot("T\x01", "K\x0b", "nb", 1, "2030-01-01T00:00:00", answers=(
        SnapshotAnswer(1, "Q\ufffe", "text", text="a\ud800b"),), attachments=(SnapshotAttachment(1, "f\x01.pdf", 3),))
    clean = xml_safe_all(snapshot)
    assert (clean.consultation_title, clean.consultee, clean.answers[0].question, clean.answers[0].text,
            clean.attachments[0].filename) == ("T", "K\n", "Q", "ab", "f.pdf")
    assert xml_safe_all({"a\x01": ["b\x0b", ("c\x00", 1, None)]}) == {"a": ["b\n", ("c", 1, None)]}


def test_one_line_names_have_no_line_breaks():
    assert one_line("  Vedtak\x0bformannskapet\r\n.pdf\x01 ") == "Vedtak formannskapet .pdf"


@given(ANY_TEXT)
def test_any_text_is_made_fit_for_xml_and_cleaning_twice_changes_nothing(text):
    clean = xml_safe(text)
    assert xml_accepts(clean)
    assert xml_safe(clean) == clean
    assert "\r" not in clean and not set(clean) & set(HOSTILE)


def test_the_cleaning_module_needs_nothing_but_the_standard_library():
    tree = ast.parse((Path(__file__).parents[2] / "app" / "text.py").read_text())
    names = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    names += [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert set(names) <= {"__future__", "dataclasses", "re"}


# --- every form --------------------------------------------------------------------------

def _form_classes(base=Form):
    for cls in base.__subclasses__():
        yield cls
        yield from _form_classes(cls)


def test_every_text_field_of_every_form_is_cleaned_and_passwords_are_kept(app, db, consultation, consultee_a):
    from app.meetings.forms import meeting_form_class
    from app.responses.forms import response_form_class
    from tests.factories import open_round_for

    open_round_for(db, consultation, consultee_a)
    made = [response_form_class(consultation.invitations[0]), meeting_form_class(consultation, [])]
    classes = {*_form_classes(), *made}
    names = {cls.__name__ for cls in classes}
    assert {"ResponseForm", "MeetingForm", "ConsultationForm", "NewConsultationForm", "DraftForm",
            "FocusAreaForm", "QuestionForm", "ConsulteeForm", "SignupForm", "ExtensionForm", "UserForm",
            "LoginForm", "InviteForm"} <= names
    checked = 0
    with app.test_request_context(method="POST"):
        for cls in classes:
            texts = [f for f in cls() if isinstance(f, StringField)]
            form = cls(formdata=MultiDict({f.name: "a\x00b\x0bc\r\nd\ud800" for f in texts}))
            for field in texts:
                if isinstance(field, PasswordField):
                    assert form[field.name].data == "a\x00b\x0bc\r\nd\ud800"
                else:
                    assert form[field.name].data == "ab\nc\nd", (cls.__name__, field.name)
                    checked += 1
    assert checked > 30


# --- every writer, with the review's characters and with any text -------------------------

REVIEW = "Før\x0better\x01 slutt"


def snapshot_with(text: str) -> Snapshot:
    """A stored version whose every text is `text` (versions stay in the archive for good)."""
    answers = (SnapshotAnswer(1, f"Standpunkt {text}", "position", 10, f"Område {text}", "enig", text=text),
               SnapshotAnswer(2, f"Rangering {text}", "ranking", 10, f"Område {text}", rank=1, text=text),
               SnapshotAnswer(3, f"Spørsmål {text}", "text", text=text),
               SnapshotAnswer(4, f"Ja/nei {text}", "yes_no", yes=True, text=text))
    return Snapshot(f"Høring {text}", f"Kommune {text}", "nb", 1, "2030-01-01T12:00:00+00:00",
                    adopted_by="kommunestyre", decision_date="2030-01-01", case_number=text, answers=answers,
                    attachments=(SnapshotAttachment(1, f"{text}.pdf", 2048),))


def report_with(text: str, language: str = "nb") -> ReportData:
    """A report whose every text is `text`: answers, notes, theme labels, names, titles, file names."""
    theme = ThemeReport(f"Tema {text}", (f"Kommune {text}",), (Quote(f"Kommune {text}", text),), "Tatt til følge", text)
    return ReportData(
        language=language, region=f"Region {text}", title=f"Høring {text}",
        period_start=date(2030, 1, 1), period_end=date(2030, 2, 1), invited=2, answered=1, meetings=1,
        generated=date(2030, 3, 1), overview=(OverviewRow(f"Kommune {text}", date(2030, 1, 5), text, text),),
        areas=(AreaReport(f"Område {text}", text, {"enig": (f"Kommune {text}",)}, (theme,)),),
        minutes=(Minutes(f"Referat {text}", text, ((f"Spørsmål {text}", text), (text, f"- {text}\n\n{text}"))),),
        focus_areas=(f"Område {text}",), matrix=((f"Kommune {text}", ("enig",)),),
        comments=(CommentRow(*(text for _ in fields(CommentRow))),), questions=(f"Spørsmål {text}", text))


def open_docx(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return [p.text for p in document.paragraphs] + cells


def open_xlsx(data: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [cell.value for sheet in book for row in sheet.iter_rows() for cell in row]


def test_the_receipt_is_written_with_the_reviews_characters():
    texts = open_docx(receipt_docx(snapshot_with(REVIEW), region="Region\x01"))
    assert "Før\netter slutt" in texts and "Kommune Før\netter slutt" in texts


def test_the_report_is_written_with_the_reviews_characters():
    texts = open_docx(report_docx(report_with(REVIEW)))
    assert "Tema Før\netter slutt" in texts and "Høring Før\netter slutt" in texts


def test_the_excel_file_is_written_with_the_reviews_characters():
    values = open_xlsx(report_xlsx(report_with(REVIEW)))
    assert "Før\netter slutt" in values


@pytest.mark.parametrize("characters", ["\x01", "\x0b", "\ud800", "\ufffe", "\x00", "$$"])
def test_a_stored_text_with_any_such_characters_is_written_by_every_writer(characters):
    text = f"a{characters}b"
    open_docx(receipt_docx(snapshot_with(text), region=text))
    open_docx(report_docx(report_with(text)))
    open_docx(report_docx(report_with(text, "nn")))
    open_xlsx(report_xlsx(report_with(text)))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_TEXT)
def test_any_text_is_written_by_every_writer_and_read_back(text):
    open_docx(receipt_docx(snapshot_with(text), region=text))
    assert f"Høring {xml_safe(text)}" in open_docx(report_docx(report_with(text)))
    book = openpyxl.load_workbook(io.BytesIO(report_xlsx(report_with(text))))
    assert book["Innspill"]["I2"].value == (xml_safe(text) or None)  # the «Tekst» column

