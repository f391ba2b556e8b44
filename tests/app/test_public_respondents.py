"""Open rounds: anyone may answer after confirming their e-mail through the link sent to it."""
from __future__ import annotations

import html
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from app.consultees import services as consultees
from app.models import Consultee, Language
from app.responses import submission
from tests.conftest import docx_bytes, kongsberg_shaped_draft, link_in, login, make_consultation
from tests.factories import complete_input, form_fields, invitation_of, open_round_for, page_key, page_version

SIGNUP = {"name": "Kari Nordmann", "organisation": "Numedal turlag", "email": "kari@example.no", "consent": "y"}


@pytest.fixture
def open_round(db, consultation, consultee_a):
    consultation.is_open_to_public = True
    open_round_for(db, consultation, consultee_a)
    return consultation


def test_anyone_signs_up_gets_a_link_and_answers_without_the_adoption_fields(client, db, users, open_round, outbox):
    url = f"/horing/{open_round.slug}/innspill"
    assert open_round.title in client.get(url).get_data(as_text=True)
    page = client.post(url, data=SIGNUP).get_data(as_text=True)
    assert "Sjekk e-posten din" in page
    mail = outbox[-1]
    assert mail.to == "kari@example.no"
    form = client.get(link_in(mail)).get_data(as_text=True)
    assert "Innspill fra Kari Nordmann" in form and "Om vedtaket" not in form
    invitation = next(i for i in open_round.invitations if i.consultee.is_public)
    data = complete_input(open_round)
    data.adopted_by, data.case_number = None, ""
    submission.submit(invitation, data, expected_version=None, submission_key="p", now=submission_now(), via="link")
    db.session.commit()
    login(client, users["secretariat"])
    board = client.get(f"/consultations/{open_round.slug}/responses").get_data(as_text=True)
    public_part = board.split("Innspill fra andre", 1)[1]
    assert "Kari Nordmann" in public_part and "Kari Nordmann" not in board.split("Innspill fra andre", 1)[0]
    assert "Numedal turlag" not in [c.name for c in consultees.list_consultees(open_round.region)]


def submission_now():
    from app.timeutil import utcnow

    return utcnow()


def test_signing_up_again_soon_sends_nothing_keeps_the_link_and_reads_the_same(client, db, open_round, outbox):
    url = f"/horing/{open_round.slug}/innspill"
    new = client.post(url, data=SIGNUP)
    first, sent = outbox[-1], len(outbox)
    again = client.post(url, data={**SIGNUP, "name": "Noen andre", "organisation": "Tinn kommune",
                                   "email": " KARI@example.no "})
    assert len(outbox) == sent  # within the re-send interval: no new link, no mail
    public = db.session.scalars(select(Consultee).where(Consultee.is_public.is_(True))).all()
    assert [(c.contact_name, c.stated_organisation) for c in public] == [("Kari Nordmann", "Numedal turlag")]
    assert client.get(link_in(first)).status_code == 200
    # The page reads the same for a new and a known address, but for the address as typed
    assert new.status_code == again.status_code == 200
    assert _without_tokens(new.get_data(as_text=True).replace("kari@example.no", "@")) == \
        _without_tokens(again.get_data(as_text=True).replace("KARI@example.no", "@"))
    assert "Har du mistet lenken?" in client.get(url).get_data(as_text=True)


def _a_while_later(invitation, minutes: int = 11) -> None:
    """As if the last link went out `minutes` ago."""
    from datetime import timedelta

    invitation.sent_at -= timedelta(minutes=minutes)
    if invitation.link_resent_at is not None:
        invitation.link_resent_at -= timedelta(minutes=minutes)


def test_a_person_who_lost_the_link_signs_up_again_and_gets_a_new_one_with_the_draft_kept(client, db, open_round,
                                                                                          outbox):
    url = f"/horing/{open_round.slug}/innspill"
    client.post(url, data=SIGNUP)
    old = link_in(outbox[-1])
    form = client.get(old).get_data(as_text=True)
    client.post(old, data={**form_fields(open_round, complete_input(open_round, "Turstiene trenger merking.")),
                           "version": page_version(form), "submission_key": page_key(form)})
    person = next(i for i in open_round.invitations if i.consultee.is_public)
    _a_while_later(person)
    db.session.commit()
    sent = len(outbox)
    again = client.post(url, data={**SIGNUP, "name": "Noen andre"})
    assert again.status_code == 200 and len(outbox) == sent + 1
    mail = outbox[-1]
    assert mail.to == "kari@example.no" and "slutter å virke når du åpner denne" in mail.body
    assert "Noen andre" not in mail.body
    new = link_in(mail)
    assert new != old
    page = client.get(new).get_data(as_text=True)
    assert "Turstiene trenger merking." in page and "Innspill fra Kari Nordmann" in page
    assert client.get(old).status_code == 404  # once the new link is opened, the lost one no longer opens the form
    assert client.get(new).status_code == 200


