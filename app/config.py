"""Configuration classes: the only module that reads the environment."""
from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path

#: Where the SQLite database, the secret key, the outbox and the queue live unless HORING_INSTANCE_DIR says otherwise
DEFAULT_INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"

MB = 1024 * 1024
#: How long «Husk meg» keeps a browser signed in after the login
REMEMBER_DAYS = 14


def _sqlite_url(instance_dir: Path, name: str) -> str:
    return f"sqlite:///{instance_dir / name}"


def _development_secret(instance_dir: Path) -> str:
    """A per-installation random key kept under instance/, so sessions survive restarts."""
    path = instance_dir / "secret_key"
    if not path.exists():
        instance_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _from_environment(env: Mapping[str, str]) -> dict:
    """The settings the environment can change, read when a configuration is made (never at import)."""
    instance_dir = Path(env.get("HORING_INSTANCE_DIR") or DEFAULT_INSTANCE_DIR)
    return {
        "INSTANCE_DIR": instance_dir,
        "LINK_DAYS_AFTER_CLOSE": int(env.get("LINK_DAYS_AFTER_CLOSE", "0")),
        "RATELIMIT_ENABLED": env.get("RATELIMIT_ENABLED", "1") != "0",
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        "PROXY_FIX": int(env.get("PROXY_FIX", "0")),
        "BASE_URL": env.get("BASE_URL", "http://127.0.0.1:5000"),
        "MAIL_SENDER": env.get("MAIL_SENDER", "Høring <noreply@horing.local>"),
        "MAIL_BACKEND": env.get("MAIL_BACKEND", "log"),
        "MAIL_OUTBOX_DIR": instance_dir / "outbox",
        "MAIL_SERVER": env.get("MAIL_SERVER", "localhost"),
        "MAIL_PORT": int(env.get("MAIL_PORT", "0")) or None,
        "MAIL_USERNAME": env.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": env.get("MAIL_USE_TLS", "0") == "1",
        "MAIL_USE_SSL": env.get("MAIL_USE_SSL", "0") == "1",
        "MAIL_TIMEOUT": float(env.get("MAIL_TIMEOUT", "20")),
        "HUEY_URL": env.get("HUEY_URL", ""),
        "HUEY_IMMEDIATE": env.get("HUEY_IMMEDIATE", "0") == "1",
        "HUEY_FILENAME": instance_dir / "huey.sqlite",
    }


class Config:
    """Settings shared by every environment.

    The class attributes are the defaults; making a configuration (`Config.from_env()`, or calling the
    class) reads the environment over them, except where a subclass pins a setting in its own body.
    """

    #: Where the SQLite database, the secret key, the outbox and the queue live (HORING_INSTANCE_DIR)
    INSTANCE_DIR = DEFAULT_INSTANCE_DIR

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
    #: An archive package holds at most this many documents and bytes (originals and PDF/A copies together)
    ARCHIVE_MAX_DOCUMENTS = 1000
    ARCHIVE_MAX_BYTES = 200 * MB
    #: Largest body of the consultee's response form, which carries one attachment beside the text
    #: (the attachment, the text fields' own cap MAX_FORM_MEMORY_SIZE, and room for the multipart framing)
    MAX_RESPONSE_FORM_BYTES = 18 * MB
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    #: «Husk meg»: a signed cookie that signs the browser in again for two weeks after the login
    #: (not renewed by use); logout or a new password ends it sooner (see User.session_version)
    REMEMBER_COOKIE_DURATION = timedelta(days=REMEMBER_DAYS)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    TIMEZONE = "Europe/Oslo"
    #: Invitation links stop working when the round closes, or this many days after
    LINK_DAYS_AFTER_CLOSE = 0
    #: Rate limits (Flask-Limiter); memory:// counts per process, use redis:// with several machines
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    #: Per-account lockout (app/auth/lockout.py), counted in the same store: after this many failed
    #: sign-ins for one e-mail address it is locked for 1 minute, then 2, 4 … up to an hour
    LOGIN_LOCKOUT_AFTER = 5
    LOGIN_LOCKOUT_FIRST_SECONDS = 60
    LOGIN_LOCKOUT_MAX_SECONDS = 3600
    #: Failed sign-ins are forgotten this long after the first of them (and at a successful one)
    LOGIN_FAILURE_WINDOW_SECONDS = 24 * 3600
    #: Number of reverse proxies in front (nginx: 1) whose X-Forwarded-* headers are trusted
    PROXY_FIX = 0
    #: Public address used in invitation links sent by e-mail
    BASE_URL = "http://127.0.0.1:5000"
    MAIL_SENDER = "Høring <noreply@horing.local>"
    #: "log" writes each message to the log and to MAIL_OUTBOX_DIR; "memory" keeps them in the app (tests)
    MAIL_BACKEND = "log"
    MAIL_OUTBOX_DIR = DEFAULT_INSTANCE_DIR / "outbox"
    #: MAIL_BACKEND=smtp: the server, and STARTTLS (MAIL_USE_TLS) or TLS from the start (MAIL_USE_SSL)
    MAIL_SERVER = "localhost"
    MAIL_PORT = None
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    #: Seconds to wait for the SMTP server before the message counts as failed
    MAIL_TIMEOUT = 20.0
    #: The task queue: HUEY_URL=redis://… for Redis, else SQLite in HUEY_FILENAME; HUEY_IMMEDIATE runs tasks inline
    HUEY_URL = ""
    HUEY_FILENAME = DEFAULT_INSTANCE_DIR / "huey.sqlite"
    HUEY_IMMEDIATE = False
    TESTING = False
    DEBUG = False

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        mro = type(self).__mro__
        pinned_by = mro[:mro.index(Config)]  # the subclasses, whose own class attributes win
        for name, value in _from_environment(env).items():
            if not any(name in cls.__dict__ for cls in pinned_by):
                setattr(self, name, value)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Config:
        """This configuration with the environment (os.environ unless given) read now."""
        return cls(environ)

    @staticmethod
    def database_url(default: str, environ: Mapping[str, str] | None = None) -> str:
        """DATABASE_URL (or `default`) in the form SQLAlchemy 2 wants."""
        url = (os.environ if environ is None else environ).get("DATABASE_URL", default)
        # Heroku-style URLs name the old driver; SQLAlchemy 2 wants postgresql+psycopg.
        if url.startswith("postgres://"):
            url = "postgresql://" + url.removeprefix("postgres://")
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        return url


