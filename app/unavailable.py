"""The database locked or down: a 503 page that says so and keeps what the user typed, never a 500."""
from __future__ import annotations

import logging

from flask import Flask, g, jsonify, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from app.extensions import db, login_manager

logger = logging.getLogger(__name__)

#: What a locked, unreachable or exhausted database raises (SQLite "database is locked",
#: a missing file, a refused PostgreSQL connection, no pool connection free in time)
UNAVAILABLE_ERRORS = (OperationalError, PoolTimeoutError)
#: Endpoint → prefixes of its text fields: their posted text is shown again when the database is down
TYPED_TEXT_ENDPOINTS: dict[str, tuple[str, ...]] = {}
#: Posted fields that carry no text of the user's
_TECHNICAL = {"csrf_token", "version", "submission_key", "save", "submit"}
RETRY_AFTER_SECONDS = 30


def form_message() -> str:
    """The line a form shows above what was posted when it could not be stored."""
    return _("Tjenesten er midlertidig utilgjengelig, og det du sendte er ikke lagret ennå. "
             "Teksten din står her: vent litt og trykk på knappen igjen.")


def register(app: Flask) -> None:
    """A locked or unavailable database gives a 503 page (or JSON for scripts) instead of a 500."""
    for error in UNAVAILABLE_ERRORS:
        app.register_error_handler(error, database_unavailable)


def database_unavailable(error: Exception):
    """The 503 answer; the page needs nothing from the database, not even the signed-in user."""
    logger.warning("Database unavailable on %s %s: %s", request.method, request.path, error)
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the connection may be gone too; the page must still be shown
        logger.debug("rollback failed", exc_info=True)
    # Loading the user (or an expired one) would query the database again.
    g._login_user = login_manager.anonymous_user()
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if request.accept_mimetypes.best == "application/json":
        message = _("Ikke lagret: tjenesten er midlertidig utilgjengelig. Teksten din står fortsatt i skjemaet.")
        return jsonify(saved=False, message=message), 503, headers
    prefixes = TYPED_TEXT_ENDPOINTS.get(request.endpoint or "")
    kept = request.form if request.method == "POST" and prefixes is not None else None
    texts = [(name, value) for name, value in (kept.items(multi=True) if kept else ())
             if value.strip() and name not in _TECHNICAL and name.startswith(prefixes or ())]
    return render_template("errors/unavailable.html", kept=kept, texts=texts), 503, headers
