"""The way back above a page's title: one arrow before the first crumb, one separator between crumbs."""
from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import DEMO_SLUG, SECRETARIAT

pytestmark = pytest.mark.e2e

#: The breadcrumb as it is seen: its text with what the style sheet puts before each link
SEEN = """b => [...b.childNodes].map(n => n.nodeType !== 1 ? n.textContent
    : getComputedStyle(n, '::before').content.replace(/^none$/, '').replace(/^"(.*)"$/, '$1') + n.textContent).join('')"""


@pytest.mark.parametrize(("endpoint", "crumbs"), [("round.reports.files", 2), ("round.reports.archive", 2),
                                                  ("round.reports.page", 1)])
def test_each_crumb_has_one_separator_before_it(page_as, live_server, endpoint, crumbs):
    page = page_as(SECRETARIAT)
    page.goto(live_server.path(endpoint, slug=DEMO_SLUG))
    breadcrumb = page.locator(".breadcrumb")
    assert breadcrumb.locator("a").count() == crumbs
    seen = breadcrumb.evaluate(SEEN).strip()
    assert re.fullmatch(r"← [^←›]+( › [^←›]+)*", seen) and len(re.findall("[←›]", seen)) == crumbs, seen
