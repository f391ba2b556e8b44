"""Two app instances on one real Redis: they share the rate limits and the account lockout, and an
analysis one of them queues is run by a Huey consumer of its own.

Instance A is built in this process with the test configuration and the limits on; instance B is
the production configuration served by gunicorn with two workers. Both point at the same database
and at a Debian redis-server this module starts on a free loopback port (`make install-test`
installs it; the tests are skipped only where it is missing). Separate processes matter: every app
in one process shares Flask-Limiter's one extension object, and so its store, whatever the URL.

The database (users for every role, a round two consultees answered), Redis and gunicorn are the
module's: started once, as a deployment runs them. Each test starts with Redis emptied, so the
limits and the lockout count from nothing, and leaves the database as the next test needs it.
"""
from __future__ import annotations

import re
import secrets
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from app import create_app
from app.config import TestConfig
from app.extensions import db as _db
from app.models import AnalysisRun, Consultation, RunStatus
from tests.app.test_analysis import TEXTS, submit
from tests.conftest import (
    PASSWORD,
    PostgresTemplate,
    drop_postgres,
    make_consultation,
    make_consultee,
    make_region,
    make_users,
    postgres_copy,
    postgres_url,
    sqlite_template,
)
from tests.factories import open_round_for
from tests.servers import BIN, REDIS_SERVER, ROOT, Gunicorn, RedisServer, worktree_environment

pytestmark = pytest.mark.skipif(not Path(REDIS_SERVER).exists(),
                                reason="redis-server is not installed (make install-test installs it)")

REFUSED = "Feil e-post eller passord."
LOCKED = "For mange mislykkede innlogginger med denne e-postadressen."
SECRETARIAT = "sekretariat@example.no"


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    with RedisServer(tmp_path_factory.mktemp("redis")) as server:
        yield server


@pytest.fixture
def redis_url(redis_server):
    redis_server.flush()
    return redis_server.url


def _world(app) -> None:
    """Users for every role, and a round that two consultees have answered."""
    region = make_region(_db)
    tinn, rollag = make_consultee(_db, region, "Tinn kommune"), make_consultee(_db, region, "Rollag kommune")
    make_users(_db, region, tinn, rollag)
    consultation = make_consultation(_db, region)
    open_round_for(_db, consultation, tinn, rollag)
    for name, text in TEXTS.items():
        submit(_db, consultation, name, text)
    _db.session.commit()


@pytest.fixture(scope="module")
def database_url(tmp_path_factory):
    """The module's database: a copy of the `_world` template (a file, or a database on the test server)."""
    template = sqlite_template(tmp_path_factory, "redis-world", _world)
    if isinstance(template, PostgresTemplate):
        name = postgres_copy(template, "redis")
        yield postgres_url(name)
        drop_postgres(name)
    elif template is not None:
        path = tmp_path_factory.mktemp("redis-db") / "world.sqlite"
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"
    else:
        pytest.skip("DATABASE_URL names the test database: this module needs a database of its own")


@pytest.fixture(scope="module")
def instance_a(database_url, redis_server):
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = database_url
    config.RATELIMIT_ENABLED = True
    config.RATELIMIT_STORAGE_URI = redis_server.url
    app = create_app(config)
    yield app
    with app.app_context():
        _db.engine.dispose()


@pytest.fixture(scope="module")
def production_env(tmp_path_factory, database_url, redis_server):
    """What instance B and the Huey consumer run with: production, the limits and the queue in Redis."""
    return worktree_environment(HORING_ENV="production", SECRET_KEY=secrets.token_hex(32), DATABASE_URL=database_url,
                                RATELIMIT_STORAGE_URI=redis_server.url, HUEY_URL=redis_server.url,
                                HORING_COOKIE_SECURE="0", HORING_INSTANCE_DIR=str(tmp_path_factory.mktemp("instance")),
                                MAIL_BACKEND="log", HORING_NLP_ENCODER="off")


@pytest.fixture(scope="module")
def gunicorn(production_env, tmp_path_factory):
    """gunicorn with production settings serves (and so passes app.config.check_server) once Redis is set."""
    with Gunicorn("app:create_app()", production_env, tmp_path_factory.mktemp("gunicorn") / "gunicorn.log",
                  workers=2) as server:
        assert server.get("/login").status_code == 200
        yield server


