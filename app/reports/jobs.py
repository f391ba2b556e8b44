"""Building the Word and Excel report outside the request, with its progress visible.

A build collects the round's ReportData, writes both files and stores them on its run; the files
are served while their fingerprint (a hash of everything the report shows but the date it was
made) equals the round's current one. One build per round at a time, enforced by the database.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from app import runs
from app.extensions import db
from app.models import STAFF_ROLES, Consultation, ReportRun, Role
from app.reports.data import ReportData
from app.reports.services import collect
from app.reports.translation import TranslationUnavailable, available, other_standard, translated
from app.timeutil import to_local, utcnow

log = logging.getLogger("app.reports")

Progress = runs.Progress


def fingerprint(data: ReportData) -> str:
    """SHA-256 of everything the report shows except the date it was made."""
    content = dataclasses.asdict(data)
    content.pop("generated")
    text = json.dumps(content, sort_keys=True, default=str, ensure_ascii=False)
    # A lone surrogate (JSON can store one in a snapshot) must not stop the build; other text hashes as before
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def latest_files(consultation: Consultation, translated_to: str = "") -> ReportRun | None:
    """The newest build that finished, whose files are kept: the original's, or the edition in `translated_to`."""
    return REPORT.latest_done(consultation, ReportRun.translated_to == translated_to)


def current_files(consultation: Consultation, data: ReportData, translated_to: str = "") -> ReportRun | None:
    """The newest finished build if its files still show what the round holds now, else None.

    `data` is the report in the round's own standard: a translated edition is current while the
    original it was made from is.
    """
    run = latest_files(consultation, translated_to)
    return run if run is not None and run.fingerprint == fingerprint(data) else None


def check(consultation: Consultation, now: datetime, translated: bool = False) -> dict:
    """A build of the edition in the other written standard if `translated`: refused where Apertium is not installed."""
    if translated and not available(consultation.language.value):
        raise TranslationUnavailable(_("Maskinoversetteren Apertium er ikke installert på denne serveren."))
    return {"translated_to": other_standard(consultation.language.value) if translated else ""}


def build(run: ReportRun, progress: Progress) -> None:
    """Collect, write both files and put them on the run; older builds' files of the same edition are dropped.

    A translated edition (``run.translated_to``) is the Word report only.
    """
    from app.reports.docx_writer import report_docx, report_filename
    from app.reports.xlsx_writer import report_xlsx

    consultation = db.session.get(Consultation, run.consultation_id)
    progress(5, "collect")
    today = to_local(utcnow()).date()
    # The fingerprint is the original's, also for an edition: it says whether the round still holds this
    data = original = collect(consultation, today)
    if run.translated_to:
        progress(10, "translate")
        data = translated(consultation, today)
    progress(20, "docx")
    # The minutes are most of the document: the bar moves from 20 to 70 % while they are written
    docx = report_docx(data, progress=lambda done: progress(20 + round(50 * done), "docx"))
    xlsx = None
    if not run.translated_to:  # the spreadsheet is the comments as written: the original's is the one
        progress(75, "xlsx")
        xlsx = report_xlsx(data)
    progress(90, "store")
    suffix = f"-{run.translated_to}" if run.translated_to else ""
    run.docx, run.docx_name = docx, report_filename(data).removesuffix(".docx") + f"{suffix}.docx"
    if xlsx is not None:
        run.xlsx, run.xlsx_name = xlsx, report_filename(data, "xlsx", "innspill")
    run.fingerprint = fingerprint(original)
    db.session.execute(update(ReportRun).where(ReportRun.consultation_id == consultation.id, ReportRun.id != run.id,
                                               ReportRun.translated_to == run.translated_to)
                       .values(docx=None, xlsx=None).execution_options(synchronize_session=False))
    db.session.flush()


REPORT = runs.declare(runs.RunKind(
    name="report", model=ReportRun, work=build, roles=(*STAFF_ROLES, Role.COUNCIL), check=check,
    busy=_l("Rapporten for denne høringen lages allerede. Vent til den er ferdig."),
    stale_after=timedelta(minutes=30), stale_reason="Avbrutt: rapporten svarte ikke på over en halv time.",
    started=_l("Rapporten lages."), page="round.reports.files",
    status_rule="/report/files/status", status_endpoint="build_status",
    start_rule="/report/files", start_endpoint="build",
    command="report build",
    command_help="Build and store the round's Word and Excel files now (what «Lag Word og Excel» queues), printing progress.",
    done=lambda run: f"Stored {run.docx_name} and {run.xlsx_name}", log=log))

start, latest_run, run_job = REPORT.start, REPORT.latest, REPORT.execute
