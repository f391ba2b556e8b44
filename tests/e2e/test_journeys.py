"""The main journeys in a real browser: a round from a Word draft to a consultee's receipt, and the analysis
to the report. Elements are found by role, label and visible text, never by CSS class."""
from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DEMO_SLUG, SECRETARIAT, LiveServer

pytestmark = pytest.mark.e2e

TITLE = "Strategi for grønn omstilling i Fjellregionen 2027–2030"
AREAS = {
    "Samfunnsutvikling": {
        "Fornybar energi og nett": ("Regionen skal produsere mer av energien den bruker.",
                                    ["Kartlegge areal for solkraft", "Felles innspill om nettkapasitet"]),
        "Klimavennlig transport": ("Det skal være enkelt å reise uten egen bil mellom kommunesentrene.",
                                   ["Ladepunkter ved alle rådhus", "Samordnede bussruter"]),
    },
    "Tjenesteutvikling": {
        "Grønne innkjøp": ("Kommunene stiller de samme miljøkravene når de kjøper inn.",
                           ["Felles maler for anbud", "Opplæring av innkjøpere"]),
    },
}
RENAMED = "Klimavennlig transport og mobilitet"
INVITED = {"Flesberg kommune": "postmottak@flesberg.demo.no", "Rollag kommune": "postmottak@rollag.demo.no"}
COMMENT = "Flesberg ber om at kraftlinjen over Blefjell tas med som eget tiltak."
MISSING = "Utkastet sier lite om hvordan hyttekommunene skal bidra."
OTHER = "Vi stiller gjerne med en representant i arbeidsgruppen."


