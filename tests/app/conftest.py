"""Fixtures shared by the app's tests beyond tests/conftest.py."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import Consultation


@pytest.fixture
def demo(app, db):
    """The demo round, loaded as `flask demo load` does and analysed once (test modules may narrow it)."""
    runner = app.test_cli_runner()
    runner.invoke(args=["demo", "load"])
    consultation = db.session.scalar(select(Consultation))
    assert runner.invoke(args=["analysis", "run", "--round", consultation.slug]).exit_code == 0
    return consultation
