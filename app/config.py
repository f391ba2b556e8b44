"""Configuration classes: the only module that reads the environment."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

INSTANCE_DIR = Path(os.environ.get("HORING_INSTANCE_DIR", Path(__file__).resolve().parent.parent / "instance"))

MB = 1024 * 1024


def _sqlite_url(name: str) -> str:
    return f"sqlite:///{INSTANCE_DIR / name}"


def _development_secret() -> str:
    """A per-installation random key kept under instance/, so sessions survive restarts."""
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


class Config:
    """Settings shared by every environment."""

    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    #: Largest request body; larger uploads get an error page, smaller ones a message in the form
    MAX_CONTENT_LENGTH = 64 * MB
    #: Largest request body of a view that takes no file (views marked takes_files get MAX_CONTENT_LENGTH)
    MAX_FORM_BYTES = 4 * MB
    #: Non-file form fields (pasted drafts can be long); for a urlencoded form, the whole body
    MAX_FORM_MEMORY_SIZE = 2 * MB
    #: Fields and files in one multipart body (Werkzeug's default, stated here)
    MAX_FORM_PARTS = 1000
    #: Largest accepted draft document
    MAX_DRAFT_BYTES = 10 * MB
    #: Largest attachment to a response (.docx or .pdf)
    MAX_ATTACHMENT_BYTES = 15 * MB
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    TIMEZONE = "Europe/Oslo"
    #: Invitation links stop working when the round closes, or this many days after
    LINK_DAYS_AFTER_CLOSE = int(os.environ.get("LINK_DAYS_AFTER_CLOSE", "0"))
    #: Rate limits (Flask-Limiter); memory:// counts per process, use redis:// with several machines
    RATELIMIT_ENABLED = os.environ.get("RATELIMIT_ENABLED", "1") != "0"
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    #: Number of reverse proxies in front (nginx: 1) whose X-Forwarded-* headers are trusted
    PROXY_FIX = int(os.environ.get("PROXY_FIX", "0"))
    #: Public address used in invitation links sent by e-mail
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000")
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "Høring <noreply@horing.local>")
    #: "log" writes each message to the log and to MAIL_OUTBOX_DIR; "memory" keeps them in the app (tests)
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "log")
    MAIL_OUTBOX_DIR = INSTANCE_DIR / "outbox"
    #: MAIL_BACKEND=smtp: the server, and STARTTLS (MAIL_USE_TLS) or TLS from the start (MAIL_USE_SSL)
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "0")) or None
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "0") == "1"
    MAIL_USE_SSL = os.environ.get("MAIL_USE_SSL", "0") == "1"
    #: Seconds to wait for the SMTP server before the message counts as failed
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", "20"))
    TESTING = False
    DEBUG = False

    @staticmethod
    def database_url(default: str) -> str:
        url = os.environ.get("DATABASE_URL", default)
        # Heroku-style URLs name the old driver; SQLAlchemy 2 wants postgresql+psycopg.
        if url.startswith("postgres://"):
            url = "postgresql://" + url.removeprefix("postgres://")
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        return url


class DevelopmentConfig(Config):
    """Local use with `make run`: SQLite under instance/, a generated secret."""

    DEBUG = True

    def __init__(self) -> None:
        self.SECRET_KEY = os.environ.get("SECRET_KEY") or _development_secret()
        self.SQLALCHEMY_DATABASE_URI = self.database_url(_sqlite_url("horing.sqlite"))


class TestConfig(Config):
    """The test suite: a temporary database set by the fixtures, fast password hashing."""

    TESTING = True
    WTF_CSRF_ENABLED = False
    SECRET_KEY = "test-only-secret"
    MAIL_BACKEND = "memory"
    RATELIMIT_ENABLED = False
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    SQLALCHEMY_DATABASE_URI = "sqlite://"


class ProductionConfig(Config):
    """Behind gunicorn: secrets only from the environment, secure cookies."""

    def __init__(self) -> None:
        # Cookies go over HTTPS only; HORING_COOKIE_SECURE=0 exists for load tests on plain-HTTP loopback.
        secure = os.environ.get("HORING_COOKIE_SECURE", "1") != "0"
        self.SESSION_COOKIE_SECURE = self.REMEMBER_COOKIE_SECURE = secure
        key = os.environ.get("SECRET_KEY")
        if not key:
            raise RuntimeError("SECRET_KEY must be set in the environment in production")
        self.SECRET_KEY = key
        self.SQLALCHEMY_DATABASE_URI = self.database_url(_sqlite_url("horing.sqlite"))


def huey_from_environment():
    """The task queue: HUEY_URL=redis://… for Redis; SQLite under instance/ otherwise; HUEY_IMMEDIATE=1 runs tasks inline."""
    from huey import RedisHuey, SqliteHuey

    url = os.environ.get("HUEY_URL", "")
    immediate = os.environ.get("HUEY_IMMEDIATE", "0") == "1" or os.environ.get("HORING_ENV") == "test"
    if url.startswith("redis"):
        return RedisHuey("horing", url=url, immediate=immediate)
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("horing", filename=str(INSTANCE_DIR / "huey.sqlite"), immediate=immediate)


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def config_from_environment() -> Config:
    """The configuration named by HORING_ENV (development unless set)."""
    name = os.environ.get("HORING_ENV", "development")
    try:
        return CONFIGS[name]()
    except KeyError:
        raise RuntimeError(f"HORING_ENV must be one of {', '.join(CONFIGS)}, not {name!r}") from None
