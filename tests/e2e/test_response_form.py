"""The consultee's form in a real browser: what is typed survives a language switch, an upload and leaving
the page at once, and the form and the receipt stay axe-clean."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import CONSULTEE, DEMO_SLUG, LiveServer
from tests.e2e.test_pages_accessible import axe_violations, describe
from tests.pdfs import make_pdf

pytestmark = pytest.mark.e2e


def first_comment(page):
    return page.get_by_role("textbox").first


def test_text_typed_just_before_switching_to_nynorsk_is_there_after_the_reload(open_page, live_server: LiveServer):
    page = open_page()
    page.goto(f"/svar/{live_server.tokens['Kongsberg kommune']}")
    text = "Skrive rett før språkbytet, uten å vente på autolagringen."
    first_comment(page).fill(text)
    page.get_by_text("Be om utsatt frist").click()  # the other form on the page: kept by the browser
    page.get_by_label("Begrunnelse").fill("Kommunestyret møtes etter fristen.")
    page.get_by_role("navigation", name="Språk").get_by_role("button", name="Nynorsk").click()  # at once
    expect(page.locator("html")).to_have_attribute("lang", "nn")
    expect(first_comment(page)).to_have_value(text)
    expect(page.locator("textarea[name=reason]")).to_have_value("Kommunestyret møtes etter fristen.")
    expect(page.locator("textarea[name=reason]")).to_be_visible()  # its section opened again
    page.reload()
    expect(first_comment(page)).to_have_value(text)


def test_a_pasted_text_over_the_limit_is_kept_whole_and_said_to_be_too_long(open_page, live_server: LiveServer):
    page = open_page()
    page.clock.install()  # the page's timers on Playwright's clock: in real time, except where moved on
    page.goto(f"/svar/{live_server.tokens['Kongsberg kommune']}")
    resolution = "Saksframlegg om strategien. " * 900 + "VEDTAK: Kommunestyret slutter seg til uttalelsen."
    first_comment(page).fill(resolution)  # about 25,000 characters, as a paste puts them in
    expect(first_comment(page)).to_have_value(resolution)  # nothing cut off
    expect(page.get_by_text(re.compile(r"Teksten er for lang: 25.?\d{3} tegn, høyst 20.?000"))).to_be_visible()
    page.clock.run_for(3_000)  # the autosave delay, without waiting it out
    expect(page.locator("#autosave-status")).to_contain_text("Ikke lagret", timeout=10_000)
    expect(page.locator("#autosave-status")).to_have_text(re.compile(r"^Delvis lagret \d"))  # not «Lagret …»
    first_comment(page).fill(resolution[-500:])
    expect(page.get_by_text(re.compile("Teksten er for lang"))).to_have_count(0)
    # «Lagre utkast» with it: the rest is saved, the text comes back as typed with one message under it
    first_comment(page).fill(resolution)
    page.get_by_role("button", name="Lagre utkast").click()
    expect(page.get_by_text(re.compile("Utkastet er lagret, unntatt dette"))).to_be_visible()
    expect(first_comment(page)).to_have_value(resolution)
    field_id = first_comment(page).get_attribute("id")
    expect(page.locator(f"#{field_id} ~ .ds-validation-message")).to_have_count(1)
    expect(page.locator(f"#{field_id} ~ .ds-validation-message")).to_contain_text("25")


def test_text_typed_just_before_an_upload_is_there_with_the_file(open_page):
    page = open_page(CONSULTEE)
    page.goto(f"/mine/{DEMO_SLUG}")
    text = "Skrevet rett før opplastingen."
    first_comment(page).fill(text)
    page.get_by_label("Legg ved fil").set_input_files(
        {"name": "vedtak-e2e.pdf", "mimeType": "application/pdf", "buffer": make_pdf()})
    page.get_by_role("button", name="Last opp").click()  # at once
    expect(page.get_by_text("vedtak-e2e.pdf er lastet opp")).to_be_visible()
    # the confirmation stands in the attachments' part the page comes back to, in view and focused
    expect(page.locator("#vedlegg").get_by_text("vedtak-e2e.pdf er lastet opp")).to_be_in_viewport()
    expect(page.locator("#vedlegg .flashes")).to_be_focused()
    expect(page.get_by_role("link", name="vedtak-e2e.pdf")).to_be_visible()
    page.reload()
    expect(first_comment(page)).to_have_value(text)
    page.get_by_role("button", name="Fjern vedtak-e2e.pdf").click()
    expect(page.get_by_text("vedtak-e2e.pdf er fjernet.")).to_be_visible()
    expect(first_comment(page)).to_have_value(text)


def test_text_typed_just_before_following_a_link_is_saved_on_the_way_out(open_page, live_server: LiveServer):
    page = open_page()
    link = f"/svar/{live_server.tokens['Kongsberg kommune']}"
    page.goto(link)
    text = "Skrevet rett før vi fulgte en lenke bort fra siden."
    first_comment(page).fill(text)
    with page.expect_request(re.compile(r"/autosave$")):
        page.get_by_role("link", name="Importer det").click()  # at once: the page hands the form to a beacon
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto(link)
    expect(first_comment(page)).to_have_value(text)


def test_the_form_with_errors_and_the_receipt_are_axe_clean_and_errors_lead_to_their_fields(open_page, live_server):
    page = open_page(CONSULTEE)
    page.route("**/autosave", lambda route: route.abort())
    page.goto(f"/mine/{DEMO_SLUG}")
    ranking = page.locator("fieldset.ranking").first
    ranking.get_by_role("combobox").first.select_option("")
    page.get_by_role("button", name=re.compile("^Send inn")).click()
    summary = page.locator(".ds-error-summary")
    expect(summary).to_be_focused()
    violations = axe_violations(page)
    assert not violations, describe(violations)
    summary.get_by_role("link").filter(has_text="Ranger").first.click()
    expect(ranking.get_by_role("combobox").first).to_be_focused()
    box = ranking.get_by_role("combobox").first.bounding_box()
    bar = page.locator(".sticky-actions").bounding_box()
    assert box["y"] + box["height"] <= bar["y"], (box, bar)  # the focused field is not under the save bar

    for select, rank in zip(ranking.get_by_role("combobox").all(), range(1, 99), strict=False):
        select.select_option(str(rank))
    page.get_by_role("button", name=re.compile("^Send inn")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kvittering for høringssvar")
    expect(page.get_by_text(re.compile(r"^Kvitteringsnummer HS-\d{3}-\d{4}-\d+$"))).to_be_visible()
    violations = axe_violations(page)
    assert not violations, describe(violations)


@pytest.mark.parametrize("width", [1280, 390])
def test_tabbing_through_the_form_keeps_each_field_clear_of_the_save_bar(open_page, live_server, width):
    page = open_page()
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"/svar/{live_server.tokens['Kongsberg kommune']}")
    first_comment(page).focus()
    hidden = []
    for _ in range(40):
        page.keyboard.press("Tab")
        box = page.evaluate("""() => { const e = document.activeElement, bar = document.querySelector('.sticky-actions');
            if (!e || !e.closest('#response-form') || bar.contains(e)) return null;
            const r = e.getBoundingClientRect(), b = bar.getBoundingClientRect();
            return {bottom: r.bottom, bar: b.top, name: e.name}; }""")
        if box and box["bottom"] > box["bar"] + 1:
            hidden.append(box)
    assert not hidden, hidden


def test_leaving_a_conflict_page_with_new_text_asks_first(open_page, live_server: LiveServer):
    link = f"/svar/{live_server.tokens['Kongsberg kommune']}"
    first = open_page()
    second = first.context.new_page()
    for tab in (first, second):
        tab.route("**/autosave", lambda route: route.abort())  # only the buttons save here
        tab.goto(link)
    first_comment(first).fill("Lagret i den første fanen.")
    first.get_by_role("button", name="Lagre utkast").click()
    expect(first.get_by_text("Utkastet er lagret").first).to_be_visible()
    first_comment(second).fill("Skrevet i den andre fanen.")
    second.get_by_role("button", name="Lagre utkast").click()
    expect(second.get_by_role("region", name="Det som er lagret nå, og det du skrev")).to_be_visible()
    second.wait_for_load_state()  # its scripts too: on a busy machine the page shows before they run
    dialogs = []
    second.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    first_comment(second).click()  # a real user's key presses: browsers ask only after the user did something
    second.keyboard.type(" Og mer.")
    second.close(run_before_unload=True)
    expect(first_comment(second)).to_have_value(re.compile(r"Og mer\.$"))  # the page stays: the user said stay
    assert dialogs == ["beforeunload"]


def test_text_typed_just_before_asking_for_more_time_is_there_after_and_autosave_goes_on(open_page,
                                                                                      live_server: LiveServer):
    import time
    from datetime import date, timedelta

    page = open_page()
    page.clock.install()  # the page's timers on Playwright's clock: in real time, except where moved on
    # A save that reaches the server late, as on a slow line: a beacon sent as the page goes would
    # arrive after the page the request leads to was made
    page.route("**/autosave", lambda route: (time.sleep(1.0), route.continue_()))
    page.goto(f"/svar/{live_server.tokens['Buskerud fylkeskommune']}")
    text = "Skrevet rett før søknaden om utsatt frist."
    first_comment(page).fill(text)
    page.get_by_text("Be om utsatt frist").click()  # at once, within the autosave delay
    page.get_by_label("Ny frist").fill((date.today() + timedelta(days=60)).isoformat())
    page.get_by_label("Begrunnelse").fill("Fylkestinget behandler svaret i februar.")
    page.get_by_role("button", name="Send søknad").click()
    expect(page.get_by_text(re.compile("Søknaden om utsatt frist er sendt|venter på svar", re.I)).first).to_be_visible()
    expect(first_comment(page)).to_have_value(text)  # the page after it shows what was typed
    page.unroute("**/autosave")
    first_comment(page).fill(text + " Og mer etterpå.")
    page.clock.run_for(3_000)  # the autosave delay
    expect(page.get_by_role("status").filter(has_text=re.compile(r"^Lagret \d"))).to_be_visible()
    page.reload()
    expect(first_comment(page)).to_have_value(text + " Og mer etterpå.")


def test_enter_in_a_field_saves_the_draft_in_the_language_chosen(open_page, live_server: LiveServer):
    """The language buttons in the header send the form too; Enter must not press the first of them."""
    page = open_page()
    page.goto(f"/svar/{live_server.tokens['Kongsberg kommune']}")
    page.get_by_role("navigation", name="Språk").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # the request for more time, untouched (its time is filled in as 23:59), stays closed
    expect(page.locator("details:has(#until_date)")).not_to_have_attribute("open", "")
    page.get_by_label("Case number").fill("26/1234")
    page.get_by_label("Case number").press("Enter")
    expect(page.get_by_text(re.compile("The draft (is|was) saved"))).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_label("Case number")).to_have_value("26/1234")


def test_the_draft_reads_as_paragraphs_without_gaps(open_page, live_server: LiveServer):
    page = open_page()
    page.goto(f"/svar/{live_server.tokens['Kongsberg kommune']}")
    page.locator("details.draft-text summary").click()
    outline = page.locator(".draft-outline")
    blocks = outline.locator("p, li, h3, h4").count()
    height = outline.evaluate("e => e.getBoundingClientRect().height")
    assert blocks > 3 and height < 80 * blocks, (blocks, height)  # no screen-high blank lines between them


def test_a_keyboard_user_who_changes_the_language_goes_on_from_the_language_buttons(open_page,
                                                                                    live_server: LiveServer):
    page = open_page()
    page.goto(f"/svar/{live_server.tokens['Kongsberg kommune']}")
    switcher = page.get_by_role("navigation", name="Språk")
    switcher.get_by_role("button", name="Nynorsk").focus()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "nn")
    expect(page.get_by_role("navigation", name="Språk").get_by_role("button", name="Nynorsk")).to_be_focused()
    page.get_by_role("navigation", name="Språk").get_by_role("button", name="Bokmål").click()  # a pointer
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.locator("body")).to_be_focused()


def test_the_request_for_more_time_opened_by_its_own_address_is_unfolded(open_page, live_server: LiveServer):
    """The form's address for asking more time (/utsatt-frist, where a refused request is shown) leads back
    to the form at #frist: the request is there to fill in, not folded away."""
    page = open_page()
    page.goto(f"/svar/{live_server.tokens['Kongsberg kommune']}/utsatt-frist")
    expect(page).to_have_url(re.compile("#frist$"))
    expect(page.locator("details:has(#until_date)")).to_have_attribute("open", "")
    page.goto(f"/svar/{live_server.tokens['Kongsberg kommune']}")
    expect(page.locator("details:has(#until_date)")).not_to_have_attribute("open", "")


