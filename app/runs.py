"""Background runs of a round (the analysis, report builds): one at a time, progress visible.

A run model has `consultation_id`, `status` (RunStatus), `active_key` (unique; the round's id while
the run is queued or running, else NULL, so a second concurrent run fails at the database whatever
process asks), `progress`, `step`, `error`, `requested_by_id` and its created, started and finished
times. Progress is committed as it goes; the work's results land in one final commit, and a failure
records its reason and leaves the previous results in place.
"""
from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app import audit
from app.errors import DomainError
from app.extensions import db
from app.models import Consultation, RunStatus
from app.timeutil import utcnow

Progress = Callable[[int, str], None]
Run = TypeVar("Run")


class RunBusy(DomainError):
    """Another run of the same kind for the round is queued or running."""


def latest(model: type[Run], consultation: Consultation) -> Run | None:
    """The round's newest run of this kind, whatever its state."""
    return db.session.scalar(select(model).where(model.consultation_id == consultation.id)
                             .order_by(model.id.desc()).limit(1))


def queue(run: Run, consultation: Consultation, *, now: datetime, action: str, busy: str,
          stale_after: timedelta, stale_reason: str) -> Run:
    """Add a queued run; RunBusy (with the message `busy`) while another of its kind is active."""
    _expire_stale(type(run), consultation, now, stale_after, stale_reason)
    run.active_key = consultation.id
    try:
        with db.session.begin_nested():
            db.session.add(run)
    except IntegrityError:
        raise RunBusy(busy) from None
    audit.record(f"{action}.start", consultation=consultation, target=consultation.title, now=now)
    return run


def _expire_stale(model: type, consultation: Consultation, now: datetime, after: timedelta, reason: str) -> None:
    """A run that has said nothing for `after` is taken as dead (its worker crashed)."""
    active = db.session.scalar(select(model).where(model.active_key == consultation.id))
    if active is not None and (active.started_at or active.created_at) < now - after:
        active.status, active.active_key, active.finished_at = RunStatus.FAILED, None, now
        active.error = reason
        db.session.flush()


def execute(model: type[Run], run_id: int, work: Callable[[Run, Progress], dict | None], *, action: str,
            log: logging.Logger, label: Callable[[str], str] = str,
            echo: Callable[[int, str], None] | None = None) -> Run:
    """Carry out queued run `run_id` with `work(run, progress)`; its result goes into the audit trail."""
    run = db.session.get(model, run_id)
    if run is None or run.status is not RunStatus.QUEUED:
        raise LookupError(f"no queued {action} run {run_id}")
    run.status, run.started_at = RunStatus.RUNNING, utcnow()
    db.session.commit()

    def progress(percent: int, step: str) -> None:
        run.progress, run.step = percent, step
        db.session.commit()
        log.info("%s run %s: %s%% %s", action, run.id, percent, step)
        if echo:
            echo(percent, label(step))

    try:
        result = work(run, progress)
    except Exception as error:  # noqa: BLE001 - any failure is recorded on the run and re-raised
        db.session.rollback()
        run = db.session.get(model, run_id)
        run.status, run.active_key, run.finished_at = RunStatus.FAILED, None, utcnow()
        run.error = f"{type(error).__name__}: {error}"[:2000]
        db.session.commit()
        log.error("%s run %s failed\n%s", action, run_id, traceback.format_exc())
        raise
    run.status, run.active_key, run.finished_at = RunStatus.DONE, None, utcnow()
    run.progress, run.step = 100, "done"
    consultation = db.session.get(Consultation, run.consultation_id)
    audit.record(f"{action}.done", consultation=consultation, target=consultation.title, after=result)
    db.session.commit()
    if echo:
        echo(100, label("done"))
    return run


def status(run, now: datetime) -> dict:
    """A run's state for a page that polls it: the step, the percentage and how long it has waited."""
    if run is None:
        return {"status": None, "active": False}
    since = run.started_at if run.status is RunStatus.RUNNING else run.created_at
    return {"status": run.status.value, "label": str(run.status.label), "progress": run.progress,
            "step": run.step_label, "error": run.error, "active": run.is_active,
            "waited": max(0, int((now - since).total_seconds())) if run.is_active and since else 0}
