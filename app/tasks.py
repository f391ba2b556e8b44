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
def execute_run(kind: str, run_id: int) -> None:
    """Carry out a queued run of a declared kind (the analysis, a report or archive build; see app.runs)."""
    from app import runs

    with _app().app_context():
        runs.KINDS[kind].execute(run_id)
