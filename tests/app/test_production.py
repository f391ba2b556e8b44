"""Production is what runs unless development or test is asked for, and gunicorn serves nothing else."""
from __future__ import annotations

import pytest

from app import create_app
from app.config import DevelopmentConfig, ProductionConfig, TestConfig, check_server, config_from_environment
from tests.servers import Gunicorn, worktree_environment


def test_an_unset_horing_env_means_production(monkeypatch):
    monkeypatch.delenv("HORING_ENV")
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    monkeypatch.delenv("HORING_COOKIE_SECURE", raising=False)
    config = config_from_environment()
    assert isinstance(config, ProductionConfig) and not config.DEBUG and not config.TESTING
    assert config.SESSION_COOKIE_SECURE and config.REMEMBER_COOKIE_SECURE


@pytest.mark.parametrize("value", [None, "", "production"])
def test_production_refuses_to_start_without_a_secret_key(monkeypatch, value):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    if value is None:
        monkeypatch.delenv("HORING_ENV")
    else:
        monkeypatch.setenv("HORING_ENV", value)
    with pytest.raises(RuntimeError, match="SECRET_KEY must be set .* HORING_ENV=development"):
        create_app()


def test_development_is_had_only_by_asking_for_it(monkeypatch):
    monkeypatch.setenv("HORING_ENV", "development")
    monkeypatch.setenv("SECRET_KEY", "a-local-key")
    config = config_from_environment()
    assert isinstance(config, DevelopmentConfig) and config.DEBUG


def _settings(config, **changes) -> dict:
    settings = {name: getattr(config, name) for name in dir(config) if name.isupper()}
    return {**settings, **changes}


@pytest.fixture
def production(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    return ProductionConfig()


def test_outside_gunicorn_any_configuration_may_run(monkeypatch):
    monkeypatch.delenv("SERVER_SOFTWARE", raising=False)
    check_server(_settings(TestConfig()))


@pytest.mark.parametrize("config, changes, message", [
    (TestConfig, {}, "gunicorn serves only the production configuration, not HORING_ENV=test"),
    ("production", {"RATELIMIT_STORAGE_URI": "memory://"}, "RATELIMIT_STORAGE_URI is memory://"),
])
def test_gunicorn_refuses_all_but_production_with_shared_limits(monkeypatch, production, config, changes, message):
    monkeypatch.setenv("SERVER_SOFTWARE", "gunicorn/23.0.0")
    with pytest.raises(RuntimeError, match=message):
        check_server(_settings(production if config == "production" else config(), **changes))


def test_gunicorn_takes_production_with_redis_and_the_flagged_test_server(monkeypatch, production):
    monkeypatch.setenv("SERVER_SOFTWARE", "gunicorn/23.0.0")
    check_server(_settings(production, RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/0"))
    check_server(_settings(TestConfig(), GUNICORN_TEST_SERVER=True))


#: (what HORING_ENV and the rest say, the message gunicorn's log must show)
REFUSED = {
    "development": ({"HORING_ENV": "development", "SECRET_KEY": "k"},
                    "gunicorn serves only the production configuration, not HORING_ENV=development"),
    "test": ({"HORING_ENV": "test"}, "gunicorn serves only the production configuration, not HORING_ENV=test"),
    "per-process limits": ({"HORING_ENV": "production", "SECRET_KEY": "k", "RATELIMIT_STORAGE_URI": "memory://"},
                           "RATELIMIT_STORAGE_URI is memory://"),
    "no secret key": ({"HORING_ENV": "", "SECRET_KEY": ""}, "SECRET_KEY must be set in the environment"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_the_real_gunicorn_exits_with_the_reason_unless_production_is_set_up(tmp_path, case):
    variables, message = REFUSED[case]
    env = worktree_environment(DATABASE_URL=f"sqlite:///{tmp_path / 'horing.sqlite'}",
                               HORING_INSTANCE_DIR=str(tmp_path), **variables)
    with Gunicorn("app:create_app()", env, tmp_path / "gunicorn.log") as server:
        assert server.exit_code() != 0
        assert message in server.output()