def test_a_stranger_signing_up_with_a_persons_address_does_not_stop_the_link_the_person_is_answering_through(
        client, db, open_round, outbox):
    url = f"/horing/{open_round.slug}/innspill"
    client.post(url, data=SIGNUP)
    old = link_in(outbox[-1])
    form = client.get(old).get_data(as_text=True)
    person = next(i for i in open_round.invitations if i.consultee.is_public)
    _a_while_later(person)
    db.session.commit()
    client.post(url, data={**SIGNUP, "name": "Noen andre"})  # someone else, with Kari's address
    first_new = link_in(outbox[-1])
    _a_while_later(person)
    db.session.commit()
    client.post(url, data=SIGNUP)
    second_new = link_in(outbox[-1])
    # Kari, who never opened the mails, goes on answering through the link she has
    saved = client.post(old, data={**form_fields(open_round, complete_input(open_round, "Flere benker langs stien.")),
                                   "version": page_version(form), "submission_key": page_key(form)})
    assert saved.status_code in (200, 302)
    assert "Flere benker langs stien." in client.get(old).get_data(as_text=True)
    assert client.get(first_new).status_code == 404  # a later link replaced the one not yet opened
    assert "Flere benker langs stien." in client.get(second_new).get_data(as_text=True)
    assert client.get(old).status_code == 404


def test_a_link_the_secretariat_stopped_is_not_sent_again_by_signing_up(client, db, open_round, outbox):
    from app.invitations import services as invitations

    url = f"/horing/{open_round.slug}/innspill"
    client.post(url, data=SIGNUP)
    person = next(i for i in open_round.invitations if i.consultee.is_public)
    _a_while_later(person)
    db.session.commit()
    client.post(url, data=SIGNUP)
    waiting = link_in(outbox[-1])  # sent again, not yet opened
    invitations.revoke_link(person)
    _a_while_later(person)
    db.session.commit()
    assert client.get(waiting).status_code == 404  # stopping the link stops the one waiting too
    sent = len(outbox)
    page = client.post(url, data=SIGNUP)
    assert page.status_code == 200 and "Sjekk e-posten din" in page.get_data(as_text=True)  # reads the same
    assert len(outbox) == sent and person.token_hash is None  # only the secretariat lets the person in again


def test_the_secretariats_new_link_to_a_person_is_the_link_mail_in_the_persons_language(client, db, open_round,
                                                                                       outbox):
    from app.invitations import services as invitations
    from app.timeutil import utcnow

    client.post("/language/en", data={"next": "/"})
    client.post(f"/horing/{open_round.slug}/innspill", data=SIGNUP)
    old = link_in(outbox[-1])
    person = next(i for i in open_round.invitations if i.consultee.is_public)
    invitations.resend(person, utcnow())
    db.session.commit()
    mail = outbox[-1]
    assert mail.to == "kari@example.no" and mail.language == "en"
    assert "no longer works" in mail.body and "organisation" not in mail.body.lower()
    assert "signed up again" not in mail.body  # the secretariat sent it
    assert client.get(old).status_code == 404 and client.get(link_in(mail)).status_code == 200


def test_a_persons_request_for_more_time_is_listed_and_decided_on_the_responses_page(client, db, users, open_round,
                                                                                     outbox):
    from datetime import timedelta

    from app.invitations import deadlines
    from app.timeutil import utcnow

    client.post(f"/horing/{open_round.slug}/innspill", data=SIGNUP)
    person = next(i for i in open_round.invitations if i.consultee.is_public)
    request = deadlines.request_extension(person, person.deadline_at + timedelta(days=3), "Ferie", now=utcnow())
    db.session.commit()
    login(client, users["secretariat"])
    page = client.get(f"/consultations/{open_round.slug}/responses", query_string={"vis": "extension"})
    text = page.get_data(as_text=True)
    assert "Kari Nordmann" in text and "«Ferie»" in text and f"/extensions/{request.id}/grant" in text
    assert re.search(r"Ber om utsatt frist\s*<span class=\"count\">1</span>", text)
    assert text.count(f'id="answer-{request.id}"') == 1  # one form for the request, not one per table
    everyone = client.get(f"/consultations/{open_round.slug}/responses").get_data(as_text=True)
    assert everyone.count(f'id="answer-{request.id}"') == 1 and "Innspill fra andre" in everyone
    client.post(f"/consultations/{open_round.slug}/invitations/extensions/{request.id}/grant", data={"answer": ""})
    db.session.refresh(request)
    assert request.status.value == "granted" and outbox[-1].to == "kari@example.no"


def test_closing_early_names_on_its_confirmation_everyone_it_will_mail(client, db, users, open_round, outbox):
    from app.consultations import services
    from app.timeutil import utcnow

    client.post(f"/horing/{open_round.slug}/innspill", data=SIGNUP)
    login(client, users["secretariat"])
    asked = html.unescape(client.get(f"/consultations/{open_round.slug}/confirm/close").get_data(as_text=True))
    listed = asked.split("Disse har ikke svart, og fristen deres er ikke ute", 1)[1].split("</ul>", 1)[0]
    assert "Tinn kommune: frist" in listed and "Kari Nordmann (åpen høring" in listed
    assert "Høringsfristen er ikke ute" in asked and "slutter høringsperioden i dag" in asked  # closing early is said
    sent = len(outbox)
    services.close_consultation(open_round, utcnow())
    db.session.commit()
    told = {m.to for m in outbox[sent:]}
    assert told == {"kari@example.no", next(i for i in open_round.invitations if not i.consultee.is_public).consultee.email}


