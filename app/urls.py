"""Small URL helpers shared by the blueprints."""
from __future__ import annotations

from urllib.parse import urlsplit


def safe_next_url(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None (no open redirects)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def absolute(path: str) -> str:
    """A path on this site as its public address (BASE_URL)."""
    from flask import current_app

    return current_app.config["BASE_URL"].rstrip("/") + path


def absolute_url(endpoint: str, **values) -> str:
    """The public address (BASE_URL) of an endpoint, in a request or not (mails sent from the CLI)."""
    from flask import current_app, has_request_context, url_for

    if has_request_context():
        path = url_for(endpoint, **values)
    else:
        with current_app.test_request_context():
            path = url_for(endpoint, **values)
    return absolute(path)
