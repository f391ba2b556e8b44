"""Question kinds: one class per kind decides the form fields, what is stored and missing, the snapshot and
how the answer is shown; the walks over the questions only ask the class."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.consultations import services as consultations
from app.invitations import services as invitations
from app.models import FocusArea, Question, QuestionKind, ResponseVersion
from app.responses import kinds
from app.responses.kinds import KINDS, TextKind, kind_of
from app.responses.receipt import WORD_WRITERS
from app.snapshot import Snapshot, SnapshotAnswer
from app.timeutil import utcnow
from tests.conftest import docx_bytes, kongsberg_shaped_draft

ROOT = Path(__file__).resolve().parents[2]
#: The walks over questions and answers: none of them may decide by kind what a question does
WALKS = ("app/responses/forms.py", "app/responses/submission.py", "app/responses/guide.py",
         "app/responses/importing.py", "app/responses/receipt.py", "app/responses/confirmation.py",
         "app/consultations/structure.py", "app/reports/services.py", "app/analysis/sources.py")
KIND_VALUES = "|".join(k.value for k in QuestionKind)


def test_every_question_kind_has_a_class_a_template_and_a_word_writer(app):
    for member in QuestionKind:
        answers = kind_of(member)
        assert answers.kind is member and kind_of(member.value) is answers
        module = app.jinja_env.get_template(answers.template).module
        assert all(callable(getattr(module, macro, None)) for macro in ("form", "answer", "group")), member
        assert member.value in WORD_WRITERS, member
    assert set(KINDS) == set(QuestionKind)


def test_no_walk_and_no_template_branches_on_a_question_kind():
    members = re.compile(r"QuestionKind\.(" + "|".join(k.name for k in QuestionKind) + r")\b")
    values = re.compile(r"""kind(["']\])?(\.value)?\s*(==|!=|in)\s*[^\n]*["'](""" + KIND_VALUES + r""")["']""")
    for path in WALKS:
        text = (ROOT / path).read_text()
        assert not members.search(text) and not values.search(text), path
    for template in (ROOT / "templates").rglob("*.html"):
        assert not values.search(template.read_text()), template


def test_no_module_reads_a_stored_snapshot_as_a_dict():
    raw = re.compile(r"""snapshot(\(\))?(\[|\.get\()|\.get\(["'](answers|attachments)["']|answer\.get\(|answer\[["']""")
    for path in (ROOT / "app").rglob("*.py"):
        if path.name != "snapshot.py":
            assert not raw.search(path.read_text()), path
    # The stored JSON is written on submit and hashed for the archive; everything else reads `snapshot`
    readers = {p.relative_to(ROOT).as_posix() for p in (ROOT / "app").rglob("*.py") if "snapshot_data" in p.read_text()}
    assert readers == {"app/models/response.py", "app/responses/submission.py", "app/reports/records.py"}


def test_a_version_reads_its_snapshot_once_and_again_when_the_stored_data_changes():
    stored = Snapshot(consultation_title="Strategi", consultee="Tinn kommune", language="nb", version=1,
                      submitted_at="2026-03-11T13:32:00+00:00",
                      answers=(SnapshotAnswer(1, "Andre merknader", "text", text="Mer tog."),))
    version = ResponseVersion(snapshot_data=stored.to_dict())
    assert version.snapshot == stored and version.snapshot is version.snapshot
    version.snapshot_data = {**stored.to_dict(), "case_number": "19/4976"}
    assert version.snapshot.case_number == "19/4976"


class ShoutedText(TextKind):
    """A test kind: its answer must be given and is kept in capitals."""

    def store(self, item, question, area, data, clean):
        item.text = clean(data.texts.get(question.id, ""), question.text).upper()

    def missing(self, question, focus_areas, answers):
        return {} if answers[(question.id, None)].text else {f"q-{question.id}": "Rop svaret."}


@pytest.fixture
def link(db, consultation, consultee_a):
    """An open round with one invited consultee, who has only free-text questions to answer."""
    for question in [q for q in consultation.questions if q.kind is not QuestionKind.TEXT]:
        consultation.questions.remove(question)
    consultations.add_draft_file(consultation, filename="u.docx", data=docx_bytes(kongsberg_shaped_draft),
                                 user=None, max_bytes=10_000_000)
    invitations.invite(consultation, [consultee_a], now=utcnow())
    consultations.open_consultation(consultation, utcnow())
    token = invitations.issue_link(consultation.invitations[0], utcnow())
    db.session.commit()
    return f"/svar/{token}"


def _post(client, link: str, consultation, text: str):
    page = client.get(link).get_data(as_text=True)
    fields = {name: re.search(rf'name="{name}" type="hidden" value="([^"]*)"', page).group(1)
              for name in ("version", "submission_key")}
    answers = {f"q-{q.id}": text for q in consultation.questions}
    return client.post(link, data={**fields, **answers, "submit": "1"})


def test_a_kind_class_alone_decides_the_form_the_check_the_stored_answer_and_the_receipt(
        client, db, consultation, link, monkeypatch):
    monkeypatch.setitem(kinds.KINDS, QuestionKind.TEXT, ShoutedText())
    assert consultation.questions and not any(q.is_required for q in consultation.questions)
    page = client.get(link).get_data(as_text=True)
    assert all(f'name="q-{q.id}"' in page for q in consultation.questions)
    refused = _post(client, link, consultation, "")
    assert refused.status_code != 302 and "Rop svaret." in refused.get_data(as_text=True)
    sent = _post(client, link, consultation, "Vi vil ha tog.")
    assert sent.status_code == 302
    version = db.session.query(ResponseVersion).one()
    assert {a.text for a in version.snapshot.answers} == {"VI VIL HA TOG."}
    assert "VI VIL HA TOG." in client.get(sent.headers["Location"]).get_data(as_text=True)


def test_the_guide_counts_a_position_per_focus_area_and_one_answer_for_the_rest():
    areas = [FocusArea(title=title) for title in ("Samferdsel", "Næring", "Kompetanse")]
    assert kind_of(QuestionKind.POSITION).answers_expected(areas) == 3
    assert {kind_of(k).answers_expected(areas) for k in QuestionKind if k is not QuestionKind.POSITION} == {1}


def test_each_kind_template_shows_a_submitted_answer_as_the_pages_did(app):
    labels = {"delvis_enig": "Delvis enig"}

    def shown(answer: SnapshotAnswer, **options) -> str:
        with app.test_request_context():
            macro = app.jinja_env.get_template(kind_of(answer.kind).template).module.answer
            return " ".join(str(macro(answer, labels, **options)).split())

    position = SnapshotAnswer(1, "Standpunkt", "position", 10, "Samferdsel", "delvis_enig", text="Mer tog.")
    assert "<strong>Samferdsel</strong>: Delvis enig" in shown(position) and "Mer tog." in shown(position)
    assert "Mer tog." not in shown(position, with_text=False)
    assert shown(SnapshotAnswer(2, "Rangering", "ranking", 11, "Næring", rank=2)) == "<p>2. Næring</p>"
    yes_no = shown(SnapshotAnswer(3, "Felles innkjøp?", "yes_no", yes=False, text="Ikke nå."))
    assert yes_no.index("Nei") < yes_no.index("Ikke nå.")
    assert shown(SnapshotAnswer(4, "Andre merknader", "text")) == '<p class="answer-text">Ikke besvart</p>'
    assert shown(SnapshotAnswer(4, "Andre merknader", "text", text="Mer tog."), with_text=False) == ""


def test_each_kind_writes_its_line_in_the_reports_minutes(app):
    def line(answer: SnapshotAnswer, language: str = "nb") -> str:
        return kind_of(answer.kind).report_line(answer, language)[1]

    # A yes or no is in the minutes, before the comment, also without a comment
    assert line(SnapshotAnswer(3, "Felles innkjøp?", "yes_no", yes=False, text="Ikke nå.")) == "Nei. Ikke nå."
    assert line(SnapshotAnswer(3, "Felles innkjøp?", "yes_no", yes=True)) == "Ja"
    assert line(SnapshotAnswer(3, "Felles innkjøp?", "yes_no", yes=True, text="Ja, fra 2026.")) == "Ja, fra 2026."
    assert line(SnapshotAnswer(3, "Felles innkjøp?", "yes_no", text="Vet ikke ennå.")) == "Vet ikke ennå."
    # A position in the edition's own words; a comment that already says it, in either standard, once
    partly = SnapshotAnswer(1, "Standpunkt", "position", 10, "Samferdsel", "delvis_enig", text="Mer tog.")
    assert line(partly, "nn") == "Samferdsel: Delvis einig. Mer tog."
    said = SnapshotAnswer(1, "Standpunkt", "position", 10, "Samferdsel", "delvis_enig", text="Delvis enig. Mer tog.")
    assert line(said, "nn") == line(said, "nb") == "Samferdsel: Delvis enig. Mer tog."
    assert line(SnapshotAnswer(2, "Rangering", "ranking", 11, "Næring", rank=2)) == "2. Næring"


def test_a_yes_no_questions_choices_are_named_in_the_pages_language(app):
    from flask_babel import force_locale

    from app.forms import Form

    class Probe(Form):
        pass

    question = Question(id=7, text="Støtter dere felles legevakt?", kind=QuestionKind.YES_NO)
    kind_of(question).add_fields(Probe, question, [], "en")
    with app.test_request_context(), force_locale("en"):
        assert [str(choice.label) for choice in Probe()["yes-7"].choices] == ["Yes", "No"]
