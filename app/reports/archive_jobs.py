"""Building the archive package outside the request, with its progress visible (as app.reports.jobs does the report).

A build plans the round's case folder, renders and converts every document and stores the zip on
its run; the zip is served while its fingerprint (a hash of the plan: every entry and the source of
every document, not the moment it was made) equals the round's current one. One build per round
at a time, enforced by the database.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update

from app import runs
from app.extensions import db
from app.models import ArchiveRun, Consultation, RunStatus, User
from app.reports.archive import ArchiveRefused, Limits, build_package, case_folder, check_limits
from app.timeutil import utcnow

log = logging.getLogger("app.reports")

#: A build that has said nothing for this long is taken as dead (its worker crashed)
STALE_AFTER = timedelta(minutes=30)


def latest_run(consultation: Consultation) -> ArchiveRun | None:
    """The round's newest build, whatever its state."""
    return runs.latest(ArchiveRun, consultation)


def latest_package(consultation: Consultation) -> ArchiveRun | None:
    """The newest build that finished, whose zip is kept."""
    return db.session.scalar(select(ArchiveRun).where(ArchiveRun.consultation_id == consultation.id,
                                                      ArchiveRun.status == RunStatus.DONE)
                             .order_by(ArchiveRun.id.desc()).limit(1))


def current_fingerprint(consultation: Consultation, now: datetime) -> str | None:
    """The fingerprint a package made now would have; None while the round has no case number."""
    try:
        return case_folder(consultation, now).fingerprint()
    except ArchiveRefused:
        return None


def current_package(consultation: Consultation, now: datetime) -> ArchiveRun | None:
    """The newest finished build if its zip still holds what the round holds now, else None."""
    run = latest_package(consultation)
    return run if run is not None and run.fingerprint == current_fingerprint(consultation, now) else None


def start(consultation: Consultation, user: User | None, now: datetime) -> ArchiveRun:
    """Queue a build; ArchiveRefused without a case number or over the caps, runs.RunBusy while one runs."""
    case_folder(consultation, now)
    check_limits(consultation, Limits.from_config(current_app.config))
    run = ArchiveRun(consultation_id=consultation.id, requested_by_id=user.id if user else None,
                     created_at=now, step="queued")
    return runs.queue(run, consultation, now=now, action="archive", stale_after=STALE_AFTER,
                      busy=_("Arkivpakken for denne høringen lages allerede. Vent til den er ferdig."),
                      stale_reason="Avbrutt: arkivpakken svarte ikke på over en halv time.")


def build(run: ArchiveRun, progress: runs.Progress) -> dict:
    """Make the package and put it on the run; older builds' zips are dropped."""
    consultation = db.session.get(Consultation, run.consultation_id)
    made_by = run.requested_by.name if run.requested_by else consultation.region.name
    package = build_package(consultation, utcnow(), Limits.from_config(current_app.config), made_by=made_by,
                            progress=progress)
    run.zip, run.zip_name, run.fingerprint = package.zip, package.name, package.fingerprint
    run.entries, run.documents = package.entries, package.documents
    db.session.execute(update(ArchiveRun).where(ArchiveRun.consultation_id == consultation.id, ArchiveRun.id != run.id)
                       .values(zip=None).execution_options(synchronize_session=False))
    db.session.flush()
    return {"entries": package.entries, "documents": package.documents, "bytes": len(package.zip)}


def run_job(run_id: int, echo: Callable[[int, str], None] | None = None) -> ArchiveRun:
    """Execute queued build `run_id`: progress is committed as it goes, the zip in one final commit."""
    return runs.execute(ArchiveRun, run_id, build, action="archive", log=log, echo=echo)
