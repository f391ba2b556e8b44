"""`flask backup`: a consistent copy that restores into a fresh database with every response intact."""
from __future__ import annotations

import shutil
import sqlite3
import subprocess
import uuid
from datetime import date

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from app.backup import BackupError, backup
from app.meetings import services as meetings
from app.models import Attachment, Response, ResponseVersion
from app.responses import attachments, submission
from app.timeutil import utcnow
from tests.factories import complete_input, invitation_of, open_round_for
from tests.pdfs import make_pdf

PDF = make_pdf("/Lang (nb) ")


@pytest.fixture
def answered(db, consultation, consultee_a, consultee_b):
    """Tinn submitted twice with an attachment, Rollag has a draft, and a meeting has minutes."""
    open_round_for(db, consultation, consultee_a, consultee_b)
    tinn, rollag = invitation_of(consultation, "Tinn kommune"), invitation_of(consultation, "Rollag kommune")
    attachments.add(tinn, filename="vedtak.pdf", data=PDF, max_bytes=1_000_000, now=utcnow())
    for n, comment in enumerate(("Vi støtter satsingen.", "Vi støtter satsingen, med forbehold."), start=1):
        submission.submit(tinn, complete_input(consultation, comment), expected_version=submission.version_of(tinn),
                          submission_key=f"key-{n}", now=utcnow(), via="link")
    submission.save_draft(rollag, complete_input(consultation, "Et utkast fra Rollag."), expected_version=None,
                          now=utcnow())
    question = consultation.questions[-1]
    meetings.save_meeting(consultation, None, consultee=consultee_a, held_on=date(2019, 3, 11), arena="Formannskapet",
                          description="Arbeidsmøte", attendees="", notes={question.id: "Vi er store nok."},
                          user=None, now=utcnow())
    db.session.commit()
    return consultation


def rows(engine, metadata) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order."""
    with engine.connect() as connection:
        return {table.name: [tuple(row) for row in connection.execute(
            select(table).order_by(*table.primary_key.columns))] for table in metadata.sorted_tables}


def run_backup(app, output) -> str:
    result = app.test_cli_runner().invoke(args=["backup", "--output", str(output)])
    assert result.exit_code == 0, result.output
    return result.output.strip()


def test_a_backup_restores_every_response_version_and_attachment(app, db, answered, tmp_path):
    before = rows(db.engine, db.metadata)
    assert len(before["responses"]) == 2 and len(before["response_versions"]) == 2
    assert len(before["attachments"]) == 1 and before["meeting_notes"]
    output = tmp_path / "backup" / ("horing.sqlite" if db.engine.dialect.name == "sqlite" else "horing.dump")
    assert run_backup(app, output) == str(output)
    with restored(db.engine.url, output, tmp_path) as engine:
        assert rows(engine, db.metadata) == before
        with engine.connect() as connection:
            assert connection.execute(select(Attachment.content)).scalar_one() == PDF
            drafts = connection.execute(select(Response.status)).scalars().all()
            assert sorted(s.value for s in drafts) == ["draft", "submitted"]
            assert connection.execute(select(ResponseVersion.number).order_by(ResponseVersion.number)
                                      ).scalars().all() == [1, 2]


class restored:
    """A fresh database made from the backup as the README says: the file put in place, or pg_restore."""

    def __init__(self, url, output, tmp_path) -> None:
        self.url, self.output, self.tmp_path, self.name = url, output, tmp_path, None

    def __enter__(self):
        if self.url.get_backend_name() == "sqlite":
            place = self.tmp_path / "restored" / "horing.sqlite"
            place.parent.mkdir()
            shutil.copy(self.output, place)
            self.engine = create_engine(f"sqlite:///{place}")
            return self.engine
        self.name = f"horing_restore_{uuid.uuid4().hex[:8]}"
        self._admin(f'CREATE DATABASE "{self.name}"')
        target = self.url.set(drivername="postgresql", database=self.name)
        subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "-d",
                        target.render_as_string(hide_password=False), str(self.output)], check=True)
        self.engine = create_engine(self.url.set(database=self.name))
        return self.engine

    def __exit__(self, *exc) -> None:
        self.engine.dispose()
        if self.name:
            self._admin(f'DROP DATABASE "{self.name}"')

    def _admin(self, statement: str) -> None:
        engine = create_engine(self.url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(statement))
        engine.dispose()


def test_a_sqlite_backup_is_consistent_while_another_connection_writes(app, db, answered, tmp_path):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's online backup API exists only on SQLite; `make test` runs this test there, and "
                    "the PostgreSQL run checks pg_dump's backup in test_a_backup_restores_every_response_version_and_attachment")
    writer = sqlite3.connect(db.engine.url.database, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE answers SET text = 'halvveis'")
    try:
        run_backup(app, tmp_path / "copy.sqlite")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    copy = sqlite3.connect(tmp_path / "copy.sqlite")
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert copy.execute("SELECT count(*) FROM answers WHERE text = 'halvveis'").fetchone() == (0,)
    assert copy.execute("SELECT count(*) FROM response_versions").fetchone() == (2,)


def test_a_postgresql_backup_without_pg_dump_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BackupError, match="pg_dump was not found"):
        backup(make_url("postgresql+psycopg://horing:hemmelig@127.0.0.1:1/horing"), tmp_path / "x.dump")
    assert not (tmp_path / "x.dump").exists()