def test_closing_early_tells_those_who_have_answered_that_their_answer_stands_as_sent(client, db, users, open_round,
                                                                                       outbox):
    from app.consultations import services
    from app.responses import submission
    from app.timeutil import utcnow
    from tests.factories import complete_input

    tinn = next(i for i in open_round.invitations if not i.consultee.is_public)
    submission.submit(tinn, complete_input(open_round), expected_version=None, submission_key="k", now=utcnow(),
                      via="link")
    db.session.commit()
    login(client, users["secretariat"])
    asked = html.unescape(client.get(f"/consultations/{open_round.slug}/confirm/close").get_data(as_text=True))
    listed = asked.split("Disse har svart og kan endre svaret til fristen", 1)[1].split("</ul>", 1)[0]
    assert f"{tinn.consultee.name}: frist" in listed
    sent = len(outbox)
    services.close_consultation(open_round, utcnow())
    db.session.commit()
    mail = next(m for m in outbox[sent:] if m.to == tinn.consultee.email)
    assert "er mottatt, men kan ikke lenger endres" in mail.body and "ta kontakt" not in mail.body


def test_worst_case_signing_up_again_and_again_mails_one_address_once_a_while(client, db, open_round, outbox):
    """A stranger who knows an address can cause it one mail per RESEND_INTERVAL, however often they sign up."""
    from app.publication.signup import RESEND_INTERVAL

    url = f"/horing/{open_round.slug}/innspill"
    client.post(url, data=SIGNUP)
    person = next(i for i in open_round.invitations if i.consultee.is_public)
    to_her = lambda: [m for m in outbox if m.to == "kari@example.no"]  # noqa: E731
    for _ in range(8):
        assert client.post(url, data=SIGNUP).status_code == 200
    assert len(to_her()) == 1
    _a_while_later(person, minutes=RESEND_INTERVAL.seconds // 60)
    db.session.commit()
    for _ in range(8):
        client.post(url, data=SIGNUP)
    assert len(to_her()) == 2


def test_a_person_who_signed_up_in_english_is_written_to_and_shown_the_form_in_english(app, client, db, open_round,
                                                                                       outbox):
    from datetime import timedelta

    from app.invitations import deadlines, reminders
    from app.timeutil import utcnow

    client.post("/language/en", data={"next": f"/horing/{open_round.slug}/innspill"})
    client.post(f"/horing/{open_round.slug}/innspill", data=SIGNUP)
    link = link_in(outbox[-1])
    person = next(i for i in open_round.invitations if i.consultee.is_public)
    assert person.language == "en" and open_round.language.value == "nb"
    # Another browser (no language chosen there): the link page still speaks English
    page = app.test_client().get(link).get_data(as_text=True)
    assert '<html lang="en"' in page
    reminders._remind(person, utcnow())
    request = deadlines.request_extension(person, person.deadline_at + timedelta(days=3), "Holiday", now=utcnow())
    deadlines.decide_extension(request, granted=True, answer="", by_id=None, now=utcnow())
    db.session.commit()
    reminder, answer = outbox[-2:]
    assert reminder.language == answer.language == "en"
    assert "Reminder" in reminder.subject and f"/horing/{open_round.slug}/innspill" in reminder.body
    # The invited municipality is still written to in the round's language
    assert next(i for i in open_round.invitations if not i.consultee.is_public).language == "nb"


def test_the_signup_mail_holds_nothing_a_stranger_typed(client, db, open_round, outbox):
    typed = {"name": "Vinn en iPhone på https://svindel.example", "organisation": "Ring 820 00 000 i dag"}
    client.post(f"/horing/{open_round.slug}/innspill", data={**SIGNUP, **typed, "email": "offer@example.no"})
    mail = outbox[-1]
    assert mail.to == "offer@example.no" and link_in(mail)
    for text in (*typed.values(), "iPhone", "svindel", "820 00 000"):
        assert text not in mail.subject and text not in mail.body


def test_the_signup_mail_is_written_in_the_language_the_person_signed_up_in(client, db, open_round, outbox):
    client.post("/language/en", data={"next": f"/horing/{open_round.slug}/innspill"})
    client.post(f"/horing/{open_round.slug}/innspill", data={**SIGNUP, "email": "kari@example.no"})
    mail = outbox[-1]
    assert mail.to == "kari@example.no" and mail.subject.startswith("Link for your comment") and link_in(mail)
    client.post("/language/nn", data={"next": "/"})
    client.post(f"/horing/{open_round.slug}/innspill", data={**SIGNUP, "email": "per@example.no"})
    assert outbox[-1].subject.startswith("Lenkje til innspel")


def test_rounds_not_open_to_everyone_have_no_signup(client, db, consultation, consultee_a):
    open_round_for(db, consultation, consultee_a)
    assert client.get(f"/horing/{consultation.slug}/innspill").status_code == 404
    assert client.post(f"/horing/{consultation.slug}/innspill", data=SIGNUP).status_code == 404


def test_signup_needs_consent_and_a_valid_address_and_keeps_what_was_typed(client, db, open_round, outbox):
    form = client.get(f"/horing/{open_round.slug}/innspill").get_data(as_text=True)
    assert "innspillet og navnet mitt blir offentlig" in form  # the name is published: said before consent
    assert 'autocomplete="email"' in form and 'autocomplete="name"' in form
    page = client.post(f"/horing/{open_round.slug}/innspill",
                       data={**SIGNUP, "email": "ikke-en-adresse", "consent": ""}).get_data(as_text=True)
    assert "Skriv en gyldig e-postadresse." in page and "Du må bekrefte" in page
    assert 'value="Kari Nordmann"' in page and 'value="Numedal turlag"' in page
    assert outbox == [m for m in outbox if m.to != "ikke-en-adresse"]
    assert db.session.scalar(select(func.count(Consultee.id)).where(Consultee.is_public.is_(True))) == 0


def test_an_address_mail_servers_cannot_deliver_to_is_refused_before_anything_is_sent(client, db, open_round, outbox):
    sent = len(outbox)
    page = client.post(f"/horing/{open_round.slug}/innspill",
                       data={**SIGNUP, "email": "ola+høring@example.no"}).get_data(as_text=True)
    assert "Skriv en gyldig e-postadresse." in page and len(outbox) == sent
    accepted = client.post(f"/horing/{open_round.slug}/innspill", data={**SIGNUP, "email": "ola@example.no"})
    assert "Sjekk e-posten din" in accepted.get_data(as_text=True) and outbox[-1].to == "ola@example.no"


def test_the_receipt_mail_greets_the_person_by_name_in_every_language(client, db, region, consultee_a, outbox):
    # As the other mails to a person do: by their own name, never as the organisation they stated
    poser_round(client, db, region, consultee_a, outbox, Language.NYNORSK)
    receipt = next(m for m in reversed(outbox) if "Kvittering" in m.subject or "kvittering" in m.subject.lower())
    assert receipt.body.startswith("Til Ola Nordmann\n") and "høring" not in receipt.body.split("\n", 1)[0]
    assert "Til Tinn kommune" not in receipt.body


def test_an_open_round_may_open_without_invited_consultees(db, region):
    from datetime import timedelta

    from app.consultations import services, structure
    from app.timeutil import utcnow

    now = utcnow()
    consultation = services.create_consultation(region, title="Åpen", description="", opens_at=now,
                                                deadline_at=now + timedelta(days=3), language=open_language(),
                                                is_open_to_public=True)
    structure.add_focus_area(consultation, title="Reiseliv", group=None, description="", keywords="")
    services.open_consultation(consultation, now)
    assert consultation.status.value == "open"


def open_language():
    from app.models import Language

    return Language.BOKMAL


# --- a respondent never passes for an invited consultee ----------------------------------------

POSER = {"name": "Ola Nordmann", "organisation": "Tinn kommune", "email": "ola@example.no", "consent": "y"}
MARKED = {"nb": "Ola Nordmann (åpen høring, oppgitt organisasjon: Tinn kommune)",
          "nn": "Ola Nordmann (open høyring, oppgjeven organisasjon: Tinn kommune)"}


def poser_round(client, db, region, consultee, outbox, language=Language.BOKMAL):
    """Tinn answers as adopted by its council; Ola signs up saying he is «Tinn kommune» and posts the
    adoption fields his form does not have, with Tinn's case number."""
    consultation = make_consultation(db, region, language=language)
    consultation.is_open_to_public = True
    open_round_for(db, consultation, consultee)
    submission.submit(invitation_of(consultation, "Tinn kommune"), complete_input(consultation, "Tinn vil ha veger."),
                      expected_version=None, submission_key="tinn", now=submission_now(), via="link")
    db.session.commit()
    client.post(f"/horing/{consultation.slug}/innspill", data=POSER)
    link = link_in(outbox[-1])
    page = client.get(link).get_data(as_text=True)
    form = {**form_fields(consultation, complete_input(consultation, "Ola vil ha ny bru over elva.")),
            "submit": "1", "version": "", "submission_key": page_key(page)}
    assert form["case_number"] == "19/4976" and client.post(link, data=form).status_code == 302
    return consultation


def poser(consultation):
    return next(r for r in consultation.responses if r.consultee.is_public)


def test_a_respondent_cannot_give_adoption_facts_and_is_stored_under_a_marked_name(client, db, region, consultee_a,
                                                                                   outbox):
    consultation = poser_round(client, db, region, consultee_a, outbox)
    response = poser(consultation)
    assert (response.adopted_by, response.decision_date, response.case_number) == (None, None, "")
    snapshot = response.latest_version.snapshot
    assert snapshot.consultee == MARKED["nb"] and snapshot.case_number == "" and not snapshot.adopted_by
    consultee = response.consultee
    assert (consultee.name, consultee.contact_name, consultee.stated_organisation) == (
        MARKED["nb"], "Ola Nordmann", "Tinn kommune")


def test_the_secretariats_pages_and_the_analysis_mark_the_respondent(app, client, db, region, users, consultee_a,
                                                                      outbox):
    consultation = poser_round(client, db, region, consultee_a, outbox)
    assert app.test_cli_runner().invoke(args=["analysis", "run", "--round", consultation.slug]).exit_code == 0
    login(client, users["secretariat"])
    board = client.get(f"/consultations/{consultation.slug}/responses").get_data(as_text=True)
    invited, public = board.split("Innspill fra andre", 1)
    assert "Ola" not in invited and "Tinn kommune" in invited
    assert "Ola Nordmann" in public and "Åpen høring" in public and "Oppgitt organisasjon" in public
    overview = client.get(f"/consultations/{consultation.slug}/overview").get_data(as_text=True)
    assert MARKED["nb"] in overview
    respondent = poser(consultation).consultee_id
    assert f"{MARKED['nb']}</a>" in overview and ">Tinn kommune</a>" in overview  # the matrix: one row each
    # the invited are counted apart from the public: Tinn of the one invited answered, and Ola besides
    assert "1 av 1 inviterte har svart" in overview and "I tillegg kom 1 innspill fra allmennheten." in overview
    pages = [client.get(f"/consultations/{consultation.slug}/analysis/review",
                        query_string={"omrade": area, "instans": respondent}).get_data(as_text=True)
             for area in [None, *(a.id for a in consultation.focus_areas)]]
    assert any(f"– {MARKED['nb']}</footer>" in page for page in pages)
    assert not any("– Tinn kommune</footer>" in page for page in pages)
    answer = client.get(f"/consultations/{consultation.slug}/responses/{respondent}").get_data(as_text=True)
    assert f"Svar fra {MARKED['nb']}" in answer
    assert "Lenken fra påmeldingen" in answer and "Invitasjonslenken" not in answer  # no invitation was sent
    # the quotes name the respondent in the reader's language, as the rest of the page does
    client.post("/language/en", data={"next": "/"})
    quoted = [client.get(f"/consultations/{consultation.slug}/{page}").get_data(as_text=True)
              for page in ("analysis", "overview")]
    assert any("– Ola Nordmann (open consultation, stated organisation: Tinn kommune)" in page for page in quoted)
    assert not any(f"– {MARKED['nb']}" in page for page in quoted)


@pytest.mark.parametrize("language", [Language.BOKMAL, Language.NYNORSK])
def test_the_word_report_and_the_excel_file_never_show_the_respondent_as_tinn(app, client, db, region, consultee_a,
                                                                             outbox, language):
    import io

    from docx import Document
    from openpyxl import load_workbook

    from app.reports.docx_writer import report_docx
    from app.reports.services import collect
    from app.reports.xlsx_writer import report_xlsx

    consultation = poser_round(client, db, region, consultee_a, outbox, language)
    assert app.test_cli_runner().invoke(args=["analysis", "run", "--round", consultation.slug]).exit_code == 0
    marked = MARKED[language.value]
    data = collect(consultation, date.today())
    document = Document(io.BytesIO(report_docx(data)))
    overview = [t for t in document.tables if len(t.columns) == 4 and t.rows[0].cells[1].text == "Dato"]
    rows = {row.cells[0].text: (row.cells[2].text, row.cells[3].text) for t in overview for row in t.rows[1:]}
    answer, public = ("Høringssvar", "Innspill i åpen høring") if language.value == "nb" else \
        ("Høyringssvar", "Innspel i open høyring")
    assert rows == {"Tinn kommune": ("Kommunestyret, sak 19/4976", "Vedtak"), marked: ("", public)}
    # the invited body that answered is counted among the invited; the respondent apart
    counts = "Én høringsinstans ble invitert til å svare, og én har svart. I tillegg kom ett innspill fra " \
        "allmennheten." if language.value == "nb" else \
        "Éin høyringsinstans vart invitert til å svare, og éin har svart. I tillegg kom eitt innspel frå allmenta."
    assert counts in [p.text for p in document.paragraphs]
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    start = paragraphs.index(("Heading 1", "Vedlegg: Høringssvar" if language.value == "nb"
                                   else "Vedlegg: Høyringssvar"))
    end = next((n for n, (style, _) in enumerate(paragraphs) if n > start and style == "Heading 1"), len(paragraphs))
    minutes = [text for style, text in paragraphs[start + 1:end] if style == "Heading 2"]
    lead = "Innspill fra" if language.value == "nb" else "Innspel frå"
    assert sorted(minutes) == sorted([f"{answer} {'fra' if language.value == 'nb' else 'frå'} Tinn kommune",
                                      f"{lead} {marked}"])
    matrix = document.tables[-1]
    assert sorted(row.cells[0].text for row in matrix.rows[1:]) == sorted(["Tinn kommune", marked])
    sheet = load_workbook(io.BytesIO(report_xlsx(data)))["Innspill" if language.value == "nb" else "Innspel"]
    header, *rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert {row[0] for row in rows} == {"Tinn kommune", marked}
    assert all((row[header.index(header[-1])] == "Ja") == (row[0] == marked) for row in rows)


def test_the_archive_keeps_every_version_apart_and_marks_the_respondent(client, db, region, consultee_a, outbox):
    import csv
    import io
    import zipfile

    from docx import Document

    from app.reports.archive import Limits, build_package
    from app.timeutil import utcnow
    from tests.conftest import make_consultee

    consultation = poser_round(client, db, region, consultee_a, outbox)
    # Two consultees whose names are the same once made plain ("al-kommune"), each with two versions
    twins = [make_consultee(db, region, "Ål kommune"), make_consultee(db, region, "Al kommune")]
    from app.invitations import services as invitations

    invitations.invite(consultation, twins, now=submission_now())
    for twin in twins:
        invitation = invitation_of(consultation, twin.name)
        for n, words in enumerate(("Første svar.", "Andre svar."), start=1):
            submission.submit(invitation, complete_input(consultation, f"{twin.name}: {words}"), expected_version=submission.version_of(invitation),
                              submission_key=f"{twin.id}-{n}", now=submission_now(), via="link")
    consultation.case_number, consultation.archive_reference = "2031/7", "026"
    db.session.commit()
    package = build_package(consultation, utcnow(), Limits(documents=1000, bytes=200 * 1024 * 1024), made_by="Test")
    archive = zipfile.ZipFile(io.BytesIO(package.zip))
    names = archive.namelist()
    assert len(names) == len(set(names))
    versions = sorted(n for n in names if n.startswith("dokumenter/") and "-svar-" in n)
    assert len(versions) == 1 + 1 + 2 + 2  # Tinn, Ola, and two of each twin
    said = {}
    for name in versions:
        text = "\n".join(cell.text for table in Document(io.BytesIO(archive.read(name))).tables
                         for row in table.rows for cell in row.cells)
        text += "\n".join(p.text for p in Document(io.BytesIO(archive.read(name))).paragraphs)
        said[name] = text
    for twin in twins:
        for words in ("Første svar.", "Andre svar."):
            assert sum(f"{twin.name}: {words}" in text for text in said.values()) == 1
    ola = [name for name, text in said.items() if "Ola vil ha ny bru" in text]
    assert len(ola) == 1 and MARKED["nb"] in said[ola[0]] and "19/4976" not in said[ola[0]]
    tinn = [name for name, text in said.items() if "Tinn vil ha veger" in text]
    assert len(tinn) == 1 and tinn != ola
    rows = list(csv.DictReader(io.StringIO(archive.read("journal.csv").decode("utf-8-sig")), delimiter=";"))
    responses = [r for r in rows if r["journalposttype"] == "I" and r["tilknyttet_som"] == "Hoveddokument"
                 and r["fil"] in versions]
    assert sorted(r["fil"] for r in responses) == versions
    assert [r["avsender_mottaker"] for r in responses if r["fil"] == ola[0]] == [f"Avsender: {MARKED['nb']}"]
    assert sum(r["avsender_mottaker"] == "Avsender: Tinn kommune" for r in responses) == 1


def test_the_published_pages_mark_the_respondent(client, db, region, consultee_a, outbox):
    from app.consultations import services as consultations

    consultation = poser_round(client, db, region, consultee_a, outbox)
    for step in (consultations.close_consultation, consultations.mark_reported, consultations.publish_consultation):
        step(consultation, submission_now())
    db.session.commit()
    page = client.get(f"/horing/{consultation.slug}").get_data(as_text=True)
    assert f">{MARKED['nb']}</a>" in page and ">Tinn kommune</a>" in page
    answer = client.get(f"/horing/{consultation.slug}/svar/{poser(consultation).consultee_id}").get_data(as_text=True)
    assert f"Innspill fra {MARKED['nb']}" in answer and "Høringssvar fra" not in answer and "19/4976" not in answer
    # a private person's response is public, but search engines are asked not to list it under the name
    assert '<meta name="robots" content="noindex">' in answer and 'name="robots"' not in page
    tinn = next(i.consultee_id for i in consultation.invitations if i.consultee.name == "Tinn kommune")
    assert 'name="robots"' not in client.get(f"/horing/{consultation.slug}/svar/{tinn}").get_data(as_text=True)


def test_a_withheld_sender_name_never_reaches_the_published_response_page(client, db, region, consultee_a, outbox):
    """Ola writes his own name into his answer and the secretariat withholds it: the page's heading, title and
    the round page's list name him by the mark only."""
    from app.consultations import services as consultations
    from app.errors import ValidationError
    from app.models import Status
    from app.publication import redaction

    consultation = poser_round(client, db, region, consultee_a, outbox)
    response = poser(consultation)
    redaction.add_passage(response, "Ola", "Personopplysninger", None, submission_now())
    for step in (consultations.close_consultation, consultations.mark_reported):
        step(consultation, submission_now())
    with pytest.raises(ValidationError, match="Ola"):  # publication refuses while the name shows anywhere
        consultations.publish_consultation(consultation, submission_now())
    # Were it published all the same (as rounds published before the check were), the pages mark it
    consultation.status, consultation.published_at = Status.PUBLISHED, submission_now()
    db.session.commit()
    pages = {"round": client.get(f"/horing/{consultation.slug}").get_data(as_text=True),
             "response": client.get(f"/horing/{consultation.slug}/svar/{response.consultee_id}").get_data(as_text=True)}
    for where, text in pages.items():
        assert "Ola" not in text, where
    assert "[Unntatt offentlighet: offl. § 13 jf. fvl. § 13 første ledd nr. 1]" in html.unescape(pages["response"])


def _without_tokens(page: str) -> str:
    # Signed form tokens carry the second they were made: two requests a second apart differ
    # there and nowhere else a reader sees.
    return re.sub(r'(name="(?:csrf_token|[a-z_]*proof)"[^>]*value=")[^"]*"', r'\1"', page)


def test_two_sign_ups_sent_at_once_make_one_respondent(db, open_round, outbox, monkeypatch):
    from app.publication import signup
    from app.timeutil import utcnow

    first = signup.sign_up(open_round, name="Rita", organisation="", email="rita@example.no", now=utcnow())
    db.session.commit()
    sent = len(outbox)
    # The second request looked for the address before the first had stored it: it meets the unique key
    calls, real = [], signup._existing
    monkeypatch.setattr(signup, "_existing", lambda c, e: calls.append(e) or (real(c, e) if len(calls) > 1 else None))
    second = signup.sign_up(open_round, name="Rita", organisation="", email="Rita@example.no ", now=utcnow())
    db.session.commit()
    assert second.id == first.id and len(outbox) == sent
    assert db.session.scalar(select(func.count(Consultee.id)).where(Consultee.is_public.is_(True))) == 1


def test_after_the_deadline_no_one_signs_up_unless_the_round_takes_late_answers(client, db, open_round, outbox):
    from datetime import timedelta

    from app.errors import ValidationError
    from app.publication.signup import sign_up
    from app.timeutil import utcnow

    open_round.deadline_at, open_round.accepts_late = utcnow() - timedelta(hours=1), False
    db.session.commit()
    url = f"/horing/{open_round.slug}/innspill"
    mailed = len(outbox)
    page = client.post(url, data=SIGNUP, follow_redirects=True).get_data(as_text=True)
    assert "Fristen for innspill er ute." in page and "Kari Nordmann" not in page and len(outbox) == mailed
    assert "Åpen for innspill" not in client.get("/horing").get_data(as_text=True)
    with pytest.raises(ValidationError, match="Fristen for innspill er ute"):
        sign_up(open_round, name="Kari", organisation="", email="kari@example.no", now=utcnow())
    open_round.accepts_late = True  # late answers are marked late, and anyone may still give one
    db.session.commit()
    assert "Sjekk e-posten din" in client.post(url, data=SIGNUP).get_data(as_text=True)
    assert "Åpen for innspill" in client.get("/horing").get_data(as_text=True)


def test_a_person_is_addressed_as_du_on_the_form_the_receipt_and_in_the_mails(client, db, region, consultee_a, outbox):
    from app.invitations import reminders
    from app.timeutil import utcnow

    def visible(page: str) -> str:
        body = page[page.index("<main"):page.index("</main>")]
        text = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)))
        for question in consultation.questions:  # the round's own questions are the secretariat's words
            text = text.replace(question.text, "").replace(question.help_text, "")
        return text

    consultation = make_consultation(db, region)
    consultation.is_open_to_public = True
    open_round_for(db, consultation, consultee_a)
    db.session.commit()
    client.post(f"/horing/{consultation.slug}/innspill", data={**POSER, "organisation": ""})
    link = link_in(outbox[-1])
    form_page = client.get(link).get_data(as_text=True)
    assert "Ditt svar" in visible(form_page) and "Det du skriver, lagres underveis" in visible(form_page)
    import_page = client.get(f"{link}/import").get_data(as_text=True)
    assert "Har du skrevet innspillet" in import_page and not re.search(r"\b[Dd]ere\b|vedtatt", visible(import_page))
    assert not re.search(r"\b[Dd]ere[s]?\b", visible(form_page)), re.findall(r"(?s).{0,60}\b[Dd]ere[s]?\b.{0,20}", visible(form_page))
    assert "det du har skrevet" in form_page  # the script's message when the session ran out
    person = next(i for i in consultation.invitations if i.consultee.is_public)
    reminder = reminders._remind(person, utcnow())
    db.session.commit()
    assert reminder is not None
    mail = outbox[-1]
    assert "Fristen for innspillet ditt" in mail.body and "dere" not in mail.body.lower()
    assert "Til Ola Nordmann" in mail.body and "/mine/" not in mail.body  # no account page for a person
    sent = client.post(link, data={**form_fields(consultation, complete_input(consultation, "Ny bru.")), "submit": "1",
                                   "version": "", "submission_key": page_key(form_page)})
    receipt = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "kvitteringen for det du sendte inn" in receipt and not re.search(r"\b[Dd]ere[s]?\b", visible(receipt))
    mail = outbox[-1]
    assert "har mottatt innspillet ditt" in mail.body and "Du kan endre svaret" in mail.body
    assert "dere" not in mail.body.lower()
    # In English the receipt names the sender in English (it said «Ola Nordmann (åpen høring)»)
    client.post("/language/en", data={"next": sent.headers["Location"]})
    english = html.unescape(client.get(sent.headers["Location"]).get_data(as_text=True))
    assert "Ola Nordmann (open consultation)" in english and "åpen høring" not in english


