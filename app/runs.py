"""Background runs of a round (the analysis, report and archive builds): one at a time, progress visible.

A kind of run is one `RunKind` declaration: its model (app.models.RunMixin and its results), the
work it does, who may start and follow it, its progress page and its command. From it come the
start, latest and status functions here, the one Huey task (`execute_run`, on the queue of app.tasks),
the status and start routes and the flask command (app.run_views). Progress is committed as it goes; the
work's results land in one final commit, and a failure records its reason and leaves the previous
results in place.
"""
from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app import audit
from app.errors import DomainError
from app.extensions import db
from app.models import Consultation, Role, RunStatus, User
from app.tasks import huey, task_app
from app.timeutil import utcnow

Progress = Callable[[int, str], None]
Run = Any

#: Every declared kind by name: the worker's task finds its kind here
KINDS: dict[str, RunKind] = {}


class RunBusy(DomainError):
    """Another run of the same kind for the round is queued or running."""


def _no_check(consultation: Consultation, now: datetime) -> dict:
    return {}


@dataclass(frozen=True, eq=False)
class RunKind:
    """One kind of background run of a round, declared once."""

    #: The audit trail's actions ("<name>.start", "<name>.done") and the worker's registry key
    name: str
    model: type
    #: Does the run: fills its results on the run, returns figures for the audit trail (or None)
    work: Callable[[Run, Progress], dict | None]
    #: Who may start a run and follow its progress
    roles: tuple[Role, ...]
    #: The message when a run of the round is already queued or running
    busy: str
    #: A run that has said nothing for this long is taken as dead (its worker crashed) …
    stale_after: timedelta
    #: … and fails with this reason
    stale_reason: str
    #: The flash message once a run is queued
    started: str
    #: The endpoint of the page that shows the progress (the start button goes back there)
    page: str
    #: URL rules under the blueprint and endpoint names of the status JSON and the start button
    status_rule: str
    status_endpoint: str
    start_rule: str
    start_endpoint: str
    #: The flask command: "<group> <name>", its help, and the line it prints when done
    command: str
    command_help: str
    done: Callable[..., str]
    #: Extra click options of the command (passed to `done`)
    command_options: tuple = ()
    #: Refusals before a run is queued (raises a DomainError), and the extra columns of the run;
    #: called with the round, the moment and the start's options
    check: Callable[..., dict] = _no_check
    log: logging.Logger = field(default_factory=lambda: logging.getLogger("app.runs"))

    def latest(self, consultation: Consultation, *where) -> Run | None:
        """The round's newest run of this kind (meeting the criteria `where`), whatever its state."""
        return db.session.scalar(select(self.model).where(self.model.consultation_id == consultation.id, *where)
                                 .order_by(self.model.id.desc()).limit(1))

    def latest_done(self, consultation: Consultation, *where) -> Run | None:
        """The round's newest finished run of this kind (meeting `where`): the one whose results are kept."""
        return self.latest(consultation, self.model.status == RunStatus.DONE, *where)

    def start(self, consultation: Consultation, user: User | None, now: datetime, **options) -> Run:
        """Queue a run: the kind's refusals first; RunBusy while another run of the round is active."""
        columns = self.check(consultation, now, **options)
        self._expire_stale(consultation, now)
        run = self.model(consultation_id=consultation.id, requested_by_id=user.id if user else None,
                         created_at=now, step="queued", active_key=consultation.id, **columns)
        try:
            with db.session.begin_nested():
                db.session.add(run)
        except IntegrityError:
            raise RunBusy(str(self.busy)) from None
        audit.record(f"{self.name}.start", consultation=consultation, target=consultation.title, now=now)
        return run

    def _expire_stale(self, consultation: Consultation, now: datetime) -> None:
        active = db.session.scalar(select(self.model).where(self.model.active_key == consultation.id))
        if active is not None and (active.started_at or active.created_at) < now - self.stale_after:
            active.status, active.active_key, active.finished_at = RunStatus.FAILED, None, now
            active.error = self.stale_reason
            db.session.flush()

    def execute(self, run_id: int, echo: Callable[[int, str], None] | None = None) -> Run:
        """Carry out queued run `run_id`, committing its progress (and telling `echo` the percentage and the
        step's key); its result goes into the audit trail.

        On failure the run records the reason, the previous results stay in place and the error is raised.
        """
        run = db.session.get(self.model, run_id)
        if run is None or run.status is not RunStatus.QUEUED:
            raise LookupError(f"no queued {self.name} run {run_id}")
        run.status, run.started_at = RunStatus.RUNNING, utcnow()
        db.session.commit()

        def progress(percent: int, step: str) -> None:
            run.progress, run.step = percent, step
            db.session.commit()
            self.log.info("%s run %s: %s%% %s", self.name, run.id, percent, step)
            if echo:
                echo(percent, step)

        try:
            result = self.work(run, progress)
        except Exception as error:  # noqa: BLE001 - any failure is recorded on the run and re-raised
            db.session.rollback()
            run = db.session.get(self.model, run_id)
            run.status, run.active_key, run.finished_at = RunStatus.FAILED, None, utcnow()
            run.error = f"{type(error).__name__}: {error}"[:2000]
            db.session.commit()
            self.log.error("%s run %s failed\n%s", self.name, run_id, traceback.format_exc())
            raise
        run.status, run.active_key, run.finished_at = RunStatus.DONE, None, utcnow()
        run.progress, run.step = 100, "done"
        consultation = db.session.get(Consultation, run.consultation_id)
        audit.record(f"{self.name}.done", consultation=consultation, target=consultation.title, after=result)
        db.session.commit()
        if echo:
            echo(100, "done")
        return run

    def enqueue(self, run_id: int) -> None:
        """Hand queued run `run_id` to the worker (in Huey's immediate mode it runs here and now)."""
        execute_run(self.name, run_id)


@huey.task()
def execute_run(kind: str, run_id: int) -> None:
    """Carry out a queued run of a declared kind (the analysis, a report or archive build) in the worker's app."""
    with task_app().app_context():
        KINDS[kind].execute(run_id)


def declare(kind: RunKind) -> RunKind:
    """Register a kind of run, so the worker finds it by name; a name is declared once."""
    if KINDS.setdefault(kind.name, kind) is not kind:
        raise ValueError(f"a run kind named {kind.name!r} is already declared")
    return kind


def status(run: Run | None, now: datetime) -> dict:
    """A run's state for a page that polls it: the step, the percentage and how long it has waited."""
    if run is None:
        return {"status": None, "active": False}
    since = run.started_at if run.status is RunStatus.RUNNING else run.created_at
    return {"status": run.status.value, "label": str(run.status.label), "progress": run.progress,
            "step": run.step_label, "error": run.error, "active": run.is_active,
            "waited": max(0, int((now - since).total_seconds())) if run.is_active and since else 0}
