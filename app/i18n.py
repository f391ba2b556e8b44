"""Language selection: bokmål by default, nynorsk and English from the catalogs in app/translations.

The msgids are the bokmål texts themselves: bokmål is the source language, so it needs no catalog
(a string with no translation shows its msgid). nynorsk (nn) and English (en) have one catalog each.

The language of a request is, in this order:

1. the user's explicit choice, kept in the session by the switcher on every page (POST /language/<code>);
2. on the pages a consultee reaches for one round — the invitation link pages, a consultee account's
   pages for a round, and an open round's sign-up page — the round's language
   (``Consultation.language``, nb or nn), or on a public respondent's link pages the language it
   signed up in (``Invitation.language``), set by those views through ``use_round_language``;
3. otherwise bokmål.

The browser's Accept-Language is deliberately not followed: Norwegian public services default to
bokmål and offer a switcher, and a browser set to English (as headless test browsers are) should
not turn the service English unasked.
"""
from __future__ import annotations

import flask_babel
from flask import g, has_request_context, session

SUPPORTED_LOCALES = ("nb", "nn", "en")
DEFAULT_LOCALE = "nb"
#: The switcher's options, each written in its own language
LANGUAGE_NAMES = (("nb", "Bokmål"), ("nn", "Nynorsk"), ("en", "English"))


def select_locale() -> str:
    """The explicit choice, else the round's language on a consultee's page, else bokmål."""
    if not has_request_context():
        return DEFAULT_LOCALE
    chosen = session.get("locale")
    if chosen in SUPPORTED_LOCALES:
        return chosen
    return g.get("round_language") or DEFAULT_LOCALE


def forget_cached_locale() -> None:
    """Before each request: never reuse a language worked out outside it.

    Flask-Babel caches the locale on `g`; a request that shares an application context with earlier
    work (the test suite, a mail rendered outside a request) would otherwise inherit its language.
    """
    flask_babel.refresh()


def use_round_language(language: str) -> None:
    """On a consultee's page for one round: speak the round's language unless the user chose one."""
    g.round_language = language if language in SUPPORTED_LOCALES else DEFAULT_LOCALE
    flask_babel.refresh()


def current_locale() -> str:
    """The active language code (nb, nn or en); bokmål outside a request."""
    locale = flask_babel.get_locale() if has_request_context() else None
    return str(locale) if locale is not None else DEFAULT_LOCALE


#: Quotation marks around a name inside a sentence, by the language of the page
_QUOTES = {"en": ("“", "”")}


def quoted_list(items) -> str:
    """Names quoted and listed inside a message: «A», «B» on Norwegian pages, “A”, “B” on English ones (as the
    catalogs write quotes)."""
    left, right = _QUOTES.get(current_locale(), ("«", "»"))
    return ", ".join(f"{left}{item}{right}" for item in items)