def test_a_person_is_told_of_a_moved_deadline_and_an_extension_as_du_without_an_account_link(db, region, consultee_a,
                                                                                           outbox):
    from datetime import timedelta

    from app.consultations import services
    from app.invitations import deadlines
    from app.publication import signup
    from app.timeutil import utcnow

    consultation = make_consultation(db, region)
    consultation.is_open_to_public = True
    open_round_for(db, consultation, consultee_a)
    person = signup.sign_up(consultation, name="Kari Test", organisation="", email="kari@example.no", now=utcnow())
    db.session.commit()
    services.update_consultation(consultation, title=consultation.title, description=consultation.description,
                                 opens_at=consultation.opens_at, deadline_at=consultation.deadline_at + timedelta(days=7),
                                 language=consultation.language, accepts_late=consultation.accepts_late)
    db.session.commit()
    moved = next(m for m in outbox if m.to == "kari@example.no" and "Ny høringsfrist" in m.subject)
    assert moved.body.startswith("Til Kari Test\n") and "innspillet ditt" in moved.body
    assert "dere" not in moved.body.lower() and "/mine/" not in moved.body
    request = deadlines.request_extension(person, person.deadline_at + timedelta(days=3), "Ferie", now=utcnow())
    deadlines.decide_extension(request, granted=True, answer="", by_id=None, now=utcnow())
    db.session.commit()
    granted = outbox[-1]
    assert granted.to == "kari@example.no" and "Du har fått utsatt frist" in granted.body
    assert "dere" not in granted.body.lower() and "(åpen høring" not in granted.body


