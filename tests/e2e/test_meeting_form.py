"""The minutes of a dialogue meeting in a real browser: typed minutes are not left without a question."""
from __future__ import annotations

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
