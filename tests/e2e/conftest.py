"""A live server on loopback with the demo loaded, and headless Chromium driven by Playwright.

The app runs in this process on a thread (werkzeug), on a real SQLite file migrated with the
real migrations, with CSRF on and mail written to an outbox directory, as `make run` does.
Huey runs in immediate mode (HORING_ENV=test, set by tests/conftest.py), so an analysis
started from the page has finished when the page comes back.
"""
from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

import pytest
from flask import Flask, url_for
from flask_migrate import upgrade
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import make_server

from app import create_app
from app.config import TestConfig
from app.extensions import db, limiter
from app.tasks import huey

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
#: Debian's chromium-headless-shell (`make install-test` installs it); E2E_CHROMIUM names another build
#: (E2E_CHROMIUM=/usr/bin/chromium runs the journeys in the full browser)
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium-headless-shell")
#: Without the background-networking flags chromium tries to reach Google and its connections are refused.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DEMO_SLUG = "kongsbergregionen-strategi-2019-2030"
PUBLISHED_TITLE = "Næringsstrategi for Kongsbergregionen 2025–2028"
DRAFT_TITLE = "Strategi for friluftsliv i Kongsbergregionen"
SECRETARIAT = "sekretariat@demo.kongsbergregionen.no"
ADMIN = "admin@demo.kongsbergregionen.no"
CONSULTEE = "tinn@demo.kongsbergregionen.no"


class LiveServerConfig(TestConfig):
    """The test configuration, but with the browser's forms checked for CSRF and mail in an outbox."""

    WTF_CSRF_ENABLED = True
    MAIL_BACKEND = "log"
    MIGRATIONS_DIR = str(ROOT / "migrations")


@dataclass
class LiveServer:
    app: Flask
    url: str
    outbox: Path
    #: Links issued in the fixture for demo consultees, by consultee name
    tokens: dict[str, str]

    def path(self, endpoint: str, **values) -> str:
        """The path of an endpoint, as the app builds it."""
        with self.app.test_request_context():
            return url_for(endpoint, **values)

    def mails_to(self, address: str) -> list:
        """Messages the app wrote to the outbox for `address`, oldest first."""
        messages = (message_from_bytes(p.read_bytes(), policy=default_policy) for p in sorted(self.outbox.glob("*.eml")))
        return [message for message in messages if message["To"] == address]

    def invitation_link(self, address: str, subject: str = "") -> str:
        """The invitation link in the latest message to `address` whose subject holds `subject`."""
        mails = [m for m in self.mails_to(address) if subject in m["Subject"]]
        assert mails, f"no mail to {address} about {subject!r} in {self.outbox}"
        body = mails[-1].get_content()
        match = re.search(r"https?://\S+/svar/[A-Za-z0-9_\-]+", body)
        assert match, body
        return match.group(0)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    """The app with the demo and a published round, served on a free loopback port."""
    directory = tmp_path_factory.mktemp("live")
    config = LiveServerConfig()
    config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{directory / 'horing.sqlite'}"
    config.MAIL_OUTBOX_DIR = directory / "outbox"
    app = create_app(config)

    @app.before_request
    def own_rate_limits() -> None:
        # Flask-Limiter keeps its switch and storage on its one object: an app that a later test module of this
        # process made with limits on (the Redis module's, in a Redis since stopped) would decide here otherwise
        limiter.enabled = app.config["RATELIMIT_ENABLED"]

    assert huey.immediate, "the analysis must run inside the request: HORING_ENV=test before app.tasks is imported"
    server = make_server("127.0.0.1", 0, app, threaded=True)
    app.config["BASE_URL"] = f"http://127.0.0.1:{server.port}"
    with app.app_context():
        upgrade(directory=config.MIGRATIONS_DIR)
        tokens = _load_world()
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(app, app.config["BASE_URL"], config.MAIL_OUTBOX_DIR, tokens)
    finally:
        server.shutdown()
        thread.join(timeout=5)
        with app.app_context():
            db.engine.dispose()