def test_the_rounds_count_invited_consultees_apart_from_sign_ups(client, db, region, users, consultee_a, outbox):
    consultation = poser_round(client, db, region, consultee_a, outbox)  # Tinn invited and answered; Ola signed up
    login(client, users["secretariat"])
    page = client.get(f"/consultations/{consultation.slug}").get_data(as_text=True)
    assert re.search(r"<dt>Invitert / besvart</dt><dd>1 / 1</dd>", page)
    assert re.search(r"<dt>Påmeldt i åpen høring / besvart</dt><dd>1 / 1</dd>", page)
    invited = page.split('id="inv-title"', 1)[1].split("</section>", 1)[0]
    assert "Høringsinstanser (1)" in invited and "Tinn kommune" in invited and "Ola" not in invited
    rounds = client.get("/consultations/").get_data(as_text=True)
    row = rounds.split(consultation.title, 1)[1].split("</tr>", 1)[0]
    assert re.findall(r"<td>(\d+)</td>", row) == ["1", "1"]


def test_the_archive_screens_a_respondents_name_only_where_the_name_itself_is_withheld(client, db, region, consultee_a,
                                                                                      outbox):
    from app.publication import redaction
    from app.reports import records
    from app.timeutil import utcnow

    consultation = poser_round(client, db, region, consultee_a, outbox)
    response = poser(consultation)

    def access():
        entry = next(e for e in records.plan(consultation, utcnow()).entries
                     if e.access and "Ola Nordmann" in " ".join(name for _, name in e.parties))
        return entry.access.metadata

    # A phone number withheld: the name stays as public as on the published pages
    redaction.add_passage(response, "ny bru", "Personopplysninger", None, utcnow())
    consultation.case_number, consultation.archive_reference = "2031/7", "026"
    db.session.commit()
    assert access() == "Ingen"
    # His name withheld too: then the journal's public title hides it
    redaction.add_passage(response, "Ola vil", "Personopplysninger", None, utcnow())
    db.session.commit()
    assert access() == "Korrespondansepart"


