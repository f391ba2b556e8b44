"""The report page shows the Word report's chart beside the combined ranking: bars drawn from the positions'
colours, the figures as text, positions nobody took taking no room, a legend, and no axe violations.

SCREENSHOTS=1 also saves docs/screenshots/report-chart-{1280,390}.png.
"""
from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import expect

from app.positions import Position
from tests.e2e.conftest import DEMO_SLUG, ROOT
from tests.e2e.test_pages_accessible import axe_violations, describe

pytestmark = pytest.mark.e2e

COUNCIL = "radet@demo.kongsbergregionen.no"
SHOTS = ROOT / "docs" / "screenshots"
#: What a screen reader gets of a row: its text outside the (hidden) bar
ROW_TEXT = ("li => [...li.querySelectorAll(':not(svg, svg *)')].map(e => e.childNodes).flatMap(n => [...n])"
            ".filter(n => n.nodeType === 3).map(n => n.data.trim()).filter(Boolean).join(' ')")


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_report_chart_beside_the_ranking(open_page, live_server, analysed, width, height):
    page = open_page(COUNCIL)
    page.set_viewport_size({"width": width, "height": height})
    page.goto(live_server.path("round.reports.page", slug=DEMO_SLUG))

    chart = page.locator(".report .summary .support-chart")
    expect(chart).to_be_visible()
    # In the Word file's order: the ranking, then the chart under its own heading
    headings = page.locator(".report .summary h3").all_inner_texts()
    assert headings[-2:] == ["Samlet rangering", "Standpunkt per satsingsområde"], headings
    legend = page.locator(".report .summary .chart-legend li").all_inner_texts()
    assert legend == ["Enig", "Delvis enig", "Uenig", "Ingen merknad"]

    # the matrix's rows of those who answered (those who did not are rows with empty cells, last)
    answered = page.locator(".report table.matrix tbody tr").evaluate_all(
        "rows => rows.filter(r => [...r.querySelectorAll('td')].some(td => td.textContent.trim())).length")
    rows = chart.locator("li")
    assert rows.count() == 6 and answered >= 5  # the demo's six focus areas, and those who answered
    colours = {p.colour.lower(): p for p in Position}
    for row in rows.all():
        text = row.evaluate(ROW_TEXT)
        assert re.search(r"\d+ (enig|delvis enig|uenig|ingen merknad)", text) and not re.search(r"\b0 ", text), text
        assert row.locator("svg").get_attribute("aria-hidden") == "true"
        # One coloured part per position somebody took, as wide as its share of those who answered
        figures = {label: int(n) for n, label in re.findall(r"(\d+) ([^,]+)", row.locator(".chart-figures").inner_text())}
        parts = row.locator("svg rect[fill^='#']")
        assert parts.count() == len(figures)
        for part in parts.all():
            position = colours[part.get_attribute("fill").lower()]
            share = float(part.get_attribute("width").rstrip("%"))
            assert abs(share - 100 * figures[position.label.lower()] / answered) < 0.01

    violations = axe_violations(page)
    assert not violations, describe(violations)
    if os.environ.get("SCREENSHOTS"):
        page.locator(".report .ranking-chart").screenshot(path=str(SHOTS / f"report-chart-{width}.png"))
