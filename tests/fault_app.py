"""The app under gunicorn for the fault tests: the test configuration on the test's database, with
fault injection on (`app/faults.py`). Run as `gunicorn 'tests.fault_app:create()'` with
HORING_ENV=test and FAULT_TEST_DATABASE_URL set.

gunicorn refuses every configuration but production (`app.config.check_server`); this one is let
through because the code here sets GUNICORN_TEST_SERVER, which no environment variable can."""
from __future__ import annotations

import logging
import os

from app import create_app
from app.config import TestConfig

#: Longer than any test waits: the test kills the worker during the pause
PAUSE_SECONDS = 60


def create():
    """The WSGI app: warnings (the fault point's "pausing" line) go to gunicorn's log."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = os.environ["FAULT_TEST_DATABASE_URL"]
    config.FAULT_PAUSE_SECONDS = PAUSE_SECONDS
    config.GUNICORN_TEST_SERVER = True
    return create_app(config)
