"""The journeys' pages on a phone: a touch screen 320 or 375 px wide that zooms out to fit what is too wide.

A phone browser does not scroll a too wide page sideways at the width it was given: it widens the layout
viewport to fit it and shows everything smaller. So a page that fits has `innerWidth` equal to the width the
context was made with, and nothing wider than that; `scrollWidth <= innerWidth` alone would pass a page
the phone had zoomed out.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.conftest import DEMO_SLUG, LiveServer

pytestmark = pytest.mark.e2e

COUNCIL = "radet@demo.kongsbergregionen.no"
#: Apple's and WCAG 2.5.5's size for something to tap
TAP = 44


def phone(browser: Browser, live_server: LiveServer, signed_in: dict, width: int, email: str | None = None) -> Page:
    """A page in a phone's context (touch, zooms out to fit), signed in as `email` when given."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 640 if width < 375 else 740},
                                  device_scale_factor=2, is_mobile=True, has_touch=True, locale="nb-NO",
                                  timezone_id="Europe/Oslo", storage_state=signed_in.get(email))
    context.set_default_timeout(15_000)
    return context.new_page()


@pytest.fixture
def open_phone(browser, live_server, signed_in, open_page):
    """`open_phone(width, email=None)`: a phone page, closed after the test."""
    pages: list[Page] = []

    def open_(width: int, email: str | None = None) -> Page:
        if email and email not in signed_in:
            open_page(email)  # signs in once through the form, for the cookies
        pages.append(phone(browser, live_server, signed_in, width, email))
        return pages[-1]

    yield open_
    for page in pages:
        page.context.close()


def assert_fits(page: Page, width: int) -> None:
    """The page was not zoomed out, and nothing in it is wider than the screen."""
    sizes = page.evaluate("({inner: innerWidth, scroll: document.documentElement.scrollWidth})")
    assert sizes == {"inner": width, "scroll": width}, f"{page.url} is wider than the phone: {sizes}"


def pages(live_server: LiveServer, rounds: dict) -> dict[str, tuple[str | None, str]]:
    published = rounds["published"]["slug"]
    return {
        "round": (COUNCIL, live_server.path("round.show", slug=DEMO_SLUG)),
        "overview": (COUNCIL, live_server.path("round.reports.council_overview", slug=DEMO_SLUG)),
        "report": (COUNCIL, live_server.path("round.reports.page", slug=DEMO_SLUG)),
        "report-files": (COUNCIL, live_server.path("round.reports.files", slug=DEMO_SLUG)),
        "public-round": (None, live_server.path("public.round_page", slug=published)),
        "public-summary": (None, live_server.path("public.summary", slug=published)),
        "response-form": (None, f"/svar/{live_server.tokens['Kongsberg kommune']}"),
    }


@pytest.mark.parametrize("width", [320, 375])
@pytest.mark.parametrize("name", ["round", "overview", "report", "report-files", "public-round", "public-summary",
                                  "response-form"])
def test_the_journeys_pages_fit_a_phone(open_phone, live_server, rounds, analysed, name, width):
    email, path = pages(live_server, rounds)[name]
    page = open_phone(width, email)
    response = page.goto(path)
    assert response is not None and response.ok
    assert_fits(page, width)


def test_a_title_of_one_long_compound_word_wraps_inside_the_page_head(open_phone, live_server):
    """The round's title heads a flex row beside its buttons: a word longer than the screen must still break."""
    page = open_phone(320, COUNCIL)
    page.goto(live_server.path("round.show", slug=DEMO_SLUG))
    page.locator(".page-head h1").evaluate("h => h.textContent = 'Regionrådssamarbeidsstrategidokumentutkastet 2030'")
    assert_fits(page, 320)


def test_the_heading_is_smaller_on_a_phone(open_phone, live_server, browser):
    page = open_phone(375)
    page.goto(live_server.path("public.index"))
    size = page.locator("h1").evaluate("h => parseFloat(getComputedStyle(h).fontSize)")
    desktop = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    try:
        wide = desktop.new_page()
        wide.goto(live_server.path("public.index"))
        assert size < wide.locator("h1").evaluate("h => parseFloat(getComputedStyle(h).fontSize)")
    finally:
        desktop.close()


@pytest.mark.parametrize("width", [320, 375])
def test_the_save_bar_keeps_its_buttons_on_one_row_big_enough_to_tap(open_phone, live_server, width):
    page = open_phone(width)
    page.goto(f"/svar/{live_server.tokens['Kongsberg kommune']}")
    boxes = [b.bounding_box() for b in page.locator(".sticky-actions .ds-button").all()]
    assert len(boxes) == 2, boxes
    assert boxes[0]["y"] == boxes[1]["y"], f"the buttons wrap onto two rows: {boxes}"
    assert all(b["height"] >= TAP for b in boxes), boxes
    assert page.locator(".sticky-actions").bounding_box()["height"] <= 0.15 * page.viewport_size["height"]


