"""Carrying out an analysis run with its progress visible, wherever it runs (worker or CLI)."""
from __future__ import annotations

import logging
import traceback
from collections.abc import Callable

from app import audit
from app.analysis import services
from app.extensions import db
from app.models import AnalysisRun, Consultation, RunStatus
from app.timeutil import utcnow

log = logging.getLogger("app.analysis")


def run_job(run_id: int, echo: Callable[[int, str], None] | None = None) -> AnalysisRun:
    """Execute queued run `run_id`: progress is committed as it goes; results in one final commit.

    On failure the run records the reason and the previous results stay in place.
    """
    run = db.session.get(AnalysisRun, run_id)
    if run is None or run.status is not RunStatus.QUEUED:
        raise LookupError(f"no queued analysis run {run_id}")
    run.status, run.started_at = RunStatus.RUNNING, utcnow()
    db.session.commit()

    def progress(percent: int, step: str) -> None:
        run.progress, run.step = percent, step
        db.session.commit()
        log.info("analysis run %s: %s%% %s", run.id, percent, step)
        if echo:
            echo(percent, run.step_label)

    try:
        figures = services.execute(run, progress)
    except Exception as error:  # noqa: BLE001 - any failure is recorded on the run and re-raised
        db.session.rollback()
        run = db.session.get(AnalysisRun, run_id)
        run.status, run.active_key, run.finished_at = RunStatus.FAILED, None, utcnow()
        run.error = f"{type(error).__name__}: {error}"[:2000]
        db.session.commit()
        log.error("analysis run %s failed\n%s", run_id, traceback.format_exc())
        raise
    run.status, run.active_key, run.finished_at = RunStatus.DONE, None, utcnow()
    run.progress, run.step, run.summary = 100, "done", figures
    consultation = db.session.get(Consultation, run.consultation_id)
    audit.record("analysis.done", consultation=consultation, target=consultation.title, after=figures)
    db.session.commit()
    if echo:
        echo(100, run.step_label)
    return run