def test_a_round_closed_before_its_deadline_says_so_and_its_signup_link_leads_to_it(client, db, open_round):
    from app.consultations import services as consultations
    from app.timeutil import utcnow

    consultations.close_consultation(open_round, utcnow())
    db.session.commit()
    shared = client.get(f"/horing/{open_round.slug}/innspill", follow_redirects=True)
    page = shared.get_data(as_text=True)
    assert shared.status_code == 200 and "Høringen er avsluttet, og det kan ikke lenger gis innspill." in page
    assert "Høringen ble avsluttet" in page and "Fristen for innspill er ute" not in page
    listing = client.get("/horing").get_data(as_text=True)
    assert "Avsluttet " in listing and "Fristen er ute" not in listing


def test_a_round_only_the_public_answered_is_summarised_without_talk_of_invitations(client, db, consultation,
                                                                                    outbox):
    from app.consultations import services as consultations
    from app.reports.services import collect
    from app.timeutil import utcnow

    consultation.is_open_to_public = True
    open_round_for(db, consultation)  # opened with its draft, nobody invited
    client.post(f"/horing/{consultation.slug}/innspill", data=SIGNUP)
    link = link_in(outbox[-1])
    page = client.get(link).get_data(as_text=True)
    data = {**form_fields(consultation, complete_input(consultation, "Flere turstier, takk.")), "submit": "1",
            "version": page_version(page), "submission_key": page_key(page)}
    assert client.post(link, data=data).status_code == 302
    for step in (consultations.close_consultation, consultations.mark_reported, consultations.publish_consultation):
        step(consultation, utcnow())
    db.session.commit()
    report = collect(consultation, utcnow().date())
    assert "Alle inviterte har svart." not in report.status.lines
    public = client.get(f"/horing/{consultation.slug}/oppsummering").get_data(as_text=True)
    assert "0 høringsinstanser ble invitert" not in public and "Høringen var åpen for alle, og det kom ett innspill." in public
    assert "referatene fra dialogmøtene" not in public and "Her følger høringssvarene slik de ble sendt inn." in public
    round_page = client.get(f"/horing/{consultation.slug}").get_data(as_text=True)
    assert 'id="consultees-title"' not in round_page  # no heading over an empty list