def test_a_refused_request_for_more_time_keeps_what_was_typed_through_a_language_switch(open_page,
                                                                                       live_server: LiveServer):
    """The refused request is shown at /utsatt-frist with the typed values as the fields' own values; the switch
    leads to the answer page, where the request's form (the same action) gets them back, unfolded."""
    from datetime import date, timedelta

    page = open_page()
    token = live_server.tokens["Kongsberg kommune"]
    page.goto(f"/svar/{token}")
    until = (date.today() + timedelta(days=45)).isoformat()
    page.get_by_text("Be om utsatt frist").click()
    page.get_by_label("Ny frist").fill(until)
    page.get_by_role("button", name="Send søknad").click()  # without a reason: refused
    expect(page).to_have_url(re.compile(r"/utsatt-frist$"))
    expect(page.locator("#reason-error")).to_be_visible()
    page.get_by_role("navigation", name="Språk").get_by_role("button", name="Nynorsk").click()
    expect(page.locator("html")).to_have_attribute("lang", "nn")
    expect(page).to_have_url(re.compile(rf"/svar/{token}(#.*)?$"))
    expect(page.locator("input[name=until_date]")).to_have_value(until)
    expect(page.locator("input[name=until_date]")).to_be_visible()  # its section opened again
    expect(page.locator("textarea[name=reason]")).to_have_value("")
    page.reload()  # used once: the answer page on its own gives the request untouched
    expect(page.locator("input[name=until_date]")).to_have_value("")


