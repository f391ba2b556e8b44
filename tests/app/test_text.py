"""Text XML cannot hold: cleaned from every form field, and by every writer at write time."""
from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from werkzeug.datastructures import MultiDict
from wtforms import PasswordField, StringField

from app.forms import Form
from app.responses.snapshot import Snapshot, SnapshotAnswer, SnapshotAttachment
from app.text import one_line, xml_safe, xml_safe_all

#: What the review found breaking every file of a round, and the rest XML 1.0 cannot hold
HOSTILE = "\x00\x01\x08\x0b\x0c\r\x1f\ud800\udfff\ufffe\uffff"
#: Arbitrary text with surrogates (a JSON snapshot can hold one) and the characters above made common
ANY_TEXT = st.text(st.one_of(st.characters(exclude_categories=()), st.sampled_from(HOSTILE)),
                   max_size=40)


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


def test_every_text_field_of_every_form_is_cleaned_and_passwords_are_kept(app, consultation):
    from app.meetings.forms import meeting_form_class
    from app.responses.forms import response_form_class

    made = [response_form_class(consultation), meeting_form_class(consultation, [])]
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