def draft_docx() -> bytes:
    """A strategy draft written for this test: groups as headings, focus areas under them with bullets."""
    document = Document()
    document.add_heading(TITLE, 0)
    document.add_paragraph("Kommunene i Fjellregionen vil omstille seg sammen og dele det de lærer.")
    for group, areas in AREAS.items():
        document.add_heading(group, 1)
        for title, (text, bullets) in areas.items():
            document.add_heading(title, 2)
            document.add_paragraph(text)
            for bullet in bullets:
                document.add_paragraph(bullet, style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_text(path) -> str:
    """Every paragraph and table cell of a downloaded Word file, one a line."""
    document = Document(str(path))
    lines = [p.text for p in document.paragraphs]
    lines += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(lines)


def flash(page: Page, text: str) -> None:
    expect(page.get_by_text(text, exact=False).first).to_be_visible()


def test_secretariat_opens_a_round_from_a_word_draft_and_a_consultee_answers_it(open_page, live_server):
    secretariat = open_page(SECRETARIAT)
    create_round_from_draft(secretariat)
    adjust_focus_areas_and_questions(secretariat)
    invite_and_open(secretariat)

    link = live_server.invitation_link(INVITED["Flesberg kommune"], subject=TITLE)
    answer_save_submit_and_download_receipt(open_page(), link)

    secretariat.get_by_role("navigation", name="Høringens sider").get_by_role("link", name="Innkomne svar").click()
    expect(secretariat.get_by_role("row", name=re.compile("Flesberg kommune"))).to_contain_text("Sendt inn")


def create_round_from_draft(page: Page) -> None:
    from app.timeutil import to_local, utcnow

    today = to_local(utcnow()).date()
    page.goto("/consultations/")
    page.get_by_role("link", name="Ny høring").click()
    page.get_by_label("Tittel", exact=True).fill(TITLE)
    page.get_by_label("Beskrivelse").fill("Sekretariatet ber om innspill til strategien for grønn omstilling.")
    page.get_by_label("Åpningsdato").fill(today.isoformat())
    page.get_by_label("Høringsfrist (dato)").fill((today + timedelta(days=30)).isoformat())
    page.get_by_label("Høringsutkast (Word, .docx)").set_input_files(files=[{
        "name": "gronn-omstilling-utkast.docx", "buffer": draft_docx(),
        "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}])
    page.get_by_role("button", name="Opprett høring").click()

    flash(page, "Høringen er opprettet.")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    proposed = page.get_by_role("region", name=re.compile("^Satsingsområder"))
    for group, areas in AREAS.items():
        for title in areas:
            expect(proposed.get_by_role("listitem").filter(has_text=title)).to_contain_text(group)
    expect(page.get_by_role("link", name="Last ned gronn-omstilling-utkast.docx")).to_be_visible()


def adjust_focus_areas_and_questions(page: Page) -> None:
    page.get_by_role("link", name="Rediger satsingsområder").click()
    page.get_by_role("link", name="Endre Klimavennlig transport").click()
    expect(page.get_by_label("Beskrivelse")).to_contain_text("uten egen bil")
    page.get_by_label("Tittel", exact=True).fill(RENAMED)
    page.get_by_label("Beskrivelse").fill("Buss, tog og sykkel mellom kommunesentrene, og lading der folk bor.")
    page.get_by_role("button", name="Lagre").click()
    item = page.get_by_role("listitem").filter(has_text=RENAMED)
    expect(item).to_contain_text("Buss, tog og sykkel")
    expect(page.get_by_role("listitem").filter(has_text=re.compile(r"Klimavennlig transport$"))).to_have_count(0)

    page.get_by_role("link", name="Tilbake til høringen").click()
    page.get_by_role("link", name="Rediger spørsmål").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Spørsmål")
    for question in ("Hva mener dere om satsingsområdene?", "Er det noe som mangler i utkastet?"):
        expect(page.get_by_text(question).first).to_be_visible()


def invite_and_open(page: Page) -> None:
    page.get_by_role("link", name=TITLE).first.click()
    page.get_by_role("navigation", name="Høringens sider").get_by_role("link", name="Invitasjoner").click()
    for name in INVITED:
        page.get_by_role("checkbox", name=name).check()
    page.get_by_role("button", name="Inviter").click()
    flash(page, "2 høringsinstanser er invitert.")
    for name in INVITED:
        expect(page.get_by_role("row", name=re.compile(name))).to_be_visible()

    page.get_by_role("navigation", name="Høringens sider").get_by_role("link", name="Høringen").click()
    page.get_by_role("link", name="Åpne høringen og send invitasjoner").click()
    for name in INVITED:
        expect(page.get_by_role("listitem").filter(has_text=name)).to_be_visible()
    page.get_by_role("button", name=re.compile("^Ja, ")).click()
    flash(page, "Høringen er åpnet, og invitasjonene er sendt.")


def answer_save_submit_and_download_receipt(page: Page, link: str) -> None:
    # The page also saves by itself 3 s after typing stops; kept out of the explicit save below, so that
    # a slow machine cannot send both at once (the second would rightly be refused as stale).
    page.route("**/autosave", lambda route: route.abort())
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    titles = ["Fornybar energi og nett", RENAMED, "Grønne innkjøp"]
    for title, position in zip(titles, ("Enig", "Delvis enig", "Enig"), strict=True):
        page.get_by_role("group", name=title, exact=True).get_by_role("radio", name=position, exact=True).check()
    page.get_by_label("Kommentar til Fornybar energi og nett").fill(COMMENT)
    for rank, title in enumerate(titles, start=1):
        page.get_by_role("combobox", name=title, exact=True).select_option(str(rank))
    page.get_by_label("Er det noe som mangler i utkastet?").fill(MISSING)
    page.get_by_role("button", name="Lagre utkast").click()
    flash(page, "Utkastet er lagret")

    page.unroute("**/autosave")
    page.clock.install()  # the page's timers on Playwright's clock: in real time, except where moved on
    page.reload()
    expect(page.get_by_label("Kommentar til Fornybar energi og nett")).to_have_value(COMMENT)
    expect(page.get_by_label("Er det noe som mangler i utkastet?")).to_have_value(MISSING)

    page.get_by_label("Andre merknader til utkastet").fill(OTHER)
    page.clock.run_for(3_000)  # the autosave delay, without waiting it out
    expect(page.get_by_role("status").filter(has_text=re.compile(r"^Lagret \d"))).to_be_visible(timeout=20_000)
    page.reload()
    expect(page.get_by_label("Andre merknader til utkastet")).to_have_value(OTHER)
    page.get_by_role("button", name="Send inn svaret").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Kvittering for høringssvar")
    expect(page.get_by_text(COMMENT)).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned kvitteringen (Word)").click()
    receipt = docx_text(download.value.path())
    assert all(text in receipt for text in (COMMENT, MISSING, OTHER, "Flesberg kommune")), receipt


def test_secretariat_analyses_moves_a_comment_and_downloads_the_report(open_page, live_server):
    page = open_page(SECRETARIAT)
    page.goto(live_server.path("round.analysis.show", slug=DEMO_SLUG))
    # With a worker the page refreshes itself until the run is done; here Huey runs it inside the request,
    # so the click waits for the whole analysis (seconds; more on a busy machine).
    page.get_by_role("button", name=re.compile("^Kjør analysen")).click(timeout=90_000)
    expect(page.get_by_text("Analysen er startet.")).to_have_count(0)  # done already: not said to be under way
    expect(page.get_by_role("heading", name=re.compile("^Siste kjøring"))).to_have_text(
        "Siste kjøring: Ferdig", timeout=60_000)

    move = comment_to_move(live_server)
    page.get_by_role("link", name="Gå gjennom og rett").click()
    page.get_by_role("navigation", name="Satsingsområder").get_by_role("link", name=move["from"], exact=True).click()
    card = page.get_by_role("listitem").filter(has_text=move["text"])
    card.get_by_label("Flytt innspillet til").select_option(value=f"theme:{move['theme_id']}")
    card.get_by_role("button", name="Flytt", exact=True).click()
    flash(page, f"er flyttet til «{move['theme']}».")
    expect(page.get_by_role("listitem").filter(has_text=move["text"])).to_have_count(0)

    page.get_by_role("navigation", name="Satsingsområder").get_by_role("link", name=move["to"], exact=True).click()
    theme = page.get_by_role("region", name=move["theme"], exact=True)
    expect(theme.get_by_role("listitem").filter(has_text=move["text"])).to_be_visible()

    page.goto(live_server.path("round.show", slug=DEMO_SLUG))
    page.get_by_role("navigation", name="Høringens sider").get_by_role("link", name="Rapport", exact=True).click()
    # A worker would build the files while the page shows the progress; here Huey runs it inside the request.
    page.get_by_role("button", name="Lag Word og Excel").click()
    expect(page.get_by_role("link", name="Last ned som Word")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned som Word").click()
    area = report_section(download.value.path(), move["to"])
    assert move["theme"] in area, area
    raised = area[area.index(move["theme"]):]
    raised_by = next(line for line in raised.splitlines() if line.startswith("Tatt opp av:"))
    assert move["consultee"] in raised_by, raised


def comment_to_move(live_server: LiveServer) -> dict:
    """A comment under one focus area, and a theme under another that its consultee has not raised yet."""
    from app.analysis import overview
    from app.extensions import db
    from app.models import CommentUnit, Consultation

    with live_server.app.app_context():
        demo = db.session.scalar(db.select(Consultation).where(Consultation.slug == DEMO_SLUG))
        areas = {a.id: a for a in demo.focus_areas}
        # theme → the consultees that raised it, as the council's overview (and the report) count them
        raised = {theme: names for area in overview.build(demo).areas if area.focus_area
                  for theme, names, _ in area.themes}
        units = db.session.scalars(db.select(CommentUnit).where(
            CommentUnit.consultation_id == demo.id, CommentUnit.focus_area_id.is_not(None),
            CommentUnit.consultee_id.is_not(None), CommentUnit.is_relevant.is_(True)).order_by(CommentUnit.id))
        for unit in units:
            for theme, names in raised.items():
                if theme.focus_area_id != unit.focus_area_id and unit.consultee.name not in names:
                    move = {"text": unit.text, "consultee": unit.consultee.name, "from": areas[unit.focus_area_id].title,
                            "to": areas[theme.focus_area_id].title, "theme": theme.label, "theme_id": theme.id}
                    db.session.remove()
                    return move
    raise AssertionError("the demo analysis gave no comment to move")


def report_section(path, area_title: str) -> str:
    """The text of the report's section on one focus area (its level-1 heading up to the next)."""
    lines, inside = [], False
    for paragraph in Document(str(path)).paragraphs:
        if paragraph.style.name == "Heading 1":
            if inside:
                break
            inside = paragraph.text.endswith(area_title)
        if inside:
            lines.append(paragraph.text)
    assert lines, f"no section on {area_title} in the report"
    return "\n".join(lines)


def test_a_waiting_build_shows_its_progress_without_reloading_and_its_files_when_done(open_page, live_server):
    """The files page polls: the bar moves and the step is announced, then the finished files show."""
    from app.extensions import db
    from app.models import Consultation, ReportRun, RunStatus
    from app.reports import jobs
    from app.timeutil import utcnow

    with live_server.app.app_context():
        demo = db.session.scalar(db.select(Consultation).where(Consultation.slug == DEMO_SLUG))
        run_id = jobs.start(demo, None, utcnow()).id
        db.session.commit()
    page = open_page(SECRETARIAT)
    page.goto(live_server.path("round.reports.files", slug=DEMO_SLUG))
    expect(page.get_by_text(re.compile(r"Venter på tur: \d+ s"))).to_be_visible()
    page.evaluate("document.body.dataset.loadedOnce = 'yes'")  # gone if the page reloads itself
    with live_server.app.app_context():
        run = db.session.get(ReportRun, run_id)
        run.status, run.progress, run.step, run.started_at = RunStatus.RUNNING, 40, "docx", utcnow()
        db.session.commit()
    expect(page.locator("progress#run-progress")).to_have_attribute("value", "40", timeout=10_000)
    expect(page.locator("[aria-live=polite]")).to_contain_text("Skriver Word-dokumentet (40 %)")
    expect(page.locator("#run-title")).to_have_text("Rapporten lages: Kjører")  # the heading follows the run
    assert page.evaluate("document.body.dataset.loadedOnce") == "yes"
    with live_server.app.app_context():
        db.session.get(ReportRun, run_id).status = RunStatus.QUEUED  # as the worker finds it
        db.session.commit()
        jobs.run_job(run_id)
        db.session.remove()
    expect(page.get_by_role("link", name="Last ned som Word")).to_be_visible(timeout=10_000)


def test_a_refused_new_round_keeps_everything_typed_through_a_language_switch(open_page):
    """A refused form comes back with the typed values as the fields' own values (nothing «changed» in it): the
    switch keeps the posted form whole, a choice from a list and a box left unticked too."""
    page = open_page(SECRETARIAT)
    page.goto("/consultations/new")
    page.get_by_label("Tittel", exact=True).fill("Strategi for kulturarv i Numedal")
    page.get_by_label("Beskrivelse").fill("Sekretariatet ber om innspill til kulturarvstrategien.")
    page.get_by_label("… eller lim inn teksten i utkastet").fill("Kulturarven er en felles ressurs.")
    page.get_by_label("Åpningsdato").fill("2026-12-20")
    page.get_by_label("Høringsfrist (dato)").fill("2026-12-10")  # before it opens: refused
    page.get_by_label("Målform").select_option("nn")
    page.get_by_label(re.compile("^Ta imot svar etter fristen")).uncheck()
    page.get_by_role("button", name="Opprett høring").click()
    flash(page, "Skjemaet må rettes")
    page.get_by_role("navigation", name="Språk").get_by_role("button", name="Nynorsk").click()
    expect(page.locator("html")).to_have_attribute("lang", "nn")
    expect(page).to_have_url(re.compile(r"/consultations/new$"))
    for name, value in (("title", "Strategi for kulturarv i Numedal"), ("opens_on", "2026-12-20"),
                        ("deadline_on", "2026-12-10"), ("language", "nn"),
                        ("description", "Sekretariatet ber om innspill til kulturarvstrategien."),
                        ("draft_text", "Kulturarven er en felles ressurs.")):
        expect(page.locator(f"[name={name}]")).to_have_value(value)
    expect(page.locator("[name=accepts_late]")).not_to_be_checked()


def test_a_refused_change_to_a_round_keeps_the_changes_through_a_language_switch(open_page, rounds):
    page = open_page(SECRETARIAT)
    page.goto(f"/consultations/{rounds['draft']['slug']}/edit")
    page.get_by_label("Tittel", exact=True).fill("Friluftsliv for alle i Kongsbergregionen")
    page.get_by_label("Beskrivelse").fill("Endret beskrivelse.")
    page.get_by_label("Høringsfrist (dato)").fill("2020-01-01")  # in the past: refused
    page.get_by_role("button", name="Lagre", exact=True).click()
    expect(page.locator("#deadline_on-error")).to_be_visible()
    page.get_by_role("navigation", name="Språk").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("[name=title]")).to_have_value("Friluftsliv for alle i Kongsbergregionen")
    expect(page.locator("[name=description]")).to_have_value("Endret beskrivelse.")
    expect(page.locator("[name=deadline_on]")).to_have_value("2020-01-01")


def test_a_question_type_chosen_before_a_language_switch_is_kept(open_page, rounds):
    """Found: the type fell back to «Standpunkt per satsingsområde» (a list whose first option the browser chose
    read as the user's choice, so the user's was not put back)."""
    page = open_page(SECRETARIAT)
    page.goto(f"/consultations/{rounds['draft']['slug']}/questions")
    page.locator("select[name=kind]").select_option("text")
    page.locator("[name=text]").fill("Hva savner dere i utkastet?")
    page.get_by_role("navigation", name="Språk").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("select[name=kind]")).to_have_value("text")
    expect(page.locator("[name=text]")).to_have_value("Hva savner dere i utkastet?")


def test_leaving_a_new_round_or_its_details_being_typed_asks_first(open_page, rounds):
    """Found: a new round's text, or changed details, were lost without a word when the page was left."""
    for path in ("/consultations/new", f"/consultations/{rounds['draft']['slug']}/edit"):
        page = open_page(SECRETARIAT)
        page.goto(path)
        page.wait_for_load_state()
        dialogs = []
        page.on("dialog", lambda dialog, seen=dialogs: (seen.append(dialog.type), dialog.dismiss()))
        page.get_by_label("Beskrivelse").click()  # browsers ask only after the user did something
        page.keyboard.type("Skrevet, ikke lagret.")
        page.close(run_before_unload=True)
        expect(page.get_by_label("Beskrivelse")).to_have_value(re.compile(r"Skrevet, ikke lagret\."))  # stayed
        assert dialogs == ["beforeunload"], path
