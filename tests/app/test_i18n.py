"""Languages: complete catalogs, a current template, no unwrapped text, and the locale each page speaks."""
from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from jinja2 import Environment

from app.models import Language
from tests.conftest import make_consultation
from tests.factories import open_round_for

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "app" / "translations"
CATALOG_LOCALES = ("nn", "en")


def _ids(catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def _catalog(locale: str):
    with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", "rb") as file:
        return read_po(file, locale=locale)


def _template():
    with open(TRANSLATIONS / "messages.pot", "rb") as file:
        return read_po(file)


# --- catalogs --------------------------------------------------------------------------------------

@pytest.mark.parametrize("locale", CATALOG_LOCALES)
def test_every_msgid_is_translated_and_none_is_fuzzy(locale):
    catalog = _catalog(locale)
    assert _ids(catalog) == _ids(_template()), "run `make messages` and translate the new strings"
    for message in catalog:
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(form.strip() for form in forms), f"{locale}: no translation for {message.id!r}"
        assert not message.fuzzy, f"{locale}: fuzzy translation for {message.id!r}"


def test_nynorsk_writes_one_form_of_each_word_that_has_two():
    """Nynorsk allows «gje» and «gi», «vart» and «blei», «òg» and «også» …: the interface keeps to one of each."""
    other_forms = re.compile(r"\b(gi|gir|gitt|grunngi|blei|vert|fremdeles|også|me|lenka)\b", re.IGNORECASE)
    found = {message.id: other_forms.findall(message.string) for message in _catalog("nn")
             if message.id and isinstance(message.string, str) and other_forms.search(message.string)}
    assert not found, f"use «gje/gjev/gjeve», «grunngje», «vart», «blir», «framleis», «òg», «vi», «lenkja»: {found}"


def test_english_quotes_with_english_quotation_marks():
    found = [message.id for message in _catalog("en") if message.id
             and any("«" in text or "»" in text for text in ([message.string] if isinstance(message.string, str)
                                                               else message.string))]
    assert not found, f"write “…” in English: {found}"


def test_nynorsk_writes_the_nynorsk_plural_of_the_words_the_reports_lean_on():
    """«merknadane», «kommunane», «instansane», «svara», «satsingsområda», not bokmål's «-ene»."""
    bokmal = re.compile(r"\b(merknadene|kommunene|\w*instansene|svarene|\w*områdene|innspillene|temaene)\b", re.IGNORECASE)
    found = {message.id: bokmal.findall(message.string) for message in _catalog("nn")
             if message.id and isinstance(message.string, str) and bokmal.search(message.string)}
    assert not found, found


@pytest.mark.parametrize("locale", CATALOG_LOCALES)
def test_translations_keep_the_placeholders(locale):
    placeholder = re.compile(r"%\(\w+\)s")
    for message in _catalog(locale):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(placeholder.findall(ids[-1])) - {"%(num)s"}
        for string in strings:
            assert wanted <= set(placeholder.findall(string)), f"{locale}: {message.id!r} loses a placeholder"


def test_messages_pot_is_up_to_date_with_the_sources():
    with open(ROOT / "babel.cfg", encoding="utf-8") as file:
        method_map, options_map = parse_mapping_cfg(file)
    keywords = dict(DEFAULT_KEYWORDS, _l=None, lazy_gettext=None)
    skipped = {"__pycache__", "node_modules"}  # as `make messages`: templates/_macros is read too

    def wanted(path: str) -> bool:
        return not (Path(path).name.startswith(".") or Path(path).name in skipped)

    extracted = {message if isinstance(message, str) else message[0]
                 for _file, _line, message, _comments, _context in
                 extract_from_dir(str(ROOT), method_map, options_map, keywords=keywords, directory_filter=wanted)}
    assert extracted == _ids(_template()), "messages.pot is stale: run `make messages`"


# --- templates -------------------------------------------------------------------------------------

#: Visible text that stays as it is in every language: the product's name, the switcher's options
#: (each written in its own language), and the version prefix "v3"
UNTRANSLATED = {"Høring", "Bokmål", "Nynorsk", "English", "v"}
#: Generated documents follow the round's language (nb or nn) themselves, not the reader's
OWN_LANGUAGE_TEMPLATES = {"reports/_body.html"}
LETTERS = re.compile(r"[A-Za-zÆØÅæøå]")
TEXT_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "label"}


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script = 0

    def handle_starttag(self, tag, attrs):
        self._script += tag in ("script", "style")
        self.found += [v for k, v in attrs if k in TEXT_ATTRIBUTES and v and LETTERS.search(v)]

    def handle_endtag(self, tag):
        self._script -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._script and LETTERS.search(data):
            self.found.append(data)


def _looks_like_text(literal: str) -> bool:
    """Norwegian letters, words with a capital, or a capitalised word; not 'button-secondary' or 'BooleanField'."""
    return bool(re.search(r"[æøåÆØÅ]", literal) or (" " in literal.strip() and re.search(r"[A-Z]", literal))
                or re.fullmatch(r"[A-ZÆØÅ][a-zæøå]+", literal))


