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
from collections.abc import Callable
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select, update

from app import runs
from app.extensions import db
from app.models import Consultation, ReportRun, RunStatus, User
from app.reports.data import ReportData
from app.reports.services import collect
from app.reports.translation import TranslationUnavailable, available, other_standard, translated
from app.timeutil import to_local, utcnow

log = logging.getLogger("app.reports")

#: A build that has said nothing for this long is taken as dead (its worker crashed)
STALE_AFTER = timedelta(minutes=30)

Progress = runs.Progress


def fingerprint(data: ReportData) -> str:
    """SHA-256 of everything the report shows except the date it was made."""
    content = dataclasses.asdict(data)
    content.pop("generated")
    text = json.dumps(content, sort_keys=True, default=str, ensure_ascii=False)
    # A lone surrogate (JSON can store one in a snapshot) must not stop the build; other text hashes as before
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def latest_run(consultation: Consultation) -> ReportRun | None:
    """The round's newest build, whatever its state."""
    return runs.latest(ReportRun, consultation)


def latest_files(consultation: Consultation, translated_to: str = "") -> ReportRun | None:
    """The newest build that finished, whose files are kept: the original's, or the edition in `translated_to`."""
    return db.session.scalar(select(ReportRun).where(ReportRun.consultation_id == consultation.id,
                                                     ReportRun.status == RunStatus.DONE,
                                                     ReportRun.translated_to == translated_to)
                             .order_by(ReportRun.id.desc()).limit(1))


def current_files(consultation: Consultation, data: ReportData, translated_to: str = "") -> ReportRun | None:
    """The newest finished build if its files still show what the round holds now, else None.

    `data` is the report in the round's own standard: a translated edition is current while the
    original it was made from is.
    """
    run = latest_files(consultation, translated_to)
    return run if run is not None and run.fingerprint == fingerprint(data) else None


def start(consultation: Consultation, user: User | None, now: datetime, translated: bool = False) -> ReportRun:
    """Queue a build (of the edition in the other written standard if `translated`).

    runs.RunBusy while another build of the round is queued or running; TranslationUnavailable for a
    translated edition where Apertium is not installed.
    """
    target = other_standard(consultation.language.value) if translated else ""
    if translated and not available(consultation.language.value):
        raise TranslationUnavailable(_("Maskinoversetteren Apertium er ikke installert på denne serveren."))
    run = ReportRun(consultation_id=consultation.id, requested_by_id=user.id if user else None,
                    created_at=now, step="queued", translated_to=target)
    return runs.queue(run, consultation, now=now, action="report", stale_after=STALE_AFTER,
                      busy=_("Rapporten for denne høringen lages allerede. Vent til den er ferdig."),
                      stale_reason="Avbrutt: rapporten svarte ikke på over en halv time.")


def build(run: ReportRun, progress: Progress) -> None:
    """Collect, write both files and put them on the run; older builds' files of the same edition are dropped.

    A translated edition (``run.translated_to``) is the Word report only.
    """
    from app.reports.docx_writer import report_docx, report_filename
    from app.reports.xlsx_writer import report_xlsx

    consultation = db.session.get(Consultation, run.consultation_id)
    progress(5, "collect")
    today = to_local(utcnow()).date()
    data = original = collect(consultation, today)
    if run.translated_to:
        progress(10, "translate")
        data = translated(consultation, today, original=original)
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


def run_job(run_id: int, echo: Callable[[int, str], None] | None = None) -> ReportRun:
    """Execute queued build `run_id`: progress is committed as it goes, the files in one final commit.

    On failure the run records the reason and the previous files stay in place.
    """
    return runs.execute(ReportRun, run_id, build, action="report", log=log, echo=echo)
