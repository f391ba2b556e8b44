"""Fixtures: the app from the factory on a temporary database, users for every role."""
from __future__ import annotations

import contextvars
import io
import os
import re
import shutil
from datetime import timedelta

# Before the app is imported: the test configuration, and background tasks run inline.
os.environ["HORING_ENV"] = "test"

import pytest
from docx import Document
from flask import has_app_context
from flask.testing import FlaskClient

from app import create_app
from app.config import TestConfig
from app.extensions import db as _db
from app.models import Consultee, ConsulteeKind, Language, Region, Role, User
from app.timeutil import utcnow

PASSWORD = "correct-horse-battery"


def _database_url(tmp_path) -> str:
    """PostgreSQL when TEST_DATABASE_URL names one, else a fresh SQLite file per test."""
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.sqlite'}"


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


@pytest.fixture
def app(request, tmp_path):
    """The app on a fresh database: empty, or a copy of the analysed demo when the test asks for `demo`."""
    # The `demo` fixture (tests/app/conftest.py) needs the session's demo template, built once; on SQLite
    # the test's database starts as a copy of it, so fixtures run before `demo` (users …) are kept.
    template = request.getfixturevalue("demo_template") if "demo_template" in request.fixturenames else None
    if template is not None:
        shutil.copyfile(template, tmp_path / "test.sqlite")
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = TestConfig.database_url(_database_url(tmp_path))
    config.MAIL_OUTBOX_DIR = tmp_path / "outbox"
    app = create_app(config)
    app.test_client_class = RequestClient
    with app.app_context():
        if template is None:
            _db.drop_all()
        _db.create_all()
        yield app
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def outbox(app):
    return app.extensions.setdefault("mail_outbox", [])


@pytest.fixture
def region(db):
    region = Region(name="Testregionen", slug="testregionen")
    db.session.add(region)
    db.session.commit()
    return region


@pytest.fixture
def other_region(db):
    region = Region(name="Naboregionen", slug="naboregionen")
    db.session.add(region)
    db.session.commit()
    return region


def make_consultee(db, region, name: str, org_number: str | None = None) -> Consultee:
    from app.consultees import services

    consultee = services.create_consultee(region, name=name, kind=ConsulteeKind.MUNICIPALITY,
                                          email=f"post@{name.split()[0].lower()}.example.no",
                                          org_number=org_number)
    db.session.commit()
    return consultee


@pytest.fixture
def consultee_a(db, region):
    return make_consultee(db, region, "Tinn kommune")


@pytest.fixture
def consultee_b(db, region):
    return make_consultee(db, region, "Rollag kommune")


def make_user(db, region, role: Role, email: str, consultee: Consultee | None = None) -> User:
    from app.auth.services import create_user

    user = create_user(email=email, name=email.split("@")[0].title(), password=PASSWORD, role=role,
                       region=region, consultee=consultee)
    db.session.commit()
    return user


@pytest.fixture
def users(db, region, consultee_a, consultee_b):
    """One user per role, and a user for each of two consultees."""
    return {
        "admin": make_user(db, region, Role.ADMIN, "admin@example.no"),
        "secretariat": make_user(db, region, Role.SECRETARIAT, "sekretariat@example.no"),
        "council": make_user(db, region, Role.COUNCIL, "rad@example.no"),
        "consultee_a": make_user(db, region, Role.CONSULTEE, "tinn@example.no", consultee_a),
        "consultee_b": make_user(db, region, Role.CONSULTEE, "rollag@example.no", consultee_b),
    }


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
    return make_consultation(db, region)


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