def untranslated_text(source: str) -> list[str]:
    """Visible text and UI-looking string literals outside _(), gettext() and {% trans %} blocks."""
    env = Environment(extensions=["jinja2.ext.i18n", "jinja2.ext.do"])
    tokens = [t for t in env.lex(source) if t[1] != "whitespace"]
    html, found, in_trans = [], [], False
    for i, (_line, kind, value) in enumerate(tokens):
        previous = tokens[i - 1][2] if i else ""
        if kind == "name" and value in ("trans", "endtrans") and tokens[i - 1][1] == "block_begin":
            in_trans = value == "trans"
        elif kind == "data" and not in_trans:
            html.append(value)
        elif kind in ("variable_begin", "block_begin") and not in_trans:
            html.append(" ")  # an expression's output is not text of the template
        elif kind == "string" and _looks_like_text(value[1:-1]):
            called = previous == "(" and i > 1 and tokens[i - 2][2] in ("_", "gettext", "ngettext")
            plural = previous == "," and "ngettext" in [t[2] for t in tokens[max(0, i - 4):i]]
            if not (called or plural):
                found.append(value)
    parser = _VisibleText()
    parser.feed("".join(html))
    found += [text.strip() for text in parser.found if set(re.findall(r"[A-Za-zÆØÅæøå]+", text)) - UNTRANSLATED]
    return found


def test_templates_have_no_visible_text_outside_gettext():
    offenders = {}
    for path in sorted((ROOT / "templates").rglob("*.html")):
        name = path.relative_to(ROOT / "templates").as_posix()
        if name not in OWN_LANGUAGE_TEMPLATES and (found := untranslated_text(path.read_text(encoding="utf-8"))):
            offenders[name] = found
    assert not offenders, f"wrap these in _() or {{% trans %}}: {offenders}"


def test_the_template_check_finds_unwrapped_text():
    assert untranslated_text("<p>Lagre</p>") == ["Lagre"]
    assert untranslated_text('<a title="Slett">…</a>') == ["Slett"]
    assert untranslated_text("{{ button('Send inn') }}") == ["'Send inn'"]
    assert untranslated_text("<p>{{ _('Lagre') }}</p>{% trans n=1 %}Svar {{ n }}{% endtrans %}") == []


# --- pages -----------------------------------------------------------------------------------------

def _choose(client, code: str, back: str = "/login"):
    return client.post(f"/language/{code}", data={"next": back})