def test_each_position_is_a_tap_target_of_its_own(open_phone, live_server):
    """«Enig» and «Uenig» lie one above the other: each label (which checks its radio) is tall enough to tap."""
    page = open_phone(375)
    page.goto(f"/svar/{live_server.tokens['Kongsberg kommune']}")
    labels = page.locator(".focus-answer .radio-group .ds-field label")
    assert labels.count() >= 4
    heights = labels.evaluate_all("ls => ls.map(l => l.getBoundingClientRect().height)")
    assert min(heights) >= TAP, heights
    labels.nth(2).tap()  # the third option of the first focus area
    assert page.locator(".focus-answer .radio-group input[type=radio]").nth(2).is_checked()


@pytest.mark.parametrize("email", [None, COUNCIL], ids=["anonymous", "council"])
def test_the_phone_menu_items_are_big_enough_to_tap(open_phone, live_server, email):
    page = open_phone(375, email)
    page.goto(live_server.path("public.index"))
    page.locator(".header-menu > summary").tap()
    items = page.locator(".brand, .header-menu-body :is(a, button)")
    assert items.count() >= 4
    small = [(text, box) for text, box in items.evaluate_all(
        "xs => xs.map(x => [x.textContent.trim(), x.getBoundingClientRect().height])") if box < TAP]
    assert not small, small


def test_the_breadcrumb_links_are_big_enough_to_tap(open_phone, live_server):
    page = open_phone(375, COUNCIL)
    page.goto(live_server.path("round.reports.files", slug=DEMO_SLUG))
    heights = page.locator(".breadcrumb a").evaluate_all("xs => xs.map(x => x.getBoundingClientRect().height)")
    assert len(heights) == 2 and min(heights) >= TAP, heights


def test_the_receipt_number_is_kept_on_one_line(open_phone, live_server):
    """At 375 px «Kvitteringsnummer HS-001-0001-2» split after «HS-001-»."""
    page = open_phone(375)
    page.goto(f"/svar/{live_server.tokens['Kongsberg kommune']}")
    page.get_by_role("link", name="Se kvitteringen for det dere sendte inn").click()  # the demo's answer
    number = page.locator(".receipt-number strong")
    lines = number.evaluate("s => s.getClientRects().length")
    assert lines == 1, number.inner_text()


def test_the_folds_open_from_a_summary_big_enough_to_tap(open_phone, live_server, analysed):
    """The overview's «3 sitater» under each theme were 27 px tall, one under each theme's text."""
    page = open_phone(375, COUNCIL)
    page.goto(live_server.path("round.reports.council_overview", slug=DEMO_SLUG))
    summaries = page.locator("main details.quotes > summary")
    assert summaries.count() > 0
    heights = summaries.evaluate_all("xs => xs.map(x => x.getBoundingClientRect().height)")
    assert min(heights) >= TAP, heights


def touching(a: dict, b: dict) -> bool:
    """Whether two boxes overlap or touch (share an edge): a tag with no space to the text under it reads as on it."""
    return a["x"] <= b["x"] + b["width"] and b["x"] <= a["x"] + a["width"] and \
        a["y"] <= b["y"] + b["height"] and b["y"] <= a["y"] + a["height"]


@pytest.mark.parametrize("width", [320, 390])
def test_the_rounds_status_tag_keeps_clear_of_the_facts_under_it(open_phone, live_server, width):
    page = open_phone(width, COUNCIL)
    page.goto(live_server.path("round.show", slug=DEMO_SLUG))
    tag = page.locator(".page-head .ds-tag").bounding_box()
    opened = page.locator(".facts dt").filter(has_text="Åpnet").bounding_box()
    assert not touching(tag, opened), (tag, opened)


@pytest.mark.parametrize("name", ["overview", "report", "public-summary"])
def test_the_combined_ranking_fits_a_phone_and_stays_a_table(open_phone, live_server, rounds, analysed, name):
    email, path = pages(live_server, rounds)[name]
    page = open_phone(320, email)
    page.goto(path)
    table = page.locator("table").filter(has=page.get_by_role("columnheader", name="Borda-poeng"))
    sizes = table.locator("xpath=..").evaluate("w => ({scroll: w.scrollWidth, client: w.clientWidth})")
    assert sizes["scroll"] <= sizes["client"], f"the ranking scrolls sideways at 320 px: {sizes}"
    # a table still, as Chromium tells a screen reader: its column heads, and each focus area a row header
    first = table.locator("tbody th").first.inner_text()
    nodes = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    named = {(n["role"]["value"], n.get("name", {}).get("value")) for n in nodes if not n.get("ignored")}
    assert {("columnheader", "Borda-poeng"), ("columnheader", "Snittplass"), ("rowheader", first)} <= named, named
