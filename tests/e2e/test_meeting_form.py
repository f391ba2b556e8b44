"""The minutes of a dialogue meeting in a real browser: typed minutes are not left without a question."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_SLUG, SECRETARIAT

pytestmark = pytest.mark.e2e


def test_leaving_minutes_being_typed_asks_first_and_saving_them_does_not(open_page):
    page = open_page(SECRETARIAT)
    page.goto(f"/consultations/{DEMO_SLUG}/meetings/new")
    page.wait_for_load_state()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.get_by_label("Arena", exact=True).click()  # browsers ask only after the user did something
    page.keyboard.type("Formannskapet i Notodden")
    page.close(run_before_unload=True)
    expect(page.get_by_label("Arena", exact=True)).to_have_value("Formannskapet i Notodden")  # stayed
    assert dialogs == ["beforeunload"]


def test_minutes_refused_for_a_missing_date_keep_their_notes_through_a_language_switch(open_page):
    """The refused minutes come back with the notes as the fields' own values: the switch keeps them all, and
    leaving the page after it still asks (they are not saved)."""
    page = open_page(SECRETARIAT)
    page.goto(f"/consultations/{DEMO_SLUG}/meetings/new")
    note = page.locator("textarea[name^=note-]").first
    note.fill("Kommunen ønsker tettere samarbeid om reiseliv.")
    page.get_by_role("button", name="Lagre referatet").click()  # no date, no arena: refused
    expect(page.locator("#held_on-error")).to_be_visible()
    page.get_by_role("navigation", name="Språk").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/meetings/new$"))
    expect(note).to_have_value("Kommunen ønsker tettere samarbeid om reiseliv.")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.locator("input[name=arena]").click()  # browsers ask only after the user did something
    page.close(run_before_unload=True)
    expect(note).to_have_value("Kommunen ønsker tettere samarbeid om reiseliv.")  # stayed
    assert dialogs == ["beforeunload"]
