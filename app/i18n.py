"""Language selection: bokmål by default; nynorsk and English come with the translation catalogs."""
from __future__ import annotations

from flask import request, session

SUPPORTED_LOCALES = ("nb", "nn", "en")
DEFAULT_LOCALE = "nb"


def select_locale() -> str:
    """The user's chosen language, else the browser's preference among the supported ones."""
    chosen = session.get("locale")
    if chosen in SUPPORTED_LOCALES:
        return chosen
    return request.accept_languages.best_match(SUPPORTED_LOCALES) or DEFAULT_LOCALE