@pytest.fixture
def instance_b(gunicorn, redis_url):
    """The module's gunicorn, with Redis emptied for this test."""
    return gunicorn


class Browser:
    """A browser on instance B: CSRF tokens are read from the page before each form is sent."""

    def __init__(self, server: Gunicorn) -> None:
        self.base, self.session = server.base, requests.Session()

    def post(self, path: str, form_page: str, data: dict) -> requests.Response:
        page = self.session.get(self.base + form_page, timeout=30).text
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        return self.session.post(self.base + path, data={**data, "csrf_token": token}, allow_redirects=False,
                                 timeout=30)

    def login(self, email: str, password: str) -> requests.Response:
        return self.post("/login", "/login", {"email": email, "password": password})


def attempt_a(instance, email: str, password: str):
    return instance.test_client().post("/login", data={"email": email, "password": password})


def attempt_b(server: Gunicorn, email: str, password: str) -> requests.Response:
    return Browser(server).login(email, password)


def test_the_two_instances_count_one_address_together(instance_a, instance_b):
    statuses = [attempt_a(instance_a, f"a{i}@example.no", "feil-passord").status_code for i in range(5)]
    statuses += [attempt_b(instance_b, f"b{i}@example.no", "feil-passord").status_code for i in range(5)]
    assert statuses == [200] * 10  # the limit is 10 a minute per address, each instance saw 5
    assert attempt_b(instance_b, "c@example.no", "feil-passord").status_code == 429
    assert attempt_a(instance_a, "d@example.no", "feil-passord").status_code == 429


def test_the_two_instances_lock_one_account_together(instance_a, instance_b):
    for _ in range(3):
        assert REFUSED in attempt_a(instance_a, SECRETARIAT, "feil-passord").get_data(as_text=True)
    assert REFUSED in attempt_b(instance_b, SECRETARIAT, "feil-passord").text
    # Five failures in all, neither instance saw five: the fifth locks the address, and the right password is
    # refused on both, saying so
    assert LOCKED in attempt_b(instance_b, SECRETARIAT, "feil-passord").text
    refused = attempt_b(instance_b, SECRETARIAT, PASSWORD)
    assert refused.status_code == 200 and LOCKED in refused.text
    assert LOCKED in attempt_a(instance_a, SECRETARIAT, PASSWORD).get_data(as_text=True)
    assert attempt_a(instance_a, "rad@example.no", PASSWORD).status_code == 302


@pytest.fixture
def consumer(production_env, tmp_path):
    """`huey_consumer app.tasks.huey` on the Redis queue, as production runs it beside gunicorn, without the
    periodic due-mail task (tested on its own), which would otherwise run here at any tenth minute."""
    with open(tmp_path / "huey.log", "w") as log:
        process = subprocess.Popen([str(BIN / "huey_consumer"), "app.tasks.huey", "--workers", "1", "--no-periodic"],
                                   cwd=ROOT,
                                   env=production_env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    yield tmp_path / "huey.log"
    process.terminate()
    process.wait(timeout=30)


def test_an_analysis_queued_by_one_instance_is_run_by_the_huey_consumer(instance_a, instance_b, consumer):
    browser = Browser(instance_b)
    assert browser.login(SECRETARIAT, PASSWORD).status_code == 302
    with instance_a.app_context():
        slug = _db.session.scalar(select(Consultation.slug))
    analysis = f"/consultations/{slug}/analysis"
    assert browser.post(f"{analysis}/start", analysis, {}).status_code == 302
    run = _finished_run(instance_a, consumer)
    assert run.status is RunStatus.DONE, run.error
    assert browser.session.get(instance_b.base + f"{analysis}/status", timeout=30).json()["status"] == "done"


def _finished_run(app, log: Path, wait: float = 300) -> AnalysisRun:
    """The round's analysis run once the consumer is done with it."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        with app.app_context():
            run = _db.session.scalar(select(AnalysisRun))
            if run is not None and run.status in (RunStatus.DONE, RunStatus.FAILED):
                return run
        time.sleep(0.5)
    raise AssertionError("the analysis never finished; the consumer said:\n" + log.read_text()[-3000:])
