"""Fixtures shared by the app's tests beyond tests/conftest.py."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import select

from app import create_app
from app.config import TestConfig
from app.extensions import db as _db
from app.models import Consultation
from tests.factories import open_round_for


def load_analysed_demo(app) -> None:
    """`flask demo load`, then `flask analysis run` on its round, in `app`'s open app context."""
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    consultation = _db.session.scalar(select(Consultation))
    assert runner.invoke(args=["analysis", "run", "--round", consultation.slug]).exit_code == 0
    _db.session.commit()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path | None:
    """An SQLite file with the demo loaded and analysed, built once per session; each `demo` test copies it.

    None on PostgreSQL (TEST_DATABASE_URL): there the one test database is emptied per test and the
    `demo` fixture builds the demo in it again (a template database would need the test database
    dropped and made anew per test; not worth it for the few demo tests there).
    """
    if os.environ.get("TEST_DATABASE_URL"):
        return None
    folder = tmp_path_factory.mktemp("demo-template")
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{folder / 'demo.sqlite'}"
    config.MAIL_OUTBOX_DIR = folder / "outbox"
    app = create_app(config)
    with app.app_context():
        _db.create_all()
        load_analysed_demo(app)
        _db.session.remove()
        with _db.engine.connect() as connection:  # everything into the main file, which is what is copied
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        _db.engine.dispose()
    return folder / "demo.sqlite"


@pytest.fixture
def demo(app, db, demo_template):
    """The demo round, loaded as `flask demo load` does and analysed (test modules may narrow it).

    On SQLite the `app` fixture started the test's database as a copy of `demo_template`.
    """
    if demo_template is None:
        load_analysed_demo(app)
    return db.session.scalar(select(Consultation))


@pytest.fixture
def round_(db, consultation, consultee_a, consultee_b):
    """An open round with Tinn and Rollag invited: (consultation, Tinn's link path, Rollag's link path)."""
    tokens = open_round_for(db, consultation, consultee_a, consultee_b)
    return consultation, f"/svar/{tokens['Tinn kommune']}", f"/svar/{tokens['Rollag kommune']}"
