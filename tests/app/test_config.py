import pytest
from sqlalchemy import text

from app import create_app
from app.config import Config, ProductionConfig, config_from_environment


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        ProductionConfig()


def test_production_takes_secret_and_database_from_the_environment(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.example/horing")
    config = ProductionConfig()
    assert config.SECRET_KEY == "from-the-environment"
    assert config.SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://u:p@db.example/horing"
    assert config.SESSION_COOKIE_SECURE and not config.DEBUG


def test_unknown_environment_name_is_refused(monkeypatch):
    monkeypatch.setenv("HORING_ENV", "staging-ish")
    with pytest.raises(RuntimeError, match="HORING_ENV"):
        config_from_environment()


def test_database_url_keeps_sqlite_as_it_is():
    assert Config.database_url("sqlite:///x.sqlite") == "sqlite:///x.sqlite"


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    from app.config import TestConfig
    from app.extensions import db

    config = TestConfig()  # always SQLite here, whatever database the rest of the suite uses
    config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'pragmas.sqlite'}"
    with create_app(config).app_context(), db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 10000
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        db.engine.dispose()


def test_csrf_is_enforced_outside_tests(tmp_path, monkeypatch):
    from app.config import TestConfig

    config = TestConfig()
    config.WTF_CSRF_ENABLED = True
    config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'csrf.sqlite'}"
    app = create_app(config)
    response = app.test_client().post("/login", data={"email": "a@example.no", "password": "x"})
    assert response.status_code == 400