def test_the_default_is_bokmal_even_when_the_browser_asks_for_english(client, db):
    page = client.get("/login", headers={"Accept-Language": "en-US,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="nb" ' in page and "Logg inn" in page and "Sign in" not in page


def test_the_switcher_is_on_the_login_page_with_each_language_named_in_itself(client, db):
    page = client.get("/login").get_data(as_text=True)
    assert re.search(r'<button[^>]*formaction="/language/nn"[^>]*lang="nn"[^>]*>Nynorsk</button>', page)
    assert re.search(r'formaction="/language/nb"[^>]*lang="nb" aria-current="true"', page)
    assert 'lang="en"' in page


def test_the_switcher_sets_the_language_and_returns_to_the_same_page(client, db):
    response = _choose(client, "nn", "/login?next=/consultations")
    assert response.status_code == 302 and response.headers["Location"].endswith("/login?next=/consultations")
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="nn" ' in page and "Hugs meg på denne maskina" in page
    assert re.search(r'lang="nn" aria-current="true"', page)


def test_the_switcher_refuses_other_languages_and_other_sites(client, db):
    response = _choose(client, "sv", "https://example.com/")
    assert not response.headers["Location"].startswith("https://example.com")
    assert '<html lang="nb" ' in client.get("/login").get_data(as_text=True)


@pytest.mark.parametrize(("code", "expected"), [("nn", "Logg inn for å sjå denne sida."),
                                                ("en", "Sign in to see this page.")])
def test_the_login_page_speaks_the_chosen_language(client, db, code, expected):
    _choose(client, code)
    page = client.get("/consultations", follow_redirects=True).get_data(as_text=True)
    assert expected in page and f'<html lang="{code}" ' in page


def test_the_round_list_in_english(client, db, users, consultation):
    from tests.conftest import login

    login(client, users["secretariat"])
    _choose(client, "en", "/consultations/")
    page = client.get("/consultations/").get_data(as_text=True)
    assert "New consultation" in page and "In preparation" in page and "Consultees" in page
    assert "Ny høring" not in page


def test_the_round_list_in_nynorsk(client, db, users, consultation):
    from tests.conftest import login

    login(client, users["secretariat"])
    _choose(client, "nn", "/consultations/")
    page = client.get("/consultations/").get_data(as_text=True)
    assert "Ny høyring" in page and "Høyringsinstansar" in page and "Høyringar" in page


def test_a_consultee_following_its_link_to_a_nynorsk_round_gets_the_nynorsk_ui(client, db, region, consultee_a):
    consultation = make_consultation(db, region, "Regionalplan for Sogn", language=Language.NYNORSK)
    link = f"/svar/{open_round_for(db, consultation, consultee_a)['Tinn kommune']}"
    page = client.get(link, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="nn" ' in page
    assert "Høyringsfrist" in page and "Lagre utkast" in page and "Send inn svaret" in page and "Tid att" in page
    assert "Ikke påbegynt" not in page and "Ikkje påbyrja" in page
    assert 'data-text-saving="Lagrar …"' in page and 'data-text-saved="Lagra {time}"' in page


def test_an_explicit_choice_overrides_the_rounds_language(client, db, region, consultee_a):
    consultation = make_consultation(db, region, "Regionalplan for Sogn", language=Language.NYNORSK)
    link = f"/svar/{open_round_for(db, consultation, consultee_a)['Tinn kommune']}"
    response = _choose(client, "en", link)
    assert response.headers["Location"].endswith(link)
    page = client.get(link).get_data(as_text=True)
    assert '<html lang="en" ' in page and "Submit the response" in page and "Time left" in page
    _choose(client, "nb", link)
    assert "Send inn svaret" in client.get(link).get_data(as_text=True)


def test_a_bokmal_round_stays_bokmal_for_its_consultee(client, db, consultation, consultee_a):
    link = f"/svar/{open_round_for(db, consultation, consultee_a)['Tinn kommune']}"
    page = client.get(link).get_data(as_text=True)
    assert '<html lang="nb" ' in page and "Send inn svaret" in page


def test_flash_messages_and_form_errors_follow_the_language(client, db, users):
    _choose(client, "en")
    page = client.post("/login", data={"email": "", "password": ""}).get_data(as_text=True)
    assert "The form needs correcting" in page and "Enter your e-mail address." in page


def test_error_pages_follow_the_language(client, db):
    _choose(client, "nn")
    page = client.get("/finst-ikkje").get_data(as_text=True)
    assert "Fann ikkje sida" in page


def test_the_invitation_mail_is_written_in_the_rounds_language(client, db, region, consultee_a, outbox):
    consultation = make_consultation(db, region, "Regionalplan for Sogn", language=Language.NYNORSK)
    open_round_for(db, consultation, consultee_a)
    assert any("Opne høyringa og skriv svaret her" in mail.body and mail.subject.startswith("Invitasjon til høyring")
               for mail in outbox)


# --- dates -----------------------------------------------------------------------------------------

def test_dates_follow_the_active_language(app):
    from flask_babel import force_locale

    from app import timeutil

    moment = datetime(2026, 7, 1, 12, 32, tzinfo=UTC)  # 14:32 in Oslo
    with app.test_request_context():
        assert timeutil.format_long_date(moment) == "1. juli 2026"
        assert timeutil.format_local_datetime(moment) == "1. juli 2026 kl. 14:32"
        assert timeutil.format_short_datetime(moment) == "01.07.2026 14:32"
        with force_locale("nn"):
            assert timeutil.format_local_datetime(moment) == "1. juli 2026 kl. 14:32"
            assert timeutil.format_time_left(moment + timedelta(days=3), moment) == "3 dagar"
            assert timeutil.format_time_left(moment + timedelta(days=13, hours=23, minutes=59), moment) == \
                "13 dagar og 23 timar"
        with force_locale("en"):
            assert timeutil.format_local_datetime(moment) == "1 July 2026 at 14:32"
            assert timeutil.format_local_date(moment) == "01/07/2026"
            assert timeutil.format_time_left(moment + timedelta(hours=1), moment) == "60 minutes"
            assert timeutil.format_time_left(moment + timedelta(days=2, hours=1), moment) == "2 days and 1 hour"
        assert timeutil.format_long_date(date(2026, 7, 1), "nn") == "1. juli 2026"
        assert timeutil.format_time_left(moment + timedelta(minutes=1, seconds=5), moment) == "1 minutt"
        # Whole days and hours left, never rounded up to a day that is not there
        assert timeutil.format_time_left(moment + timedelta(days=13, hours=23, minutes=59), moment) == "13 dager og 23 timer"
        assert timeutil.format_time_left(moment + timedelta(days=5, minutes=30), moment) == "5 dager"
        assert timeutil.format_time_left(moment + timedelta(hours=47), moment) == "47 timer"


@pytest.mark.parametrize(("locale", "english"), [("nb", False), ("nn", False), ("en", True)])
def test_wtforms_own_messages_follow_the_language(app, locale, english):
    from flask_babel import force_locale
    from werkzeug.datastructures import MultiDict
    from wtforms import DateField

    from app.forms import Form

    class DayForm(Form):
        day = DateField("Dag")

    with app.test_request_context(), force_locale(locale):
        form = DayForm(formdata=MultiDict({"day": "ikkje ein dato"}))
        form.validate()
        assert form.day.errors and (form.day.errors[0] == "Not a valid date value.") is english


def test_names_listed_inside_a_message_are_quoted_as_the_page_language_quotes(app):
    from flask_babel import force_locale

    from app.i18n import quoted_list

    with app.test_request_context():
        assert quoted_list(["Samferdsel", "Kultur"]) == "«Samferdsel», «Kultur»"
        with force_locale("en"):
            assert quoted_list(["Samferdsel"]) == "“Samferdsel”"