def _load_world() -> dict[str, str]:
    """`flask demo load`, a round taken all the way to published, one still in draft, and links for two consultees."""
    from app.demo import load
    from app.invitations import services as invitations
    from app.models import Consultation
    from app.timeutil import utcnow

    load()
    db.session.commit()
    demo = db.session.scalar(db.select(Consultation).where(Consultation.slug == DEMO_SLUG))
    _published_round(demo)
    _draft_round(demo)
    by_name = {i.consultee.name: i for i in demo.invitations}
    tokens = {name: invitations.issue_link(by_name[name], utcnow())
              for name in ("Buskerud fylkeskommune", "Kongsberg kommune")}
    db.session.commit()
    return tokens


def _published_round(demo) -> None:
    """A round shaped like the demo, answered, closed, reported and published."""
    from app import demo_responses
    from app.consultations import services as consultations
    from app.consultations import structure
    from app.demo import FOCUS_AREAS, demo_draft_docx
    from app.invitations import services as invitations
    from app.models import Language
    from app.timeutil import utcnow

    now = utcnow()
    opened = now - timedelta(days=60)
    consultation = consultations.create_consultation(
        demo.region, title=PUBLISHED_TITLE, description="En tidligere høring som er oppsummert og publisert.",
        opens_at=opened, deadline_at=now - timedelta(days=20), language=Language.BOKMAL)
    for group, title, description in FOCUS_AREAS:
        structure.add_focus_area(consultation, title=title, group=group, description=description, keywords="")
    structure.add_question_set(consultation, "dialogmote")
    consultations.add_draft_file(consultation, filename="naeringsstrategi-utkast.docx", data=demo_draft_docx(),
                                 user=None, max_bytes=10 * 1024 * 1024)
    invitations.invite(consultation, [i.consultee for i in demo.invitations], now=opened)
    consultations.open_consultation(consultation, now=opened)
    demo_responses.add_responses(consultation, now - timedelta(days=10))
    for step in (consultations.close_consultation, consultations.mark_reported, consultations.publish_consultation):
        step(consultation, now=now - timedelta(days=5))
    db.session.commit()


def _draft_round(demo) -> None:
    """A round being prepared: focus areas proposed from its draft, two consultees invited, ready to open."""
    from app.consultations import services as consultations
    from app.demo import demo_draft_docx
    from app.invitations import services as invitations
    from app.models import Language
    from app.timeutil import utcnow

    now = utcnow()
    consultation = consultations.create_consultation(
        demo.region, title=DRAFT_TITLE, description="Et utkast sekretariatet forbereder.",
        opens_at=now, deadline_at=now + timedelta(days=40), language=Language.BOKMAL)
    consultations.add_draft_file(consultation, filename="friluftsliv-utkast.docx", data=demo_draft_docx(),
                                 user=None, max_bytes=10 * 1024 * 1024)
    invitations.invite(consultation, [i.consultee for i in demo.invitations[:2]], now=now)
    db.session.commit()


@pytest.fixture(scope="session")
def rounds(live_server) -> dict[str, dict]:
    """Slug, first focus area, first question and Tinn's id of the demo, published and draft rounds."""
    from app.models import Consultation

    found = {}
    with live_server.app.app_context():
        for key, title in (("demo", None), ("published", PUBLISHED_TITLE), ("draft", DRAFT_TITLE)):
            where = Consultation.slug == DEMO_SLUG if title is None else Consultation.title == title
            consultation = db.session.scalar(db.select(Consultation).where(where))
            tinn = next((i.consultee_id for i in consultation.invitations if i.consultee.name == "Tinn kommune"), None)
            found[key] = {"slug": consultation.slug, "area": consultation.focus_areas[0].id,
                          "question": consultation.questions[0].id, "tinn": tinn}
        db.session.remove()
    return found


