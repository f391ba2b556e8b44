"""Fixtures shared by the app's tests beyond tests/conftest.py."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import Consultation
from tests.factories import open_round_for


@pytest.fixture
def demo(app, db):
    """The demo round, loaded as `flask demo load` does and analysed once (test modules may narrow it)."""
    runner = app.test_cli_runner()
    runner.invoke(args=["demo", "load"])
    consultation = db.session.scalar(select(Consultation))
    assert runner.invoke(args=["analysis", "run", "--round", consultation.slug]).exit_code == 0
    return consultation


@pytest.fixture
def round_(db, consultation, consultee_a, consultee_b):
    """An open round with Tinn and Rollag invited: (consultation, Tinn's link path, Rollag's link path)."""
    tokens = open_round_for(db, consultation, consultee_a, consultee_b)
    return consultation, f"/svar/{tokens['Tinn kommune']}", f"/svar/{tokens['Rollag kommune']}"
