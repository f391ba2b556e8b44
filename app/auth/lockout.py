"""Per-account login lockout with backoff, counted in the rate limits' store.

After LOGIN_LOCKOUT_AFTER failed sign-ins for one e-mail address (an account's or not, so the
lock says nothing about which addresses exist), the address is locked whatever the client's
address: first for LOGIN_LOCKOUT_FIRST_SECONDS, and each further failure once a lock has run out
doubles it, up to LOGIN_LOCKOUT_MAX_SECONDS. Attempts during a lock are refused without counting.
The failures are forgotten at a successful sign-in, or LOGIN_FAILURE_WINDOW_SECONDS after the first.

The counters live in the store Flask-Limiter uses (RATELIMIT_STORAGE_URI, through the `limits`
library), so with redis:// every worker and machine counts together.
"""
from __future__ import annotations

import hashlib
import logging
import time

from flask import Flask, current_app
from limits.storage import Storage, storage_from_string

log = logging.getLogger("app.auth")

EXTENSION = "login_lockout"
#: Doubling stops long before this; it keeps 2**n small whatever the count
_MAX_DOUBLINGS = 20


def init_app(app: Flask) -> None:
    """Open this app's handle on the store RATELIMIT_STORAGE_URI names (shared with redis://)."""
    app.extensions[EXTENSION] = storage_from_string(app.config["RATELIMIT_STORAGE_URI"])


def lock_seconds(failures: int, *, after: int, first: int, cap: int) -> int:
    """How long `failures` consecutive failures lock an address: 0 below `after`, then first × 2ⁿ, capped."""
    if failures < after:
        return 0
    return min(first * 2 ** min(failures - after, _MAX_DOUBLINGS), cap)


def is_locked(email: str) -> bool:
    """Whether sign-ins for this address are refused now, right password or not."""
    return _store().get(_key("lock", email)) > 0


def seconds_left(email: str) -> float:
    """How much longer the address stays locked (0 when it is not)."""
    store, key = _store(), _key("lock", email)
    return max(store.get_expiry(key) - time.time(), 0.0) if store.get(key) else 0.0


def record_failure(email: str) -> None:
    """Count a failed sign-in for this address, and lock it once there have been enough."""
    config, store = current_app.config, _store()
    failures = store.incr(_key("failures", email), int(config["LOGIN_FAILURE_WINDOW_SECONDS"]))
    seconds = lock_seconds(failures, after=config["LOGIN_LOCKOUT_AFTER"],
                           first=config["LOGIN_LOCKOUT_FIRST_SECONDS"], cap=config["LOGIN_LOCKOUT_MAX_SECONDS"])
    if seconds:
        store.incr(_key("lock", email), seconds)
        log.warning("sign-in for %s locked for %s s after %s failed attempts", _normal(email), seconds, failures)


def forget(email: str) -> None:
    """A successful sign-in: the address starts again from no failures."""
    store = _store()
    store.clear(_key("failures", email))
    store.clear(_key("lock", email))


def _store() -> Storage:
    return current_app.extensions[EXTENSION]


def _normal(email: str) -> str:
    return email.strip().lower()


def _key(kind: str, email: str) -> str:
    # A digest keeps addresses out of the store and every key the same short length.
    return f"horing/login-{kind}/{hashlib.sha256(_normal(email).encode()).hexdigest()}"
