"""Background jobs on Huey: SQLite storage under instance/ by default, Redis when HUEY_URL says so.

Run a worker with `huey_consumer app.tasks.huey -w 1 -d 0.1 -m 1` (make run starts one beside the web
server; `-m 1` keeps an idle worker looking for jobs once a second instead of backing off to ten).
"""
from __future__ import annotations

from flask import current_app, has_app_context

from app.config import huey_from_environment

huey = huey_from_environment()

_worker_app = None


def _app():
    """The app to run a task in: the current one (immediate mode, tests), else one per worker process."""
    global _worker_app
    if has_app_context():
        return current_app._get_current_object()
    if _worker_app is None:
        from app import create_app

        _worker_app = create_app()
    return _worker_app


@huey.task()
def analyse_round(run_id: int) -> None:
    """Analyse a round in the background (see app.analysis.jobs)."""
    from app.analysis.jobs import run_job

    with _app().app_context():
        run_job(run_id)


@huey.task()
def build_report(run_id: int) -> None:
    """Build a round's Word and Excel report in the background (see app.reports.jobs)."""
    from app.reports.jobs import run_job

    with _app().app_context():
        run_job(run_id)


@huey.task()
def build_archive(run_id: int) -> None:
    """Build a round's archive package in the background (see app.reports.archive_jobs)."""
    from app.reports.archive_jobs import run_job

    with _app().app_context():
        run_job(run_id)
