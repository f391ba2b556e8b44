"""The database locked or down: a 503 page that says so and keeps the text, never a traceback."""
from __future__ import annotations

import socket

import pytest
from sqlalchemy import create_engine, event, func, select, text

from app import create_app
from app.config import TestConfig
from app.models import Answer, ResponseVersion
from tests.factories import complete_input, form_fields, page_key

UNAVAILABLE = "Tjenesten er midlertidig utilgjengelig"


def wait_briefly_for_locks(db) -> None:
    """This app's connections give up on a lock after 0.2 s (SQLite busy timeout, PostgreSQL lock_timeout)."""

    def short_wait(dbapi_connection, record) -> None:
        if db.engine.dialect.name == "sqlite":
            dbapi_connection.execute("PRAGMA busy_timeout=200")
        else:
            dbapi_connection.cursor().execute("SET lock_timeout = '200ms'")
            dbapi_connection.commit()

    event.listen(db.engine, "connect", short_wait)
    db.session.remove()
    db.engine.dispose()


class write_lock:
    """Another connection holding the write lock on the response tables until the block ends."""

    def __init__(self, db) -> None:
        self.engine = create_engine(db.engine.url)

    def __enter__(self):
        self.connection = self.engine.connect()
        if self.engine.dialect.name == "sqlite":
            self.connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            self.connection.execute(text("LOCK TABLE responses, answers IN EXCLUSIVE MODE"))
        return self

    def __exit__(self, *exc) -> None:
        self.connection.rollback()
        self.connection.close()
        self.engine.dispose()


@pytest.mark.parametrize("button", ["save", "submit"])
def test_a_locked_database_gives_the_form_back_with_the_typed_text(client, db, round_, button):  # noqa: F811
    consultation, link, _ = round_
    page = client.get(link).get_data(as_text=True)
    fields = {**form_fields(consultation, complete_input(consultation, "Teksten vi skrev i to timer")),
              button: "1", "version": "", "submission_key": page_key(page)}
    wait_briefly_for_locks(db)
    with write_lock(db):
        response = client.post(link, data=fields)
    page = response.get_data(as_text=True)
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert UNAVAILABLE in page and "Teksten vi skrev i to timer" in page and 'id="response-form"' in page
    assert db.session.scalar(select(func.count(Answer.id))) == 0
    again = client.post(link, data=fields)  # the lock is gone: the same button works
    assert again.status_code == 302
    assert db.session.scalar(select(func.count(ResponseVersion.id))) == (button == "submit")


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def app_on(url: str):
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = url
    return create_app(config)


@pytest.mark.parametrize("url", [
    f"postgresql+psycopg://horing@127.0.0.1:{closed_port()}/horing",
    # A file that cannot be created (its directory is missing; a read-only one only stops non-root users).
    "sqlite:////nonexistent-horing-dir/readonly/horing.sqlite",
], ids=["postgresql-closed-port", "sqlite-missing-file"])
def test_an_unreachable_database_gives_a_503_page_and_keeps_the_posted_text(url):
    client = app_on(url).test_client()
    page = client.get("/svar/en-lenke")
    assert page.status_code == 503 and UNAVAILABLE in page.get_data(as_text=True)
    posted = client.post("/svar/en-lenke", data={"com-1": "Vi vil ha bedre veier.", "q-2": "Og tog <b>nå</b>.",
                                                 "pos-1": "enig", "version": "3", "submission_key": "k", "submit": "1"})
    body = posted.get_data(as_text=True)
    assert posted.status_code == 503 and "Traceback" not in body
    assert "Vi vil ha bedre veier." in body and "Og tog &lt;b&gt;nå&lt;/b&gt;." in body
    assert 'name="submission_key" value="k"' in body and 'name="pos-1" value="enig"' in body
    assert "Prøv igjen" in body
    autosave = client.post("/svar/en-lenke/autosave", data={"com-1": "x"}, headers={"Accept": "application/json"})
    assert autosave.status_code == 503 and autosave.json["saved"] is False
