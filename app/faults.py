"""Test-only fault injection: a pause at a named point in a request, so a test can kill the worker there.

It does nothing unless the app runs with the test configuration (TESTING) *and* FAULT_PAUSE_SECONDS
is set in it *and* the request names the point in an `X-Fault-Pause` header. No environment
variable or production setting turns it on: ProductionConfig and DevelopmentConfig are never TESTING.
"""
from __future__ import annotations

import logging
import os
import time

from flask import current_app, request

logger = logging.getLogger(__name__)


def pause(point: str) -> None:
    """Sleep at `point` when a test asked for it (see the module docstring); a no-op otherwise."""
    if not current_app.testing:
        return
    seconds = current_app.config.get("FAULT_PAUSE_SECONDS", 0)
    if seconds and request.headers.get("X-Fault-Pause") == point:
        logger.warning("fault injection: pausing %s s at %s in process %d", seconds, point, os.getpid())
        time.sleep(seconds)
