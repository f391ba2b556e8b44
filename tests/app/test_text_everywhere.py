"""Any text typed into any field reaches every page and every file without an error.

Hypothesis types arbitrary Unicode, control characters included, into every text field of the
forms: the round, its draft, focus areas and questions, the consultee's name, the response form
(comments, free-text answers, case number, the Word import, autosave), an extension request and
its answer, meeting minutes, the public sign-up, theme labels and assessments, a redaction's
reason. Then every page that shows them is read and every file is built and opened again.
The app is built once per test function, as in the rest of the suite; each example makes its own
round and consultee, and the examples share only the app and the signed-in secretariat.
"""
from __future__ import annotations

import io
import itertools
import re
import zipfile
from datetime import timedelta

import docx
import openpyxl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.analysis import jobs as analysis_jobs
from app.consultations import services as consultations
from app.invitations import services as invitations
from app.models import Consultation, Consultee, ExtensionRequest, Meeting, QuestionKind, RunStatus, Theme
from app.publication import redaction
from app.reports import archive, noark, pdfa
from app.reports import jobs as report_jobs
from app.responses import submission
from app.text import xml_safe
from app.timeutil import to_local, utcnow
from tests.conftest import login
from tests.pdfs import make_pdf

#: The characters the review found, and the rest of what XML cannot hold, made common
CONTROL = "\x00\x01\x08\x0b\x0c\r\x1f\ufffe\uffff$-=\n\t"
#: Any text a browser can send (surrogates cannot be encoded in a request or stored in a column)
TEXT = st.text(st.one_of(st.characters(exclude_categories=["Cs"]), st.sampled_from(CONTROL)), max_size=30)
FIELDS = ("title", "description", "draft", "area", "group", "question", "help", "consultee", "comment",
          "answer", "comment2", "case", "imported", "reason", "arena", "meeting", "attendees", "signup",
          "theme", "assessment")
#: A passage withheld before publication, so the reason for it (typed text) reaches the public files
SECRET = "Hemmeligord"

pytestmark = pytest.mark.filterwarnings("ignore:Glyph .* missing from font")


@pytest.fixture
def staff(client, users, nlp_env):
    """The test client signed in as the secretariat, and a counter that keeps examples apart.

    The analysis runs lexically: the sentence encoder takes seconds a run here, and what is
    tested is the text's way to the pages and files, not the grouping.
    """
    nlp_env("HORING_NLP_ENCODER", "off")
    login(client, users["secretariat"])
    return client, itertools.count(1)


def ok(response, *codes: int):
    """The response, which must have one of `codes` (200 unless given): never a 500."""
    assert response.status_code in (codes or (200,)), (response.request.path, response.status_code)
    return response


