"""What a page says about what just happened, heard by a screen reader: the message after a step is focused
when the page it leads to has loaded (a message box already in the page is not reliably announced)."""
from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_SLUG, SECRETARIAT, LiveServer

pytestmark = pytest.mark.e2e

TITLE = "Strategi for kulturarv i Kongsbergregionen"


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
        structure.add_focus_area(consultation, title="Kulturminner", group=None, description="", keywords="")
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
