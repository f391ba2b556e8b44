"""The Alembic history builds exactly the schema the models describe."""
from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from app import create_app
from app.config import TestConfig
from app.extensions import db

MIGRATIONS = str(Path(__file__).resolve().parents[2] / "migrations")


@pytest.fixture
def migrated_app(tmp_path):
    import os

    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'migrated.sqlite'}"
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = TestConfig.database_url(url)
    config.MIGRATIONS_DIR = MIGRATIONS
    app = create_app(config)
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        yield app
        downgrade(directory=MIGRATIONS, revision="base")
        db.engine.dispose()


def test_upgrade_creates_the_schema_of_the_models(migrated_app):
    upgrade(directory=MIGRATIONS)
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_downgrade_removes_every_table(migrated_app):
    upgrade(directory=MIGRATIONS)
    downgrade(directory=MIGRATIONS, revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade(directory=MIGRATIONS)


def test_upgrading_a_database_that_holds_rows_keeps_them(migrated_app):
    from sqlalchemy import text

    first = sorted(p.name for p in (Path(MIGRATIONS) / "versions").glob("*_initial_schema.py"))[0].split("_")[0]
    upgrade(directory=MIGRATIONS, revision=first)
    with db.engine.begin() as connection:
        connection.execute(text("INSERT INTO regions (name, slug, created_at) VALUES ('R', 'r', '2026-01-01')"))
        connection.execute(text(
            "INSERT INTO consultees (region_id, name, name_key, kind, email, is_archived, created_at) "
            "VALUES (1, 'Tinn kommune', 'tinn kommune', 'kommune', 'post@tinn.no', false, '2026-01-01')"))
        connection.execute(text(
            "INSERT INTO consultations (region_id, title, slug, description, status, language, opens_at, deadline_at,"
            " created_at) VALUES (1, 'T', 't', '', 'open', 'nb', '2026-01-01', '2026-02-01', '2026-01-01')"))
        connection.execute(text(
            "INSERT INTO responses (consultation_id, consultee_id, status, created_at, updated_at) "
            "VALUES (1, 1, 'draft', '2026-01-01', '2026-01-01')"))
    upgrade(directory=MIGRATIONS)
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT version, case_number FROM responses")).one() == (1, "")
        assert connection.execute(text("SELECT accepts_late, is_open_to_public FROM consultations")).one() == (True, False)


def test_public_respondents_get_a_marked_name_and_their_stated_organisation_kept_apart(migrated_app):
    from sqlalchemy import text

    upgrade(directory=MIGRATIONS, revision="e1d1218d5e5f")
    insert = text("INSERT INTO consultees (region_id, name, name_key, kind, email, contact_name, is_public, is_archived,"
                  " created_at) VALUES (1, :name, :key, 'annet', 'x@example.no', :person, :public, false, '2026-01-01')")
    with db.engine.begin() as connection:
        connection.execute(text("INSERT INTO regions (name, slug, created_at) VALUES ('R', 'r', '2026-01-01')"))
        for name, key, person, public in (("Tinn kommune", "tinn kommune", None, False),
                                          ("Tinn kommune", "public:1", "Ola Nordmann", True),
                                          ("Kari Nordmann", "public:2", "Kari Nordmann", True)):
            connection.execute(insert, {"name": name, "key": key, "person": person, "public": public})
    upgrade(directory=MIGRATIONS)
    query = text("SELECT name, stated_organisation FROM consultees ORDER BY id")
    with db.engine.connect() as connection:
        assert connection.execute(query).all() == [
            ("Tinn kommune", None), ("Ola Nordmann (åpen høring, oppgitt organisasjon: Tinn kommune)", "Tinn kommune"),
            ("Kari Nordmann (åpen høring)", None)]
    downgrade(directory=MIGRATIONS, revision="e1d1218d5e5f")
    with db.engine.connect() as connection:
        assert [row[0] for row in connection.execute(text("SELECT name FROM consultees ORDER BY id"))] == [
            "Tinn kommune", "Tinn kommune", "Kari Nordmann"]
