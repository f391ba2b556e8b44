"""The Word and Excel report built by a background job: progress, failures, one at a time, stored files."""
from __future__ import annotations

import io
import re

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from app.extensions import db as _db
from app.models import ReportRun, RunStatus
from app.reports import jobs
from app.runs import RunBusy
from app.timeutil import utcnow

DEMO_USERS = {"secretariat": "sekretariat@demo.kongsbergregionen.no", "council": "radet@demo.kongsbergregionen.no",
              "consultee_a": "tinn@demo.kongsbergregionen.no"}


def login(client, who: str) -> None:
    """Sign in as one of the demo's users (the demo round lives in the demo's region)."""
    response = client.post("/login", data={"email": DEMO_USERS[who], "password": "demo-passord-2030"})
    assert response.status_code == 302


def built(consultation, user=None, echo=None) -> ReportRun:
    run = jobs.start(consultation, user, utcnow())
    _db.session.commit()
    return jobs.run_job(run.id, echo=echo)


def test_a_build_stores_a_word_file_with_the_report_headings_and_an_excel_file(db, demo):
    steps = []
    run = built(demo, echo=lambda percent, step: steps.append((percent, step)))
    assert run.status is RunStatus.DONE and run.progress == 100 and run.active_key is None
    assert list(dict.fromkeys(step for _, step in steps)) == ["collect", "docx", "xlsx", "store", "done"]
    assert len([step for _, step in steps if step == "docx"]) > 2  # the bar moves while the minutes are written
    assert [p for p, _ in steps] == sorted(p for p, _ in steps)
    document = Document(io.BytesIO(run.docx))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["Innledning", "Sammendrag", "Oversikt over dialogmøter og høringssvar"]
    assert headings[-1] == "Vedlegg: Referater og høringssvar"
    assert load_workbook(io.BytesIO(run.xlsx)).sheetnames[0] == "Innspill"
    assert run.docx_name.endswith(".docx") and run.fingerprint


def test_the_progress_and_step_are_committed_as_the_build_goes(db, demo, monkeypatch):
    seen = []
    original = jobs.collect

    def watching(consultation, today):
        _db.session.expire_all()  # read what another process would see
        row = _db.session.get(ReportRun, jobs.latest_run(consultation).id)
        seen.append((row.status, row.progress, row.step_label))
        return original(consultation, today)

    monkeypatch.setattr(jobs, "collect", watching)
    built(demo)
    assert seen == [(RunStatus.RUNNING, 5, "Samler innholdet")]


def test_a_failed_build_is_recorded_and_the_previous_files_are_kept(client, db, demo, monkeypatch):
    first = built(demo)
    import app.reports.xlsx_writer as xlsx_writer

    def broken(data):
        raise RuntimeError("disken er full")

    monkeypatch.setattr(xlsx_writer, "report_xlsx", broken)
    with pytest.raises(RuntimeError):
        built(demo)
    failed = jobs.latest_run(demo)
    assert failed.status is RunStatus.FAILED and "disken er full" in failed.error and failed.active_key is None
    assert failed.docx is None and jobs.latest_files(demo).id == first.id and first.docx
    login(client, "secretariat")
    page = client.get(f"/consultations/{demo.slug}/report/files").get_data(as_text=True)
    assert "disken er full" in page and "Filene fra forrige gang er beholdt" in page
    word = client.get(f"/consultations/{demo.slug}/report.docx")
    assert word.status_code == 200 and word.data == first.docx


def test_a_second_build_while_one_is_queued_is_refused(client, db, demo):
    queued = jobs.start(demo, None, utcnow())
    db.session.commit()
    with pytest.raises(RunBusy):
        jobs.start(demo, None, utcnow())
    db.session.rollback()  # as a request that failed would: the refused start's transaction holds the write lock
    login(client, "secretariat")
    response = client.post(f"/consultations/{demo.slug}/report/files", follow_redirects=True)
    assert "lages allerede" in response.get_data(as_text=True)
    assert db.session.scalars(select(ReportRun)).all() == [queued]
    page = client.get(f"/consultations/{demo.slug}/report/files").get_data(as_text=True)
    assert '<progress id="run-progress"' in page and "Venter på tur" in page


def test_the_progress_page_polls_instead_of_reloading_itself(client, db, demo):
    """No <meta refresh> (WCAG 2.2.1): a script asks for the state; the page says how long the build has waited."""
    from datetime import timedelta

    jobs.start(demo, None, utcnow() - timedelta(seconds=42))
    db.session.commit()
    login(client, "secretariat")
    page = client.get(f"/consultations/{demo.slug}/report/files").get_data(as_text=True)
    assert 'http-equiv="refresh"' not in page and "js/run-progress.js" in page and 'aria-live="polite"' in page
    assert re.search(r"Venter på tur: 4\d s", page)
    state = client.get(f"/consultations/{demo.slug}/report/files/status").json
    assert state["status"] == "queued" and state["active"] and 40 <= state["waited"] < 120
    assert f'data-run-status-url="/consultations/{demo.slug}/report/files/status"' in page


def test_a_build_that_went_silent_is_given_up_and_a_new_one_may_start(db, demo):
    from datetime import timedelta

    stuck = jobs.start(demo, None, utcnow() - timedelta(hours=2))
    db.session.commit()
    fresh = jobs.start(demo, None, utcnow())
    db.session.commit()
    assert stuck.status is RunStatus.FAILED and stuck.active_key is None and fresh.active_key == demo.id


