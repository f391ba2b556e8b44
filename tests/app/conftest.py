"""Fixtures shared by the app's tests beyond tests/conftest.py."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.extensions import db as _db
from app.models import Consultation
from tests.conftest import sqlite_template
from tests.factories import open_round_for


def load_analysed_demo(app) -> None:
    """`flask demo load`, then `flask analysis run` on its round, in `app`'s open app context."""
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    consultation = _db.session.scalar(select(Consultation))
    assert runner.invoke(args=["analysis", "run", "--round", consultation.slug]).exit_code == 0
    _db.session.commit()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path | str | None:
    """A database (SQLite file or PostgreSQL template) with the demo loaded and analysed, built once per
    session (on SQLite once for make test's two processes); each `demo` test starts on a copy of it.

    None when DATABASE_URL names the test database: the `demo` fixture builds the demo in it.
    """
    return sqlite_template(tmp_path_factory, "demo", load_analysed_demo, shared=True)


@pytest.fixture
def demo(app, db, demo_template):
    """The demo round, loaded as `flask demo load` does and analysed (test modules may narrow it).

    The `app` fixture started the test's database as a copy of `demo_template`.
    """
    if demo_template is None:
        load_analysed_demo(app)
    return db.session.scalar(select(Consultation))


@pytest.fixture
def round_(db, consultation, consultee_a, consultee_b):
    """An open round with Tinn and Rollag invited: (consultation, Tinn's link path, Rollag's link path)."""
    tokens = open_round_for(db, consultation, consultee_a, consultee_b)
    return consultation, f"/svar/{tokens['Tinn kommune']}", f"/svar/{tokens['Rollag kommune']}"
