"""The public round page and list in the browser, and the header and tab bar on a phone.

With HORING_SCREENSHOTS=1 the pages are saved under docs/screenshots/ (public-round-*.png, mobile-header-after.png).
"""
from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from app.extensions import db
from tests.e2e.conftest import DEMO_SLUG, ROOT, SECRETARIAT
from tests.e2e.test_pages_accessible import axe_violations, describe

pytestmark = pytest.mark.e2e

WIDTHS = {"desktop": 1280, "mobile": 390}
#: The header on a 390 px wide phone stays below this height (it took 240 px with everything in rows)
MAX_MOBILE_HEADER = 64
SCREENSHOTS = ROOT / "docs" / "screenshots"


@pytest.fixture(scope="module")
def open_to_all(live_server, rounds):
    """The demo round takes answers from anyone for this module (restored after)."""
    from app.models import Consultation

    def set_flag(value: bool) -> None:
        with live_server.app.app_context():
            demo = db.session.scalar(db.select(Consultation).where(Consultation.slug == DEMO_SLUG))
            demo.is_open_to_public = value
            db.session.commit()
            db.session.remove()

    set_flag(True)
    yield rounds
    set_flag(False)


def save(page, name: str, full_page: bool = True) -> None:
    if os.environ.get("HORING_SCREENSHOTS"):
        page.screenshot(path=str(SCREENSHOTS / name), full_page=full_page)


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("which", ["open", "published"])
def test_the_public_round_page_reads_well_and_is_axe_clean(open_page, live_server, open_to_all, width, which):
    page = open_page()
    page.set_viewport_size({"width": width, "height": 900})
    slug = open_to_all["demo" if which == "open" else "published"]["slug"]
    response = page.goto(live_server.path("public.round_page", slug=slug))
    assert response is not None and response.ok
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    if which == "open":
        expect(page.get_by_role("link", name="Gi innspill")).to_be_visible()
    else:
        # no theme of this round is assessed: the heading says only what was said
        expect(page.get_by_role("heading", name="Dette kom fram", exact=True)).to_be_visible()
        expect(page.get_by_role("link", name="Les oppsummeringen")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"
    assert width > 390 or header_height(page) < MAX_MOBILE_HEADER
    violations = axe_violations(page)
    assert not violations, describe(violations)
    save(page, f"public-round-{which}-{width}.png")


def test_a_sign_up_half_filled_keeps_what_was_typed_when_the_language_is_switched(open_page, live_server, open_to_all):
    page = open_page()
    page.goto(live_server.path("public.round_page", slug=open_to_all["demo"]["slug"]))
    page.get_by_role("link", name="Gi innspill").click()
    page.get_by_label("Navn", exact=True).fill("Kari Nordmann")
    page.get_by_label("E-post", exact=True).fill("kari@example.no")
    page.get_by_role("navigation", name="Språk").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_label("Name", exact=True)).to_have_value("Kari Nordmann")
    expect(page.get_by_label("E-mail", exact=True)).to_have_value("kari@example.no")
    page.reload()  # kept once: a later visit starts empty
    expect(page.get_by_label("Name", exact=True)).to_have_value("")


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_the_public_list_leads_to_the_rounds_and_is_axe_clean(open_page, live_server, open_to_all, width):
    page = open_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.path("public.index"))
    violations = axe_violations(page)
    assert not violations, describe(violations)
    save(page, f"public-round-list-{width}.png")
    page.get_by_role("link", name="Næringsstrategi for Kongsbergregionen 2025–2028").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Næringsstrategi for Kongsbergregionen 2025–2028")


def header_height(page) -> float:
    return page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
def test_on_a_phone_the_header_is_one_row_and_its_menu_opens(browser, live_server, signed_in, open_page, javascript):
    open_page(SECRETARIAT)  # signs in once through the form, for the cookies
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844}, locale="nb-NO",
                                  storage_state=signed_in[SECRETARIAT], java_script_enabled=javascript)
    try:
        page = context.new_page()
        page.goto(live_server.path("round.reports.council_overview", slug=DEMO_SLUG))
        assert header_height(page) < MAX_MOBILE_HEADER, header_height(page)
        expect(page.get_by_role("button", name="Logg ut")).to_be_hidden()
        page.get_by_text("Meny", exact=True).click()
        expect(page.get_by_role("button", name="Logg ut")).to_be_visible()
        expect(page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Høringer")).to_be_visible()
        assert header_height(page) < MAX_MOBILE_HEADER  # the menu opens over the page, the header keeps its size
        violations = axe_violations(page) if javascript else []
        assert not violations, describe(violations)
        if javascript:
            save(page, "mobile-header-menu-open.png", full_page=False)
    finally:
        context.close()


def test_on_a_desktop_the_header_keeps_its_row(page_as, live_server):
    page = page_as(SECRETARIAT)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.path("consultations.index"))
    expect(page.get_by_role("button", name="Logg ut")).to_be_visible()
    expect(page.get_by_text("Meny", exact=True)).to_be_hidden()


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
def test_on_a_phone_the_tab_bar_shows_that_it_scrolls_and_where_the_current_tab_is(
        browser, live_server, signed_in, open_page, javascript):
    open_page(SECRETARIAT)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844}, locale="nb-NO",
                                  storage_state=signed_in[SECRETARIAT], java_script_enabled=javascript)
    try:
        page = context.new_page()
        page.goto(live_server.path("round.meetings.index", slug=DEMO_SLUG))  # «Dialogmøter», far to the right
        nav = page.locator(".round-nav")
        sizes = nav.evaluate("n => ({scroll: n.scrollWidth, client: n.clientWidth, left: n.scrollLeft})")
        assert sizes["scroll"] > sizes["client"], "the tabs fit: this test needs a bar that scrolls"
        current = page.locator(".round-nav [aria-current]")
        expect(current).to_have_text("Dialogmøter")
        box, bar = current.bounding_box(), nav.bounding_box()
        assert bar["x"] <= box["x"] and box["x"] + box["width"] <= bar["x"] + bar["width"], (box, bar)
        # The hint: the shadows are part of the bar's background, and the left one shows once it has scrolled.
        background = nav.evaluate("n => getComputedStyle(n).backgroundImage")
        assert background.count("linear-gradient") == 4, background
        assert sizes["left"] > 0 or javascript is False
        if javascript:
            save(page, "mobile-header-after.png", full_page=False)  # the same page as mobile-header-before.png
        page.goto(live_server.path("round.show", slug=DEMO_SLUG))  # the first tab: the bar starts at 0
        assert nav.evaluate("n => n.scrollLeft") == 0
    finally:
        context.close()