def test_the_button_builds_the_files_and_the_downloads_serve_them(client, db, demo):
    login(client, "secretariat")
    report = client.get(f"/consultations/{demo.slug}/report").get_data(as_text=True)
    assert "Lag Word og Excel" in report and f"/consultations/{demo.slug}/report.docx" not in report
    response = client.post(f"/consultations/{demo.slug}/report/files", follow_redirects=True)
    # built inside the request here (Huey's immediate mode): not said to be under way when it is done
    assert "Rapporten lages." not in response.get_data(as_text=True)
    run = jobs.latest_run(demo)
    assert run.status is RunStatus.DONE and run.requested_by.name == "Siri Sekretær"
    assert f"/consultations/{demo.slug}/report.docx" in client.get(f"/consultations/{demo.slug}/report").get_data(as_text=True)
    word = client.get(f"/consultations/{demo.slug}/report.docx")
    assert word.data == run.docx and word.headers["Content-Disposition"].endswith(run.docx_name)
    assert client.get(f"/consultations/{demo.slug}/report.xlsx").data == run.xlsx


def test_stale_files_are_not_served_after_the_round_changes(client, db, demo):
    from app.models import Theme

    built(demo)
    login(client, "council")
    assert client.get(f"/consultations/{demo.slug}/report.docx").status_code == 200
    theme = db.session.scalar(select(Theme).where(Theme.consultation_id == demo.id))
    theme.label = "Et nytt navn på temaet"
    db.session.commit()
    response = client.get(f"/consultations/{demo.slug}/report.docx")
    assert response.status_code == 302 and response.headers["Location"].endswith("/report/files")
    page = client.get(f"/consultations/{demo.slug}/report/files").get_data(as_text=True)
    assert "Høringen er endret siden filene ble laget" in page
    assert f"/consultations/{demo.slug}/report.docx" not in page


def test_publishing_makes_the_report_files_again_so_they_stay_downloadable(client, db, demo):
    from app.consultations import services

    now = utcnow()
    services.close_consultation(demo, now)
    services.mark_reported(demo, now)
    db.session.commit()
    before = built(demo)
    assert "er vurdert ennå" in _all_text(before.docx)
    login(client, "secretariat")
    page = client.post(f"/consultations/{demo.slug}/publish", follow_redirects=True).get_data(as_text=True)
    assert "Høringen er publisert." in page
    after = jobs.latest_files(demo)
    assert after.id != before.id and after.fingerprint != before.fingerprint
    text = _all_text(after.docx)
    assert "ennå" not in text and "temaene er vurdert." in text
    assert client.get(f"/consultations/{demo.slug}/report.docx").data == after.docx  # current: served, not stale


def _all_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_publishing_a_round_whose_files_were_never_made_builds_none(client, db, demo):
    from app.consultations import services

    now = utcnow()
    services.close_consultation(demo, now)
    services.mark_reported(demo, now)
    db.session.commit()
    login(client, "secretariat")
    client.post(f"/consultations/{demo.slug}/publish")
    assert jobs.latest_run(demo) is None


def test_the_date_alone_does_not_make_the_files_stale(db, demo):
    from datetime import date

    from app.reports.services import collect

    assert jobs.fingerprint(collect(demo, date(2031, 1, 1))) == jobs.fingerprint(collect(demo, date(2031, 6, 1)))


@pytest.mark.parametrize("who", [None, "consultee_a"])
def test_consultees_and_anonymous_neither_build_nor_download(client, db, demo, who):
    built(demo)
    if who:
        login(client, who)
    for method, path in (("post", "report/files"), ("get", "report/files"), ("get", "report.docx"),
                         ("get", "report.xlsx")):
        response = getattr(client, method)(f"/consultations/{demo.slug}/{path}")
        if who:
            assert response.status_code == 403, path
        else:
            assert response.status_code == 302 and "/login" in response.headers["Location"], path
    assert db.session.scalar(select(ReportRun).where(ReportRun.status == RunStatus.QUEUED)) is None


def test_flask_report_build_stores_the_files_and_prints_the_steps(app, db, demo):
    result = app.test_cli_runner().invoke(args=["report", "build", "--round", demo.slug])
    assert result.exit_code == 0, result.output
    assert "Skriver Word-dokumentet" in result.output and "Stored oppsummering-" in result.output
    assert jobs.latest_files(demo).docx
    assert app.test_cli_runner().invoke(args=["report", "build", "--round", "finnes-ikke"]).exit_code != 0


def test_while_the_other_standards_edition_is_made_the_originals_files_stay_downloadable(client, db, demo):
    built(demo)
    _db.session.add(ReportRun(consultation_id=demo.id, status=RunStatus.RUNNING, translated_to="nn", progress=10,
                              created_at=utcnow(), started_at=utcnow()))
    _db.session.commit()
    login(client, "secretariat")
    page = client.get(f"/consultations/{demo.slug}/report/files").get_data(as_text=True)
    assert "Den nynorske utgaven lages: Kjører" in page and "Rapporten lages" not in page
    assert f'href="/consultations/{demo.slug}/report.docx"' in page  # the original's files, still current
