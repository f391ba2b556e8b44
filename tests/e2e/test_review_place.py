"""The review page keeps the reviewer's place: after each change it comes back at the comment or theme
acted on, scrolled there with the focus on it, and axe finds nothing on the page as it comes back."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_SLUG, SECRETARIAT
from tests.e2e.test_pages_accessible import axe_violations, describe

pytestmark = pytest.mark.e2e

#: Where the focus is and where it sits in the viewport
FOCUS = """() => { const e = document.activeElement, r = e.getBoundingClientRect();
  return {id: e.id, top: r.top, height: window.innerHeight, scrolled: window.scrollY}; }"""


@pytest.fixture
def review(open_page, live_server, analysed):
    """The secretariat on the demo round's review page, at the focus area with the most themes."""
    from app.extensions import db
    from app.models import Consultation, Theme

    with live_server.app.app_context():
        demo = db.session.scalar(db.select(Consultation).where(Consultation.slug == DEMO_SLUG))
        themes = db.session.scalars(db.select(Theme).where(Theme.consultation_id == demo.id,
                                                           Theme.focus_area_id.is_not(None))).all()
        area = max({t.focus_area_id for t in themes}, key=lambda a: sum(t.focus_area_id == a for t in themes))
        db.session.remove()
    page = open_page(SECRETARIAT)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.path("round.analysis.review_page", slug=DEMO_SLUG, omrade=area))
    return page


def assert_back_at(page, anchor: str, scrolled: bool = True) -> None:
    """The page came back at `anchor`: in the address, focused, inside the viewport, and axe-clean."""
    page.wait_for_load_state()
    assert page.url.endswith(f"#{anchor}"), page.url
    state = page.evaluate(FOCUS)
    assert state["id"] == anchor, state
    assert 0 <= state["top"] < state["height"], state
    if scrolled:
        assert state["scrolled"] > 0, state
    violations = axe_violations(page)
    assert not violations, f"after the change at #{anchor}: {len(violations)} axe violations\n" + describe(violations)


def theme_ids(page) -> list[str]:
    return page.locator("section.theme h2[id^=tema-]").evaluate_all("hs => hs.map(h => h.id)")


def test_confirm_move_rename_and_assess_come_back_to_the_place_acted_on(review):
    page = review
    last = page.locator("li.comment").filter(has=page.get_by_role("button", name="Bekreft", exact=True)).last
    comment = last.get_attribute("id")
    last.get_by_role("button", name="Bekreft", exact=True).click()
    assert_back_at(page, comment)
    expect(page.locator(f"#{comment}")).to_contain_text("Plasseringen er bekreftet.")

    themes = theme_ids(page)
    card = page.locator(f"section.theme:has(h2#{themes[0]}) li.comment").last
    comment = card.get_attribute("id")
    card.get_by_label("Flytt innspillet til").select_option(value=f"theme:{themes[-1].removeprefix('tema-')}")
    card.get_by_role("button", name="Flytt", exact=True).click()
    assert_back_at(page, comment)
    expect(page.locator(f"section.theme:has(h2#{themes[-1]}) #{comment}")).to_be_visible()

    section = page.locator(f"section.theme:has(h2#{themes[-1]})")
    name = section.get_by_label("Nytt navn på temaet")
    original = name.input_value()
    name.fill(f"{original} og mer")
    section.get_by_role("button", name="Gi nytt navn").click()
    assert_back_at(page, themes[-1])
    expect(page.locator(f"h2#{themes[-1]}")).to_have_text(f"{original} og mer")
    page.locator(f"section.theme:has(h2#{themes[-1]})").get_by_label("Nytt navn på temaet").fill(original)
    page.locator(f"section.theme:has(h2#{themes[-1]})").get_by_role("button", name="Gi nytt navn").click()
    assert_back_at(page, themes[-1])

    section = page.locator(f"section.theme:has(h2#{themes[-1]})")
    section.get_by_label("Vurdering").select_option(label="Til orientering")
    section.get_by_label("Begrunnelse").fill("Tas med i arbeidet med handlingsplanen.")
    section.get_by_role("button", name="Lagre vurdering").click()
    assert_back_at(page, themes[-1])
    expect(page.locator(f"section.theme:has(h2#{themes[-1]})").get_by_label("Begrunnelse")).to_have_value(
        "Tas med i arbeidet med handlingsplanen.")


def test_a_merge_asks_naming_both_themes_comes_back_at_the_merged_theme_and_can_be_undone(review):
    page = review
    source, target = theme_ids(page)[-1], theme_ids(page)[0]
    source_name = page.locator(f"h2#{source}").inner_text()
    target_name = page.locator(f"h2#{target}").inner_text()
    source_comments = page.locator(f"section.theme:has(h2#{source}) li.comment").evaluate_all("li => li.map(l => l.id)")
    section = page.locator(f"section.theme:has(h2#{source})")
    section.get_by_label("Slå sammen med temaet").select_option(label=target_name)
    section.get_by_role("button", name="Slå sammen …").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Slå sammen «{source_name}» med «{target_name}»?")
    violations = axe_violations(page)
    assert not violations, describe(violations)
    page.get_by_role("button", name="Ja, slå sammen").click()

    assert_back_at(page, target, scrolled=False)
    expect(page.locator(f"h2#{source}")).to_have_count(0)
    notice = page.locator(f"section.theme:has(h2#{target}) .undo-merge")
    expect(notice).to_contain_text(f"«{source_name}» ble slått sammen med dette temaet")
    notice.get_by_role("button", name="Angre sammenslåingen").click()

    assert_back_at(page, source)
    expect(page.locator(f"h2#{source}")).to_have_text(source_name)
    expect(page.locator(f"h2#{target}")).to_have_text(target_name)
    restored = page.locator(f"section.theme:has(h2#{source}) li.comment").evaluate_all("li => li.map(l => l.id)")
    assert restored == source_comments
    expect(page.get_by_text(re.compile("Sammenslåingen er angret"))).to_be_visible()
    expect(page.locator(".undo-merge")).to_have_count(0)