def opened_docx(data: bytes) -> str:
    """The document's text, paragraphs and table cells, read back with python-docx."""
    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def opened_xlsx(data: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [cell.value for sheet in book for row in sheet.iter_rows() for cell in row]


def assert_clean(*texts: str | None) -> None:
    for text in texts:
        assert text is None or xml_safe(text) == text, repr(text)


# Each example is a whole journey (2–4 CPU-seconds), so a run tries the review's characters in every field
# (the explicit example) and 8 random texts; a failing text is kept in Hypothesis's example database
# (.hypothesis/) and tried first on the next run, and each run draws new ones. The writers and the
# cleaning itself get many more examples each in tests/app/test_text.py.
@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(t=st.fixed_dictionaries({name: TEXT for name in FIELDS}))
@example(t={name: CONTROL for name in FIELDS})
def test_any_text_in_any_field_reaches_every_page_and_file(db, staff, t):
    client, counter = staff
    n = next(counter)
    consultation, consultee = _round_through_the_forms(client, db, n, t)
    link = _open(db, consultation, consultee)
    _respond_through_the_forms(client, db, consultation, consultee, link, t)
    _meeting_extension_and_signup(client, db, consultation, consultee, link, n, t)
    _analyse_and_review(client, db, consultation, t)
    slug = consultation.slug
    assert_clean(consultation.title, consultation.description, consultation.contact_name, consultee.name,
                 *(a.text for a in submission.response_for(_invitation(consultation)).answers))

    for url in (link, f"{link}/kvittering/1", f"{link}/kvittering/2"):
        ok(client.get(url))
    opened_docx(ok(client.get(f"{link}/kvittering/2.docx")).data)
    for url in ("/consultations/", f"/consultations/{slug}", f"/consultations/{slug}/focus-areas",
                f"/consultations/{slug}/questions", f"/consultations/{slug}/responses",
                f"/consultations/{slug}/responses/{consultee.id}?versjon=2", f"/consultations/{slug}/meetings",
                f"/consultations/{slug}/analysis/review", f"/consultations/{slug}/overview",
                f"/consultations/{slug}/report", f"/consultations/{slug}/audit", "/consultees/",
                *(f"/consultations/{slug}/analysis/review?omrade={a.id}" for a in consultation.focus_areas)):
        ok(client.get(url))

    run = report_jobs.run_job(report_jobs.start(consultation, None, utcnow()).id)
    assert run.status is RunStatus.DONE, run.error
    opened_docx(run.docx), opened_xlsx(run.xlsx)
    ok(client.get(f"/consultations/{slug}/report/files"))
    consultations.set_case_reference(consultation, "2019/245", f"{t['case']} 026")
    db.session.commit()
    if n <= 2:  # LibreOffice takes seconds a call: the whole package for the first examples, its documents after
        ok(client.post(f"/consultations/{slug}/archive"), 302)
        _open_archive(ok(client.get(f"/consultations/{slug}/archive.zip")).data)
    else:
        for document in (d for e in archive.case_folder(consultation, utcnow()).entries for d in e.documents):
            if document.extension == "docx":
                opened_docx(document.render())

    _publish(client, db, consultation, consultee, t)
    for url in (f"/horing/{slug}", f"/horing/{slug}/svar/{consultee.id}", f"/horing/{slug}/oppsummering"):
        assert SECRET not in ok(client.get(url)).get_data(as_text=True)
    public_docx = opened_docx(ok(client.get(f"/horing/{slug}/oppsummering.docx")).data)
    assert "[Unntatt offentlighet: offl. § 13" in public_docx and SECRET not in public_docx
    cells = opened_xlsx(ok(client.get(f"/horing/{slug}/oppsummering.xlsx")).data)
    assert SECRET not in " ".join(str(cell) for cell in cells)  # theme labels made of its words too


def _round_through_the_forms(client, db, n: int, t: dict):
    today = to_local(utcnow()).date()
    ok(client.post("/consultations/new", data={
        "title": f"Høring {n} {t['title']}", "description": t["description"], "draft_text": f"Utkast\n{t['draft']}",
        "opens_on": (today - timedelta(days=1)).isoformat(), "deadline_on": (today + timedelta(days=30)).isoformat(),
        "deadline_time": "23:59", "language": "nb", "accepts_late": "y", "is_open_to_public": "y",
        "reminder_days": "3", "contact_name": t["title"][:200]}), 302)
    consultation = db.session.scalar(select(Consultation).order_by(Consultation.id.desc()).limit(1))
    slug = consultation.slug
    ok(client.post(f"/consultations/{slug}/focus-areas", data={
        "group": t["group"], "title": f"Område {t['area']}", "description": t["description"],
        "keywords": t["area"]}), 302)
    for kind in ("text", "yes_no"):
        ok(client.post(f"/consultations/{slug}/questions", data={
            "kind": kind, "text": f"Spørsmål {t['question']}", "help_text": t["help"]}), 302)
    ok(client.post("/consultees/new", data={"name": f"Kommune {n}: {t['consultee']}", "kind": "kommune",
                                           "email": f"kommune{n}@example.no"}), 302)
    consultee = db.session.scalar(select(Consultee).where(Consultee.email == f"kommune{n}@example.no"))
    return consultation, consultee


def _open(db, consultation, consultee):
    invitations.invite(consultation, [consultee], now=utcnow())
    consultations.open_consultation(consultation, utcnow())
    token = invitations.issue_link(_invitation(consultation), utcnow())
    db.session.commit()
    return f"/svar/{token}"


def _invitation(consultation):
    return next(i for i in consultation.invitations if not i.consultee.is_public)


def _answers(consultation, comment: str, answer: str, case: str) -> dict:
    """Every field of the response form, as the browser posts it."""
    fields = {"adopted_by": "kommunestyre", "case_number": case, "decision_date": ""}
    areas = consultation.focus_areas
    for question in consultation.questions:
        if question.kind is QuestionKind.POSITION:
            for area in areas:
                fields[f"pos-{area.id}"], fields[f"com-{area.id}"] = "enig", comment
        elif question.kind is QuestionKind.RANKING:
            for rank, area in enumerate(areas, start=1):
                fields[f"rank-{question.id}-{area.id}"] = str(rank)
        else:
            fields[f"q-{question.id}"] = answer
            if question.kind is QuestionKind.YES_NO:
                fields[f"yes-{question.id}"] = "ja"
    return fields


def _respond_through_the_forms(client, db, consultation, consultee, link: str, t: dict) -> None:
    def version() -> str:
        response = submission.response_for(_invitation(consultation))
        return str(response.version) if response else ""

    # Every text field at once, the case number too: saved, or shown again with its message
    ok(client.post(link, data={**_answers(consultation, t["comment"], t["answer"], t["case"]), "save": "1",
                               "version": version(), "submission_key": submission.new_submission_key()}), 302, 422)
    ok(client.post(f"{link}/autosave", data={**_answers(consultation, t["comment"], t["answer"], "19/4976"),
                                             "version": version()}), 200)
    area = consultation.focus_areas[0]
    ok(client.post(f"{link}/import", data={"confirm": "1", "count": "1", "target-0": f"fa:{area.id}",
                                           "text-0": t["imported"], "version": version()}), 302)
    for comment in (t["comment"], f"{t['comment2']} {SECRET}"):
        ok(client.post(link, data={**_answers(consultation, comment, t["answer"], "19/4976"), "submit": "1",
                                   "version": version(), "submission_key": submission.new_submission_key()}), 302)
    assert len(submission.response_for(_invitation(consultation)).versions) == 2


def _meeting_extension_and_signup(client, db, consultation, consultee, link: str, n: int, t: dict) -> None:
    slug = consultation.slug
    until = (to_local(consultation.deadline_at) + timedelta(days=10)).date().isoformat()
    ok(client.post(f"{link}/utsatt-frist", data={"until_date": until, "until_time": "23:59",
                                                 "reason": f"Grunn {t['reason']}"}), 302)
    request = db.session.scalar(select(ExtensionRequest).order_by(ExtensionRequest.id.desc()).limit(1))
    ok(client.post(f"/consultations/{slug}/invitations/extensions/{request.id}/grant", data={"answer": t["reason"]}), 302)
    notes = {f"note-{q.id}": t["meeting"] for q in consultation.questions}
    ok(client.post(f"/consultations/{slug}/meetings/new", data={
        "consultee_id": str(consultee.id), "held_on": to_local(utcnow()).date().isoformat(),
        "arena": f"Arena {t['arena']}", "description": t["meeting"], "attendees": t["attendees"], **notes}), 302)
    meeting = db.session.scalar(select(Meeting).where(Meeting.consultation_id == consultation.id))
    ok(client.get(f"/consultations/{slug}/meetings/{meeting.id}/edit"))
    assert_clean(meeting.arena, meeting.description, meeting.attendees, request.reason, request.answer,
                 *(note.text for note in meeting.notes))
    ok(client.post(f"/horing/{slug}/innspill", data={"name": f"Navn {t['signup']}", "organisation": t["signup"],
                                                     "email": f"innspill{n}@example.no", "consent": "y"}), 200, 302)


def _analyse_and_review(client, db, consultation, t: dict) -> None:
    run = analysis_jobs.run_job(analysis_jobs.start(consultation, None, utcnow()).id)
    db.session.commit()
    assert run.status is RunStatus.DONE, run.error
    theme = db.session.scalar(select(Theme).where(Theme.consultation_id == consultation.id).limit(1))
    if theme is None:
        return
    base = f"/consultations/{consultation.slug}/analysis/themes/{theme.id}"
    ok(client.post(f"{base}/rename", data={"label": f"Tema {t['theme']}"}), 302)
    ok(client.post(f"{base}/assess", data={"assessment": "delvis_tatt_til_folge", "text": t["assessment"]}), 302)
    db.session.refresh(theme)
    assert_clean(theme.label, theme.assessment_text)


def _open_archive(data: bytes) -> None:
    package = zipfile.ZipFile(io.BytesIO(data))
    assert package.testzip() is None
    for name in package.namelist():
        assert_clean(name)
        if name.endswith(".docx"):
            opened_docx(package.read(name))
        elif name.startswith("pdfa/"):
            assert pdfa.pdfa_identification(package.read(name)) == ("2", "B")
    noark.validate(package.read("arkivstruktur.xml"))
    assert re.match("\ufeffjournalpostnummer;", package.read("journal.csv").decode("utf-8"))


def _publish(client, db, consultation, consultee, t: dict) -> None:
    ok(client.post(f"/consultations/{consultation.slug}/responses/{consultee.id}/redactions",
                   data={"passage": SECRET, "reason": f"Grunn {t['reason']}"}), 302)
    assert_clean(*(r.reason for r in redaction.for_round(consultation)))
    for step in (consultations.close_consultation, consultations.mark_reported,
                 consultations.publish_consultation):
        step(consultation, utcnow())
    db.session.commit()


# --- text stored before input was cleaned ----------------------------------------------------

#: The review's characters, and what else a stored text may hold that XML cannot
STORED = "Før\x0better\x01 \ufffe slutt"


def test_texts_stored_before_cleaning_still_build_every_file(client, db, users, consultation, consultee_a,
                                                             nlp_env):
    """Old versions (kept for good), notes, theme labels, names and file names holding such characters,
    a lone surrogate in a snapshot too (JSON can store one), still give every file, opened again."""
    from datetime import date

    from app.meetings import services as meetings
    from app.responses import attachments
    from tests.factories import complete_input, open_round_for

    nlp_env("HORING_NLP_ENCODER", "off")  # the lexical analysis is enough to make themes
    link = f"/svar/{open_round_for(db, consultation, consultee_a)['Tinn kommune']}"
    invitation = consultation.invitations[0]
    attachments.add(invitation, filename="vedlegg.pdf", data=make_pdf(), max_bytes=10_000, now=utcnow())
    for key in ("a", "b"):  # services store what they are given; only forms clean
        submission.submit(invitation, complete_input(consultation, f"{STORED} {key}"), expected_version=submission.version_of(invitation),
                          submission_key=key, now=utcnow(), via="link")
    meetings.save_meeting(consultation, None, consultee=consultee_a, held_on=date(2026, 1, 1), arena=STORED,
                          description=STORED, attendees=STORED, notes={q.id: STORED for q in consultation.questions},
                          user=None, now=utcnow())
    db.session.commit()
    analysis_jobs.run_job(analysis_jobs.start(consultation, None, utcnow()).id)
    response = submission.response_for(invitation)
    for theme in db.session.scalars(select(Theme)):
        theme.label, theme.assessment_text = f"Tema {STORED}", STORED
    response.attachments[0].filename = f"{STORED}.pdf"
    consultation.current_draft.filename = f"{STORED}.docx"
    consultation.title, consultee_a.name = f"Høring {STORED}", f"Tinn {STORED}"
    version = response.versions[0]
    version.snapshot_data = {**version.snapshot_data, "case_number": "19/1\ud800",
                        "answers": [{**a, "text": f"{a['text']}\ud800"} for a in version.snapshot_data["answers"]]}
    db.session.commit()

    assert "Før\netter" in opened_docx(ok(client.get(f"{link}/kvittering/1.docx")).data)
    assert "Før\netter" in ok(client.get(link)).get_data(as_text=True)
    run = report_jobs.run_job(report_jobs.start(consultation, None, utcnow()).id)
    assert run.status is RunStatus.DONE, run.error
    assert "Tema Før\netter" in opened_docx(run.docx)
    assert any("Før\netter" in v for v in opened_xlsx(run.xlsx) if isinstance(v, str))
    login(client, users["secretariat"])
    consultation.case_number, consultation.archive_reference = "2019/245", STORED
    db.session.commit()
    ok(client.post(f"/consultations/{consultation.slug}/archive"), 302)
    _open_archive(ok(client.get(f"/consultations/{consultation.slug}/archive.zip")).data)
    ok(client.get(f"/consultations/{consultation.slug}/draft/1.docx"))
    for step in (consultations.close_consultation, consultations.mark_reported, consultations.publish_consultation):
        step(consultation, utcnow())
    db.session.commit()
    slug = consultation.slug
    assert "Tema Før\netter" in opened_docx(ok(client.get(f"/horing/{slug}/oppsummering.docx")).data)
    opened_xlsx(ok(client.get(f"/horing/{slug}/oppsummering.xlsx")).data)
    download = ok(client.get(f"/horing/{slug}/svar/{consultee_a.id}/vedlegg/{response.attachments[0].id}"))
    assert "\n" not in download.headers["Content-Disposition"]
    ok(client.get(f"/horing/{slug}/utkast.docx"))