def test_the_date_fields_own_calendar_button_shows_where_the_focus_is(open_page, live_server: LiveServer):
    """Tab stops on the calendar button inside a date field (Chromium): the field then matches only
    :focus-within, and the focus ring must still be drawn around it."""
    page = open_page()
    page.goto(f"/svar/{live_server.tokens['Kongsberg kommune']}")
    page.get_by_label("Saksnummer").focus()
    page.keyboard.press("Shift+Tab")  # from the field after it: onto the date field's calendar button
    date = page.get_by_label("Vedtaksdato")
    assert date.evaluate("e => e.matches(':focus-within') && !e.matches(':focus')"), "not on the calendar button"
    assert date.evaluate("e => getComputedStyle(e).outlineStyle") != "none"


def test_saving_the_draft_from_the_keyboard_comes_back_to_the_question_being_answered(open_page,
                                                                                      live_server: LiveServer):
    """«Lagre utkast» reloads the page: the keyboard and a screen reader go on from the question the user was
    in, with the confirmation read there, not from the top of a long form."""
    page = open_page()
    page.goto(f"/svar/{live_server.tokens['Kongsberg kommune']}")
    question = page.locator(".question").last
    question.get_by_role("textbox").focus()
    page.keyboard.type(" Lagt til fra tastaturet.")
    page.get_by_role("button", name="Lagre utkast").focus()
    page.keyboard.press("Enter")
    question_id = question.get_attribute("id")
    expect(page).to_have_url(re.compile(f"#{question_id}$"))
    message = page.locator(f"#{question_id} .flashes")
    expect(message).to_contain_text("Utkastet er lagret")
    expect(message).to_be_focused()
    expect(message).to_be_in_viewport()
