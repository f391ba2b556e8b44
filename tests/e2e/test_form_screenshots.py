"""Screenshots of the consultee's form and receipt for docs/screenshots/ (desktop 1280, mobile 390).

Run on demand: SCREENSHOTS=after .venv/bin/pytest tests/e2e/test_form_screenshots.py
(SCREENSHOTS=before was run once on the code before the form was reworked).
"""
from __future__ import annotations

import os

import pytest

from tests.e2e.conftest import ROOT, LiveServer

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(not os.environ.get("SCREENSHOTS"), reason="SCREENSHOTS not set")]

SHOTS = ROOT / "docs" / "screenshots"


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_screenshots_of_form_top_and_receipt(open_page, live_server: LiveServer, width, height):
    stage = os.environ["SCREENSHOTS"]
    page = open_page()
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"/svar/{live_server.tokens['Buskerud fylkeskommune']}")
    page.screenshot(path=str(SHOTS / f"form-{stage}-{width}.png"))
    page.goto(f"/svar/{live_server.tokens['Kongsberg kommune']}/kvittering/1")
    page.screenshot(path=str(SHOTS / f"receipt-{stage}-{width}.png"), full_page=True)
