"""The council lands on the overview of an analysed round and gets the picture at the top: the support
per focus area as a chart whose numbers are text, then the main findings, then the detail."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_SLUG
from tests.e2e.test_pages_accessible import axe_violations, describe

pytestmark = pytest.mark.e2e

COUNCIL = "radet@demo.kongsbergregionen.no"


def test_the_council_lands_on_the_overview_with_the_chart_and_findings_first(open_page, live_server, analysed):
    page = open_page(COUNCIL)
    page.goto(live_server.path("consultations.index"))
    page.get_by_role("link", name="Strategi Kongsbergregionen 2019–2030").click()
    expect(page).to_have_url(re.compile(f"/consultations/{DEMO_SLUG}/overview$"))

    headings = page.get_by_role("heading", level=2).all_inner_texts()
    assert headings[:3] == ["Støtte per satsingsområde", "Hovedfunn", "Innspillene per satsingsområde"], headings
    chart = page.locator(".support-chart li")
    assert chart.count() >= 5
    for row in chart.all():
        # What a screen reader gets: the focus area and its counts in words; the bars themselves are hidden
        text = row.evaluate("li => [...li.querySelectorAll(':not(svg, svg *)')].map(e => e.childNodes)"
                            ".flatMap(n => [...n]).filter(n => n.nodeType === 3).map(n => n.data.trim())"
                            ".filter(Boolean).join(' ')")
        assert re.search(r"\d+ (enig|delvis enig|uenig|ingen merknad)", text), text
        assert not re.search(r"\b0 ", text), text
        assert row.locator("svg").get_attribute("aria-hidden") == "true"
    expect(page.get_by_text("Ikke gjennomgått").first).to_be_visible()
    violations = axe_violations(page)
    assert not violations, describe(violations)