def test_a_round_open_to_all_with_nobody_invited_is_not_said_to_send_invitations(client, db, users, consultation):
    from app.consultations import services as consultations

    consultation.is_open_to_public = True
    consultations.add_draft_file(consultation, filename="u.docx", data=docx_bytes(kongsberg_shaped_draft), user=None,
                                 max_bytes=10_000_000)
    db.session.commit()
    login(client, users["secretariat"])
    page = client.get(f"/consultations/{consultation.slug}").get_data(as_text=True)
    assert "Ingen er invitert: høringen er åpen for alle" in page and "send invitasjoner" not in page
    opened = client.post(f"/consultations/{consultation.slug}/open", follow_redirects=True).get_data(as_text=True)
    assert "Ingen er invitert, så ingen invitasjoner er sendt." in opened and "invitasjonene er sendt" not in opened
    public = client.get(f"/horing/{consultation.slug}").get_data(as_text=True)
    assert "Dette spørres det om" in public


def test_on_english_pages_a_person_is_marked_in_english_in_the_findings_and_the_lists(client, db, region, users,
                                                                                     consultee_a, outbox):
    consultation = poser_round(client, db, region, consultee_a, outbox)
    login(client, users["secretariat"])
    client.post("/language/en", data={"next": "/"})
    marked = "Ola Nordmann (open consultation, stated organisation: Tinn kommune)"
    for path in ("overview", "invitations"):
        page = html.unescape(client.get(f"/consultations/{consultation.slug}/{path}").get_data(as_text=True))
        assert marked in page and "åpen høring" not in page.split("<main", 1)[1], path
