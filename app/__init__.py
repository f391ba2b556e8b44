"""Høring: consultation rounds for regional councils and their municipalities."""
from __future__ import annotations

import logging

import flask_babel
from flask import Flask

from app.config import Config, check_server, config_from_environment


def create_app(config: Config | type[Config] | None = None) -> Flask:
    """Build the application; the configuration (HORING_ENV's unless given) reads the environment now."""
    app = Flask(__name__, template_folder="../templates", instance_relative_config=False)
    if config is None:
        config = config_from_environment()
    elif isinstance(config, type):
        config = config.from_env()
    app.config.from_object(config)
    check_server(app.config)
    configure_logging(app)
    register_extensions(app)
    register_blueprints(app)
    register_published_edition(app)
    register_static_files(app)
    register_template_helpers(app)
    register_error_handlers(app)
    register_security(app)
    register_commands(app)
    return app


def configure_logging(app: Flask) -> None:
    """The app's own messages (e-mails sent, jobs run) at INFO on stderr."""
    logger = logging.getLogger("app")
    logger.setLevel(logging.INFO)
    if not logger.handlers and not app.testing:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)


def register_extensions(app: Flask) -> None:
    from flask_babel import lazy_gettext

    from app import mail, models, tasks  # noqa: F401  (models registers the tables)
    from app.auth import lockout
    from app.auth.access import load_user
    from app.extensions import babel, csrf, db, limiter, login_manager, migrate
    from app.i18n import DEFAULT_LOCALE, forget_cached_locale, select_locale

    db.init_app(app)
    mail.init_app(app)
    tasks.huey.init_app(app)
    migrate.init_app(app, db, directory=str(app.config.get("MIGRATIONS_DIR", "migrations")))
    csrf.init_app(app)
    limiter.init_app(app)
    lockout.init_app(app)
    babel.init_app(app, locale_selector=select_locale, default_locale=DEFAULT_LOCALE,
                   default_timezone=app.config["TIMEZONE"])
    app.before_request(forget_cached_locale)
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = lazy_gettext("Logg inn for å se denne siden.")
    login_manager.login_message_category = "info"
    login_manager.localize_callback = str  # the message is lazy: translate it when flashed


def register_blueprints(app: Flask) -> None:
    from app.blueprints import BLUEPRINTS

    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)


def register_published_edition(app: Flask) -> None:
    """The archive package (app.reports) holds the summary as the public was given it, which app.publication makes;
    publication depends on reports, so the factory, which assembles both, hands the archive that function."""
    from app.publication.services import published_edition
    from app.reports.archive import PUBLISHED_EDITION

    app.extensions[PUBLISHED_EDITION] = published_edition


def register_static_files(app: Flask) -> None:
    from app import static_files

    static_files.register(app)


def register_template_helpers(app: Flask) -> None:
    from app import timeutil
    from app.consultees.names import display_name, greeting_name
    from app.i18n import LANGUAGE_NAMES, current_locale
    from app.positions import Position
    from app.publication import redaction
    from app.reports.chart import bars
    from app.reports.docx_writer import heading_text
    from app.reports.summary import half_up, mean_rank_text, yes_no_sentence
    from app.responses import labels
    from app.responses.receipt import whole_kb
    from app.snapshot import ADOPTED_BY_LABELS, POSITION_LABELS, POSITION_LETTERS, position_legend
    from nlp.standard import written_standard

    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["local_datetime"] = timeutil.format_local_datetime
    app.jinja_env.filters["local_date"] = timeutil.format_local_date
    app.jinja_env.filters["long_date"] = timeutil.format_long_date
    app.jinja_env.filters["long_date_iso"] = timeutil.format_iso_long_date
    app.jinja_env.filters["time_left"] = timeutil.format_time_left
    # 0,66 in Norwegian, 0.66 in English; a half rounded up (2,25 → 2,3)
    app.jinja_env.filters["decimal"] = lambda value, places=2: flask_babel.format_decimal(
        half_up(value, places), "0." + "0" * places)
    # 20 000 in Norwegian, 20,000 in English
    app.jinja_env.filters["number"] = flask_babel.format_number
    app.jinja_env.filters["mean_rank"] = mean_rank_text
    app.jinja_env.filters["whole_kb"] = whole_kb
    app.jinja_env.filters["heading"] = heading_text  # a question or label as a heading: no closing full stop
    app.jinja_env.globals["yes_no_sentence"] = yes_no_sentence
    app.jinja_env.filters["short_datetime"] = timeutil.format_short_datetime
    app.jinja_env.filters["consultee_name"] = display_name
    app.jinja_env.filters["greeting_name"] = greeting_name
    # "nn" or "nb" for a text whose words lean that way, "" otherwise: the `lang` of a consultee's own words
    app.jinja_env.filters["written_in"] = lambda text: written_standard(text or "") or ""
    app.jinja_env.globals["now_utc"] = timeutil.utcnow
    # The round's passages withheld from the public, to mark quotes on staff and council pages (a global,
    # not an import: the report package must not depend on publication, which depends on it)
    app.jinja_env.globals["withheld_in"] = redaction.withheld
    app.jinja_env.globals["current_locale"] = current_locale
    app.jinja_env.globals["language_names"] = LANGUAGE_NAMES
    app.jinja_env.globals["Position"] = Position  # the one vocabulary: code, colour, pattern, class, in form order
    app.jinja_env.globals["position_labels"] = POSITION_LABELS
    app.jinja_env.globals["position_letters"] = POSITION_LETTERS
    app.jinja_env.globals["position_legend"] = position_legend
    app.jinja_env.globals["chart_bars"] = bars
    app.jinja_env.globals["adopted_by_labels"] = ADOPTED_BY_LABELS
    labels.register(app)  # the answers' and receipt's words in every language, from the catalogs


def register_error_handlers(app: Flask) -> None:
    from app.error_pages import register

    register(app)


def register_security(app: Flask) -> None:
    from app.security import register

    register(app)


def register_commands(app: Flask) -> None:
    from app.cli import register

    register(app)
