"""The queue of background jobs on Huey: SQLite storage under instance/ by default, Redis when HUEY_URL says so.

Its tasks: `execute_run(kind, run_id)`, declared with the runs it carries out (app.runs), and the periodic
`send_due_mail` (due invitations and reminders every ten minutes; app.invitations.scheduled).

Run a worker with `huey_consumer app.tasks.huey -w 1 -d 0.1 -m 1` (make run starts one beside the web
server; `-m 1` keeps an idle worker looking for jobs once a second instead of backing off to ten).
"""
from __future__ import annotations

from flask import Flask, current_app, has_app_context
from huey import Huey
from huey.storage import RedisStorage, SqliteStorage


class AppHuey(Huey):
    """A Huey queue configured from the app's settings by init_app() (HUEY_URL, HUEY_FILENAME, HUEY_IMMEDIATE).

    Tasks are declared on it at import, before any app exists. A consumer started on its own
    (`huey_consumer app.tasks.huey`) builds the worker's app from the environment the first time it
    needs the queue, before it takes a job: that app configures the queue, and building it imports
    the modules that declare the tasks (app.runs, through the blueprints' run kinds).
    """

    def __init__(self, name: str) -> None:
        self.settings: tuple | None = None
        super().__init__(name)

    def create_storage(self):
        if self.settings is None:
            return None
        url, filename, immediate = self.settings
        if immediate:
            return self.get_immediate_storage()
        if url.startswith("redis"):
            return RedisStorage(self.name, url=url)
        filename.parent.mkdir(parents=True, exist_ok=True)
        return SqliteStorage(self.name, filename=str(filename))

    @property
    def storage(self):
        if self._storage is None:
            task_app()  # a consumer with no app yet: build it, which configures the queue
        return self._storage

    @storage.setter
    def storage(self, value) -> None:
        self._storage = value

    def init_app(self, app: Flask) -> None:
        """Use the queue `app` names; the same settings again keep the storage there is."""
        settings = (app.config["HUEY_URL"], app.config["HUEY_FILENAME"], app.config["HUEY_IMMEDIATE"])
        if settings != self.settings:
            self.settings, self._immediate = settings, settings[2]
            self.storage = self.create_storage()


huey = AppHuey("horing")

_worker_app = None


def task_app():
    """The app to run a task in: the current one (immediate mode, tests), else one per worker process."""
    global _worker_app
    if has_app_context():
        return current_app._get_current_object()
    if _worker_app is None:
        from app import create_app

        _worker_app = create_app()
    return _worker_app
