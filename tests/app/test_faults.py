"""A worker killed in the middle of a submit leaves no partial response (gunicorn, SIGKILL)."""
from __future__ import annotations

import os
import re
import signal
import threading
import time
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from app import faults
from app.models import Answer, Response, ResponseStatus, ResponseVersion
from tests.factories import complete_input, form_fields, page_key, page_version
from tests.servers import Gunicorn, worktree_environment

POINT = "submit.before_commit"


class FaultServer(Gunicorn):
    """One gunicorn worker serving tests/fault_app.py on the test's database, on a free loopback port."""

    def __init__(self, url: str, log: Path) -> None:
        super().__init__("tests.fault_app:create()", worktree_environment(HORING_ENV="test", FAULT_TEST_DATABASE_URL=url),
                         log)

    def paused_pid(self, wait: float = 30) -> int:
        """The worker that reached the fault point (from its log line)."""
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            found = re.search(rf"pausing .* at {re.escape(POINT)} in process (\d+)", self.output())
            if found:
                return int(found.group(1))
            time.sleep(0.05)
        raise AssertionError("the submit never reached the fault point:\n" + self.output()[-3000:])


@pytest.fixture
def gunicorn(db, tmp_path):
    server = FaultServer(db.engine.url.render_as_string(hide_password=False), tmp_path / "gunicorn.log")
    yield server
    server.stop()


def test_a_worker_killed_during_a_submit_leaves_the_draft_and_no_version(client, db, round_, gunicorn):  # noqa: F811
    consultation, link, _ = round_
    page = client.get(link).get_data(as_text=True)
    draft = form_fields(consultation, complete_input(consultation, "Utkastet før innsendingen"))
    assert client.post(link, data={**draft, "save": "1", "version": "", "submission_key": page_key(page)}
                       ).status_code == 302
    page = gunicorn.get(link).text
    sent = {**form_fields(consultation, complete_input(consultation, "Teksten som var på vei inn")), "submit": "1",
            "version": page_version(page), "submission_key": page_key(page)}
    outcome = {}

    def post() -> None:
        try:
            outcome["status"] = requests.post(gunicorn.base + link, data=sent, headers={"X-Fault-Pause": POINT},
                                              allow_redirects=False, timeout=30).status_code
        except requests.ConnectionError:
            outcome["status"] = None

    poster = threading.Thread(target=post)
    poster.start()
    os.kill(gunicorn.paused_pid(), signal.SIGKILL)
    poster.join(timeout=30)
    assert outcome == {"status": None} or outcome.get("status", 0) >= 500, outcome

    db.session.remove()
    response = db.session.scalar(select(Response))
    assert db.session.scalar(select(func.count(ResponseVersion.id))) == 0
    assert response.status is ResponseStatus.DRAFT and str(response.version) == sent["version"]
    texts = set(db.session.scalars(select(Answer.text)))
    assert "Utkastet før innsendingen" in texts and "Teksten som var på vei inn" not in texts

    page = gunicorn.get(link).text  # the arbiter started a new worker
    done = requests.post(gunicorn.base + link, allow_redirects=False, timeout=30,
                         data={**sent, "version": page_version(page), "submission_key": page_key(page)})
    assert done.status_code == 302 and done.headers["Location"].endswith("/kvittering/1")
    db.session.remove()
    assert db.session.scalar(select(func.count(ResponseVersion.id))) == 1


def test_the_fault_point_does_nothing_outside_the_test_configuration(app, monkeypatch):
    slept = []
    monkeypatch.setattr(faults.time, "sleep", slept.append)
    app.config["FAULT_PAUSE_SECONDS"] = 5
    headers = {"X-Fault-Pause": POINT}
    with app.test_request_context(headers=headers):
        faults.pause(POINT)
    app.testing = False
    with app.test_request_context(headers=headers):
        faults.pause(POINT)
    assert slept == [5]