@pytest.fixture(scope="session")
def analysed(live_server) -> None:
    """The demo round has an analysis (journey 3 starts one from the page; other tests need only a result)."""
    from app.analysis.jobs import latest_run, run_job, start
    from app.models import Consultation, RunStatus
    from app.timeutil import utcnow

    with live_server.app.app_context():
        demo = db.session.scalar(db.select(Consultation).where(Consultation.slug == DEMO_SLUG))
        latest = latest_run(demo)
        if latest is None or latest.status is not RunStatus.DONE:
            run = start(demo, None, utcnow())
            db.session.commit()
            run_job(run.id)
        db.session.remove()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def signed_in() -> dict[str, dict]:
    """Cookies of each demo user after signing in once through the form, by e-mail."""
    return {}


def _new_page(browser: Browser, live_server: LiveServer, signed_in: dict, email: str | None) -> Page:
    """A page in a fresh browser context, signed in as `email` when given (through the form the first time)."""
    context = browser.new_context(base_url=live_server.url, accept_downloads=True, locale="nb-NO",
                                  timezone_id="Europe/Oslo", storage_state=signed_in.get(email))
    context.set_default_timeout(15_000)
    page = context.new_page()
    if email and email not in signed_in:
        log_in(page, email)
        signed_in[email] = context.storage_state()
    return page


@pytest.fixture
def open_page(request, browser, live_server, signed_in):
    """`open_page(email=None)`: a page in a fresh browser context, signed in as `email` when given.

    When the test fails, every page it opened is saved under tests/e2e/artifacts/ (PNG and HTML).
    """
    pages: list[Page] = []

    def open_(email: str | None = None) -> Page:
        pages.append(_new_page(browser, live_server, signed_in, email))
        return pages[-1]

    yield open_
    _save_artifacts_on_failure(request, pages)
    for page in pages:
        page.context.close()


@pytest.fixture(scope="module")
def kept_pages(browser, live_server, signed_in):
    """One page per user (None: anonymous) kept for the whole module, for tests that only look at pages."""
    pages: dict[str | None, Page] = {}

    def page_for(email: str | None) -> Page:
        if email not in pages:
            pages[email] = _new_page(browser, live_server, signed_in, email)
        return pages[email]

    yield page_for
    for page in pages.values():
        page.context.close()


@pytest.fixture
def page_as(request, kept_pages):
    """`page_as(email=None)`: the module's page for `email`, saved under tests/e2e/artifacts/ when the test fails."""
    used: list[Page] = []

    def page_for(email: str | None = None) -> Page:
        used.append(kept_pages(email))
        return used[-1]

    yield page_for
    _save_artifacts_on_failure(request, used)


def _save_artifacts_on_failure(request, pages: list[Page]) -> None:
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        _save_artifacts(request.node.nodeid, pages)


def log_in(page: Page, email: str, password: str = "demo-passord-2030") -> None:
    """Sign in through the login form."""
    page.goto("/login")
    page.get_by_label("E-post", exact=True).fill(email)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()
    assert "/login" not in page.url, page.content()


def _save_artifacts(nodeid: str, pages: list[Page]) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid)
    for index, page in enumerate(pages):
        if page.is_closed():
            continue
        try:
            page.screenshot(path=str(ARTIFACTS / f"{stem}-{index}.png"), full_page=True)
            (ARTIFACTS / f"{stem}-{index}.html").write_text(page.content(), encoding="utf-8")
        except Exception as error:  # noqa: BLE001 - a broken page must not hide the test's own failure
            (ARTIFACTS / f"{stem}-{index}.txt").write_text(f"could not save the page: {error}\n")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures know in teardown whether the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def pytest_collection_modifyitems(items) -> None:
    """Under `--dist loadgroup` the browser tests would share one worker, and so one live server and one
    Chromium. pytest-xdist 3.8 does not group them under pytest 9 (the group never reaches the node ids),
    so `make test` runs `--dist loadfile`: each browser test file runs whole on one worker, with that
    worker's live server and Chromium."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.xdist_group("e2e"))
