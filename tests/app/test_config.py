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


def test_a_configuration_reads_the_environment_when_it_is_made_not_at_import(monkeypatch, tmp_path):
    monkeypatch.setenv("LINK_DAYS_AFTER_CLOSE", "7")
    monkeypatch.setenv("HORING_INSTANCE_DIR", str(tmp_path))
    monkeypatch.setenv("HUEY_URL", "redis://127.0.0.1:1/0")
    config = Config.from_env()
    assert config.LINK_DAYS_AFTER_CLOSE == 7 and config.INSTANCE_DIR == tmp_path
    assert config.MAIL_OUTBOX_DIR == tmp_path / "outbox" and config.HUEY_URL == "redis://127.0.0.1:1/0"
    assert Config.from_env({}).LINK_DAYS_AFTER_CLOSE == 0  # an explicit mapping instead of os.environ


def test_the_test_configuration_keeps_what_it_pins_whatever_the_environment_says(monkeypatch):
    from app.config import TestConfig

    monkeypatch.setenv("MAIL_BACKEND", "smtp")
    monkeypatch.setenv("RATELIMIT_ENABLED", "1")
    monkeypatch.setenv("BASE_URL", "https://horing.example")
    config = TestConfig()
    assert (config.MAIL_BACKEND, config.RATELIMIT_ENABLED, config.HUEY_IMMEDIATE) == ("memory", False, True)
    assert config.BASE_URL == "https://horing.example"  # not pinned: read as in any environment


def test_importing_the_app_reads_no_environment_and_the_factory_does(tmp_path):
    """Settings that cannot be parsed break create_app(), not the import of app, app.config or app.tasks."""
    import subprocess
    import sys

    from tests.servers import ROOT, worktree_environment

    env = worktree_environment(HORING_ENV="development", SECRET_KEY="k", HORING_INSTANCE_DIR=str(tmp_path),
                               LINK_DAYS_AFTER_CLOSE="not-a-number")
    imported = subprocess.run([sys.executable, "-c", "import app, app.config, app.tasks"], cwd=ROOT, env=env,
                              capture_output=True, text=True)
    assert imported.returncode == 0, imported.stderr
    built = subprocess.run([sys.executable, "-c", "import app; app.create_app()"], cwd=ROOT, env=env,
                           capture_output=True, text=True)
    assert built.returncode != 0 and "not-a-number" in built.stderr
    assert not (tmp_path / "huey.sqlite").exists()  # nothing made under the instance directory by the import


def test_the_factory_configures_the_task_queue_from_the_app(tmp_path):
    from huey.storage import MemoryStorage, SqliteStorage

    from app.config import TestConfig
    from app.tasks import huey

    config = TestConfig()
    config.HUEY_IMMEDIATE, config.HUEY_FILENAME = False, tmp_path / "queue" / "huey.sqlite"
    config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'queue.sqlite'}"
    try:
        create_app(config)
        assert not huey.immediate and isinstance(huey.storage, SqliteStorage)
        assert huey.storage.filename == str(tmp_path / "queue" / "huey.sqlite")
    finally:
        create_app(TestConfig())
    assert huey.immediate and isinstance(huey.storage, MemoryStorage)


@pytest.mark.parametrize("name", ["production", "development"])
def test_only_the_test_configuration_hashes_passwords_cheaply(tmp_path, name):
    """The suite hashes with 1,000 rounds of PBKDF2 to stay fast; a server must keep Werkzeug's scrypt."""
    from app.auth.services import hash_password
    from app.config import DevelopmentConfig, TestConfig

    environ = {"SECRET_KEY": "a-key-for-this-test", "HORING_INSTANCE_DIR": str(tmp_path),
               "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"}  # not a setting the environment can change
    config = {"production": ProductionConfig, "development": DevelopmentConfig}[name](environ)
    config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'hash.sqlite'}"
    with create_app(config).app_context():
        assert hash_password("correct-horse-battery").startswith("scrypt:")
    assert TestConfig.PASSWORD_HASH_METHOD.startswith("pbkdf2:")
