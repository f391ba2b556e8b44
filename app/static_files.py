"""Static files under versioned addresses, kept by the browser for a year.

Every `url_for('static', filename=…)` carries `v`, a digest of the file as it is now
(`?v=3f2a…`); a request that names a file's current digest is answered with
`Cache-Control: public, max-age=31536000, immutable`, so a page's style sheets and scripts are
fetched once and not asked for again on every page (as `no-cache` did: a dozen round trips a
page). A changed file gets a new digest, so a new address, and browsers fetch it afresh. Files
reached without `v` (the fonts a style sheet names) keep Flask's `no-cache` and are revalidated.

The digest is of the file's bytes, worked out once per file and modification time in a process
(at most `KEPT` files): only files the static view has just served whole are read for it.
"""
from __future__ import annotations

import hashlib
import os
import stat
from functools import lru_cache
from pathlib import Path

from flask import Flask, Response, request
from werkzeug.security import safe_join

ONE_YEAR = 31_536_000
#: Files whose digest a process keeps
KEPT = 256


def register(app: Flask) -> None:
    @app.url_defaults
    def versioned(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            version = digest(app.static_folder, values["filename"])
            if version:
                values["v"] = version

    @app.after_request
    def kept_for_a_year(response: Response) -> Response:
        if (request.endpoint == "static" and response.status_code == 200 and request.args.get("v")
                and request.args["v"] == digest(app.static_folder, (request.view_args or {}).get("filename", ""))):
            response.cache_control.no_cache = None
            response.cache_control.public = True
            response.cache_control.max_age = ONE_YEAR
            response.cache_control.immutable = True
        return response


def digest(folder: str | None, filename: str) -> str | None:
    """The first 12 hex digits of the SHA-256 of the static file; None for a name outside the folder or no file."""
    path = safe_join(folder, filename) if folder else None
    if path is None:
        return None
    try:
        found = os.stat(path)
    except OSError:
        return None
    return _digest_of(path, found.st_mtime_ns, found.st_size) if stat.S_ISREG(found.st_mode) else None


@lru_cache(maxsize=KEPT)
def _digest_of(path: str, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]
