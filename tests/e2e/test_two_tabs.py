"""Two tabs on one response in a real browser: the stale tab's autosave stops on the conflict and says so,
and saving from it shows both texts before anything is replaced."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import LiveServer
from tests.e2e.test_pages_accessible import axe_violations, describe

pytestmark = pytest.mark.e2e

FIRST = "Fylkeskommunen vil ha flere ladepunkter langs fylkesveiene."
SECOND = "Fylkeskommunen ber om en egen satsing på gang- og sykkelveier."


def past_the_autosave_delay(page) -> None:
    """Move the page's clock 5 s on, past the 3 s autosave delay, firing what falls due, and give a
    request that this started half a second to be seen (instead of waiting out the 5 s)."""
    page.clock.run_for(5_000)
    page.wait_for_timeout(500)


def test_a_stale_tab_stops_autosaving_and_shows_both_texts_before_replacing(open_page, live_server: LiveServer):
    link = f"/svar/{live_server.tokens['Buskerud fylkeskommune']}"
    first = open_page()
    # The page's timers run on Playwright's clock: in real time, except where the test moves it on
    first.context.clock.install()
    second = first.context.new_page()  # another tab of the same browser
    for tab in (first, second):  # both loaded before either saves
        tab.goto(link)
    autosaves: list[str] = []
    second.on("request", lambda request: autosaves.append(request.url) if request.url.endswith("/autosave") else None)

    first.get_by_role("textbox").first.fill(FIRST)
    first.clock.run_for(3_000)  # the autosave delay, without waiting it out
    expect(first.get_by_role("status").filter(has_text=re.compile(r"^Lagret \d"))).to_be_visible(timeout=20_000)

    comment = second.get_by_role("textbox").first
    comment.fill(SECOND)
    second.clock.run_for(3_000)
    expect(second.get_by_role("status").filter(has_text="Autolagringen er stoppet")).to_be_visible(timeout=20_000)
    assert len(autosaves) == 1
    comment.fill(SECOND + " Og bedre kollektivtilbud.")
    past_the_autosave_delay(second)  # nothing more is sent
    assert len(autosaves) == 1

    second.get_by_role("button", name="Lagre utkast").click()
    panel = second.get_by_role("region", name="Det som er lagret nå, og det du skrev")
    expect(panel).to_be_visible()
    expect(panel.get_by_text(FIRST)).to_be_visible()
    expect(panel.get_by_text(SECOND + " Og bedre kollektivtilbud.")).to_be_visible()
    violations = axe_violations(second)
    assert not violations, describe(violations)
    comment = second.get_by_role("textbox").first
    expect(comment).to_have_value(SECOND + " Og bedre kollektivtilbud.")
    comment.fill(SECOND)  # editing beside both texts saves nothing by itself either
    past_the_autosave_delay(second)
    assert len(autosaves) == 1

    second.get_by_role("button", name="Lagre utkast").click()  # a deliberate choice now: replaces what is saved
    expect(second.get_by_text("Utkastet er lagret").first).to_be_visible()
    first.reload()
    expect(first.get_by_role("textbox").first).to_have_value(SECOND)


def test_a_stale_tab_typing_in_another_field_keeps_the_other_tabs_text_and_shows_it(open_page,
                                                                                    live_server: LiveServer):
    link = f"/svar/{live_server.tokens['Kongsberg kommune']}"
    first = open_page()
    first.context.clock.install()
    second = first.context.new_page()
    for tab in (first, second):
        tab.goto(link)
    first.get_by_role("textbox").nth(0).fill(FIRST)
    first.clock.run_for(3_000)
    expect(first.get_by_role("status").filter(has_text=re.compile(r"^Lagret \d"))).to_be_visible(timeout=20_000)

    second.get_by_role("textbox").nth(1).fill(SECOND)  # another field than the first tab's
    second.clock.run_for(3_000)
    status = second.get_by_role("status").filter(has_text=re.compile(r"^Lagret \d"))
    expect(status).to_be_visible(timeout=20_000)  # merged and saved: no conflict to resolve
    expect(status).to_contain_text("tatt inn i skjemaet")
    expect(second.get_by_role("textbox").nth(0)).to_have_value(FIRST)  # the other tab's text, put in
    second.get_by_role("button", name="Lagre utkast").click()  # a page that is current now: nothing is lost
    expect(second.get_by_text("Utkastet er lagret").first).to_be_visible()
    first.reload()
    expect(first.get_by_role("textbox").nth(0)).to_have_value(FIRST)
    expect(first.get_by_role("textbox").nth(1)).to_have_value(SECOND)
