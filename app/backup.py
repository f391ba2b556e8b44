"""Consistent copies of the database: SQLite's online backup API, PostgreSQL's pg_dump."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import URL


class BackupError(Exception):
    """The copy could not be made; the message says why and what to do."""


def default_output(url: URL, directory: Path, now: datetime) -> Path:
    """instance/backups/horing-<UTC time>.sqlite (or .dump, pg_dump's custom format)."""
    suffix = ".sqlite" if url.get_backend_name() == "sqlite" else ".dump"
    return directory / f"horing-{now:%Y%m%d-%H%M%S}{suffix}"


def backup(url: URL, output: Path) -> Path:
    """Copy the database at `url` to `output`, consistent even while the app writes; returns `output`."""
    output.parent.mkdir(parents=True, exist_ok=True)
    backend = url.get_backend_name()
    if backend == "sqlite":
        return _backup_sqlite(url, output)
    if backend == "postgresql":
        return _backup_postgres(url, output)
    raise BackupError(f"Backups of {backend} databases are not supported.")


def _backup_sqlite(url: URL, output: Path) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up.")
    if not Path(url.database).exists():
        raise BackupError(f"The database file {url.database} does not exist.")
    # The online backup copies a snapshot page by page under a read transaction: in WAL mode
    # writers carry on meanwhile, and uncommitted changes are never copied.
    source = sqlite3.connect(f"file:{url.database}?mode=ro", uri=True, timeout=30)
    target = sqlite3.connect(output)
    try:
        with target:
            source.backup(target)
    finally:
        target.close()
        source.close()
    return output


def _backup_postgres(url: URL, output: Path) -> Path:
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupError("pg_dump was not found on PATH. Install the PostgreSQL client tools "
                          "(Debian: apt-get install postgresql-client) in the server's major version or newer.")
    # The password goes through the environment, never on the command line (ps shows it).
    env = {**os.environ, **({"PGPASSWORD": url.password} if url.password else {})}
    libpq_url = URL.create("postgresql", username=url.username, host=url.host, port=url.port,
                           database=url.database, query=url.query).render_as_string(hide_password=False)
    done = subprocess.run([pg_dump, "--format=custom", "--no-owner", f"--file={output}", f"--dbname={libpq_url}"],
                          env=env, capture_output=True, text=True)
    if done.returncode != 0:
        output.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
    return output
