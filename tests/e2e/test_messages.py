"""What a page says about what just happened, heard by a screen reader: the message after a step is focused
when the page it leads to has loaded (a message box already in the page is not reliably announced); a page that
comes back to a place on it (#fa-3, #utkast) has the message there, focused, with that place in view."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_SLUG, SECRETARIAT, LiveServer

pytestmark = pytest.mark.e2e

TITLE = "Strategi for kulturarv i Kongsbergregionen"
#: Enough focus areas for the last of them to be out of view when their page opens
AREAS = ["Kulturminner", *(f"Satsing {n}" for n in range(2, 13))]
#: Whether an element is inside the viewport
IN_VIEW = "e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }"


def open_round(live_server: LiveServer) -> str:
    """A round of the demo's region, open with one consultee invited; its slug."""
    from app.consultations import services as consultations
    from app.consultations import structure
    from app.extensions import db
    from app.invitations import services as invitations
    from app.models import Consultation, Language
    from app.timeutil import utcnow

    with live_server.app.app_context():
        demo = db.session.scalar(db.select(Consultation).where(Consultation.slug == DEMO_SLUG))
        now = utcnow()
        consultation = consultations.create_consultation(
            demo.region, title=TITLE, description="En høring å avslutte.", opens_at=now - timedelta(days=1),
            deadline_at=now + timedelta(days=30), language=Language.BOKMAL)
        for title in AREAS:
            structure.add_focus_area(consultation, title=title, group=None, description="", keywords="")
        invitations.invite(consultation, [demo.invitations[0].consultee], now=now)
        consultations.open_consultation(consultation, now=now)
        db.session.commit()
        slug = consultation.slug
        db.session.remove()
    return slug


def test_the_message_after_closing_a_round_is_focused_on_the_page_it_leads_to(open_page, live_server):
    page = open_page(SECRETARIAT)
    page.goto(live_server.path("round.show", slug=open_round(live_server)))
    page.get_by_role("link", name="Avslutt høringen").click()
    page.get_by_role("button", name="Ja, avslutte høringen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    focused = page.locator(":focus")
    expect(focused).to_have_text("Høringen er avsluttet. Nye svar tas ikke imot.")
    # the box holds only the messages, and its text is what a screen reader reads (no live role said twice)
    assert focused.evaluate("e => e.closest('main') !== null && !e.querySelector('[role=alert], [role=status]')")


def close_round(live_server: LiveServer, slug: str) -> None:
    """Close the round, as a colleague in another tab would."""
    from app.consultations import services as consultations
    from app.extensions import db
    from app.models import Consultation
    from app.timeutil import utcnow

    with live_server.app.app_context():
        consultation = db.session.scalar(db.select(Consultation).where(Consultation.slug == slug))
        consultations.close_consultation(consultation, now=utcnow())
        db.session.commit()
        db.session.remove()


def assert_message_focused_at(page, anchor: str, text: str) -> None:
    """The page came back at `anchor` with the message `text` focused beside it, both in view."""
    page.wait_for_load_state()
    assert page.url.endswith(f"#{anchor}"), page.url
    focused = page.locator(":focus")
    expect(focused).to_have_text(text)
    assert focused.evaluate("e => e.matches('.flashes') && !e.querySelector('[role=alert], [role=status]')")
    # beside the place: just before it, or first in it (a list item)
    assert focused.evaluate(f"e => e.nextElementSibling?.id === '{anchor}' || e.parentElement.id === '{anchor}'")
    assert focused.evaluate(IN_VIEW), "the message is out of view"
    assert page.locator(f"#{anchor}").evaluate(IN_VIEW), f"#{anchor} is out of view"


def test_a_refused_move_of_a_focus_area_is_said_at_the_focus_area(open_page, live_server):
    slug = open_round(live_server)
    page = open_page(SECRETARIAT)
    page.set_viewport_size({"width": 1280, "height": 600})
    page.goto(live_server.path("round.focus_areas", slug=slug))
    close_round(live_server, slug)  # the page is still open: its buttons are there
    last = page.locator("ol.editable-list > li").last
    anchor = last.get_attribute("id")
    last.get_by_role("button", name=f"Flytt «{AREAS[-1]}» opp").click()

    assert_message_focused_at(page, anchor, "Satsingsområder og spørsmål er låst fordi høringen har fått svar "
                                            "eller er avsluttet.")
    assert page.evaluate("window.scrollY") > 0


def test_a_new_version_of_the_draft_is_said_at_the_draft(open_page, live_server):
    slug = open_round(live_server)
    page = open_page(SECRETARIAT)
    page.set_viewport_size({"width": 1280, "height": 600})
    page.goto(live_server.path("round.draft", slug=slug))
    page.get_by_label("… eller lim inn teksten").fill("Kulturarven er en felles ressurs.")
    page.get_by_label(re.compile("^Send e-post til de inviterte")).uncheck()
    page.get_by_role("button", name="Lagre utkastet").click()

    assert_message_focused_at(page, "utkast", "Versjon 1 av utkastet er lagret.")


def test_after_a_move_the_keyboard_goes_on_from_the_same_arrow_of_the_moved_item(open_page, live_server):
    slug = open_round(live_server)
    page = open_page(SECRETARIAT)
    page.goto(live_server.path("round.focus_areas", slug=slug))
    down = f"Flytt «{AREAS[0]}» ned"
    page.get_by_role("button", name=down).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(":focus")).to_have_attribute("aria-label", down)
    with page.expect_navigation():
        page.keyboard.press("Enter")  # once more, from where the keyboard is
    expect(page.locator("ol.editable-list > li strong")).to_have_text([AREAS[1], AREAS[2], AREAS[0], *AREAS[3:]])
    expect(page.locator(":focus")).to_have_attribute("aria-label", down)

    # moved to the top, the item has no ↑ any more: the keyboard goes on from its ↓
    with page.expect_navigation():
        page.get_by_role("button", name=f"Flytt «{AREAS[2]}» opp").click()
    expect(page.locator("ol.editable-list > li strong").first).to_have_text(AREAS[2])
    expect(page.locator(":focus")).to_have_attribute("aria-label", f"Flytt «{AREAS[2]}» ned")
