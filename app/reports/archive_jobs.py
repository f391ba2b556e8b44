"""Building the archive package outside the request, with its progress visible (as app.reports.jobs does the report).

A build plans the round's case folder, renders and converts every document and stores the zip on
its run; the zip is served while its fingerprint (a hash of the plan: every entry and the source of
every document, not the moment it was made) equals the round's current one. One build per round
at a time, enforced by the database.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from pathlib import Path

import click
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from app import runs
from app.extensions import db
from app.models import ARCHIVE_ROLES, ArchiveRun, Consultation
from app.reports.archive import ArchiveRefused, Limits, build_package, case_folder, check_limits
from app.timeutil import utcnow

log = logging.getLogger("app.reports")


def latest_package(consultation: Consultation) -> ArchiveRun | None:
    """The newest build that finished, whose zip is kept."""
    return ARCHIVE.latest_done(consultation)


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


def check(consultation: Consultation, now: datetime) -> dict:
    """ArchiveRefused without a case number or over the caps, before a build is queued."""
    case_folder(consultation, now)
    check_limits(consultation, Limits.from_config(current_app.config))
    return {}


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


def _write(run: ArchiveRun, output: str) -> str:
    """The command's last step: the zip goes to `output`."""
    Path(output).write_bytes(run.zip)
    return f"Wrote {output}: {run.entries} journal entries, {run.documents} documents"


ARCHIVE = runs.declare(runs.RunKind(
    name="archive", model=ArchiveRun, work=build, roles=ARCHIVE_ROLES, check=check,
    busy=_l("Arkivpakken for denne høringen lages allerede. Vent til den er ferdig."),
    stale_after=timedelta(minutes=30), stale_reason="Avbrutt: arkivpakken svarte ikke på over en halv time.",
    started=_l("Arkivpakken lages."), page="round.reports.archive",
    status_rule="/archive/status", status_endpoint="archive_status",
    start_rule="/archive", start_endpoint="build_archive",
    command="report archive", done=_write,
    command_help="Build and store the archive package now (Noark 5 with PDF/A, what «Lag arkivpakke» queues) "
                 "and write the zip.",
    command_options=(click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True)),),
    log=log))

start, latest_run, run_job = ARCHIVE.start, ARCHIVE.latest, ARCHIVE.execute