class DevelopmentConfig(Config):
    """Local use with `make run` (HORING_ENV=development): SQLite under instance/, a generated secret."""

    ENVIRONMENT = "development"
    DEBUG = True

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        super().__init__(environ)
        env = os.environ if environ is None else environ
        self.SECRET_KEY = env.get("SECRET_KEY") or _development_secret(self.INSTANCE_DIR)
        self.SQLALCHEMY_DATABASE_URI = self.database_url(_sqlite_url(self.INSTANCE_DIR, "horing.sqlite"), env)


class TestConfig(Config):
    """The test suite: a temporary database set by the fixtures, fast password hashing."""

    __test__ = False  # not a test class, whatever pytest thinks of its name
    ENVIRONMENT = "test"
    TESTING = True
    WTF_CSRF_ENABLED = False
    SECRET_KEY = "test-only-secret"
    MAIL_BACKEND = "memory"
    RATELIMIT_ENABLED = False
    #: Background tasks run inside the request that queues them
    HUEY_IMMEDIATE = True
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    SQLALCHEMY_DATABASE_URI = "sqlite://"


class ProductionConfig(Config):
    """Behind gunicorn, and whenever HORING_ENV is unset: secrets only from the environment, secure cookies."""

    ENVIRONMENT = "production"

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        super().__init__(environ)
        env = os.environ if environ is None else environ
        # Cookies go over HTTPS only; HORING_COOKIE_SECURE=0 exists for load tests on plain-HTTP loopback.
        secure = env.get("HORING_COOKIE_SECURE", "1") != "0"
        self.SESSION_COOKIE_SECURE = self.REMEMBER_COOKIE_SECURE = secure
        key = env.get("SECRET_KEY")
        if not key:
            raise RuntimeError("SECRET_KEY must be set in the environment in production (HORING_ENV unset or "
                               "production); for local use set HORING_ENV=development, as `make run` does")
        self.SECRET_KEY = key
        self.SQLALCHEMY_DATABASE_URI = self.database_url(_sqlite_url(self.INSTANCE_DIR, "horing.sqlite"), env)


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def config_from_environment() -> Config:
    """The configuration named by HORING_ENV: production unless development or test is asked for."""
    name = os.environ.get("HORING_ENV") or "production"
    try:
        config_class = CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"HORING_ENV must be one of {', '.join(CONFIGS)}, not {name!r}") from None
    return config_class.from_env()


def check_server(settings: Mapping) -> None:
    """Refuse to be served by gunicorn with anything but production settings and shared limit storage.

    gunicorn sets SERVER_SOFTWARE in its environment before it loads the app. The test configuration
    is let through only when the test code that built it set GUNICORN_TEST_SERVER (tests/fault_app.py):
    no environment variable can turn it on, so `HORING_ENV=test gunicorn 'app:create_app()'` is refused.
    """
    if not os.environ.get("SERVER_SOFTWARE", "").startswith("gunicorn/"):
        return
    environment = settings.get("ENVIRONMENT")
    if environment == "test" and settings.get("GUNICORN_TEST_SERVER"):
        return
    if environment != "production":
        raise RuntimeError(f"gunicorn serves only the production configuration, not HORING_ENV={environment or '?'}: "
                           "unset HORING_ENV (or set it to production) and set SECRET_KEY. "
                           "HORING_ENV=development is for `make run` (the Flask development server).")
    if settings["RATELIMIT_STORAGE_URI"].startswith("memory://"):
        raise RuntimeError("RATELIMIT_STORAGE_URI is memory://, so each gunicorn worker would count rate limits "
                           "and failed logins on its own: set RATELIMIT_STORAGE_URI=redis://… (the Redis that "
                           "HUEY_URL can name).")
