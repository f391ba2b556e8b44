"""The consultee's response: drafts, submit, versions, deadlines, extensions, privacy."""
from __future__ import annotations

import html
import io
import re
from datetime import timedelta

import pytest
from docx import Document
from sqlalchemy import func, select

from app.consultations import services as consultations
from app.invitations import deadlines as extensions
from app.models import Language, QuestionKind, ResponseStatus, ResponseVersion, Role, Status
from app.responses import submission
from app.timeutil import format_local_datetime, utcnow
from tests.conftest import docx_bytes, login, make_consultation
from tests.factories import complete_input, form_fields, invitation_of, open_round_for, page_key, page_version
from tests.pdfs import make_pdf


def test_a_consultee_saves_a_draft_then_submits_and_gets_a_receipt(client, db, round_):
    consultation, link, _ = round_
    page = client.get(link).get_data(as_text=True)
    assert "Ikke påbegynt" in page and "Samferdsel og infrastruktur" in page
    data = form_fields(consultation, complete_input(consultation, "Vi vil ha bedre veier.\n\nOg tog."))
    response = client.post(link, data={**data, "save": "1", "version": "", "submission_key": page_key(page)})
    assert response.status_code == 302
    page = client.get(link).get_data(as_text=True)
    assert "Utkast lagret" in page and "Vi vil ha bedre veier." in page
    response = client.post(link, data={**data, "submit": "1", "version": page_version(page),
                                       "submission_key": page_key(page)})
    assert response.status_code == 302 and response.headers["Location"].endswith("/kvittering/1")
    receipt = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Svaret er mottatt" in receipt and "Vi vil ha bedre veier." in receipt and "19/4976" in receipt
    document = Document(io.BytesIO(client.get(response.headers["Location"] + ".docx").data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Tinn kommune" in text or any("Tinn kommune" in c.text for t in document.tables for r in t.rows for c in r.cells)
    invitation = invitation_of(consultation, "Tinn kommune")
    assert invitation.answered_at is not None


def test_submit_with_missing_answers_keeps_everything_and_saves_the_draft(client, db, round_):
    consultation, link, _ = round_
    page = client.get(link).get_data(as_text=True)
    data = form_fields(consultation, complete_input(consultation))
    first = consultation.focus_areas[0]
    data[f"pos-{first.id}"], data[f"com-{first.id}"] = "", "En lang kommentar vi ikke vil miste"
    response = client.post(link, data={**data, "submit": "1", "version": "", "submission_key": page_key(page)})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"{first.title}: Velg et standpunkt." in page and "En lang kommentar vi ikke vil miste" in page
    saved = submission.response_for(invitation_of(consultation, "Tinn kommune"))
    assert saved.status is ResponseStatus.DRAFT and saved.versions == []
    assert any(a.text == "En lang kommentar vi ikke vil miste" for a in saved.answers)


def test_ranking_must_be_a_full_ordering(db, round_):
    consultation, _, _ = round_
    invitation = invitation_of(consultation, "Tinn kommune")
    data = complete_input(consultation)
    first, second = consultation.focus_areas[:2]
    data.ranks[second.id] = data.ranks[first.id]
    with pytest.raises(submission.IncompleteError) as error:
        submission.submit(invitation, data, expected_version=None, submission_key="k", now=utcnow(), via="link")
    assert any(key.startswith("rank-") for key in error.value.errors)


def test_the_same_form_submitted_twice_makes_one_version(client, db, round_):
    consultation, link, _ = round_
    page = client.get(link).get_data(as_text=True)
    form = {**form_fields(consultation, complete_input(consultation)), "submit": "1", "version": "",
            "submission_key": page_key(page)}
    first, second = client.post(link, data=form), client.post(link, data=form)
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(select(func.count(ResponseVersion.id))) == 1


def test_submitting_again_without_changes_makes_no_new_version(db, round_):
    consultation, _, _ = round_
    invitation = invitation_of(consultation, "Tinn kommune")
    data = complete_input(consultation)
    first = submission.submit(invitation, data, expected_version=None, submission_key="a", now=utcnow(), via="link")
    again = submission.submit(invitation, data, expected_version=submission.version_of(invitation), submission_key="b", now=utcnow(), via="link")
    assert again is first


def test_amending_makes_a_new_version_and_the_secretariat_sees_what_changed(client, db, users, round_):
    consultation, _, _ = round_
    invitation = invitation_of(consultation, "Tinn kommune")
    data = complete_input(consultation)
    submission.submit(invitation, data, expected_version=None, submission_key="a", now=utcnow(), via="link")
    area = consultation.focus_areas[0]
    data.positions[area.id], data.comments[area.id] = "uenig", "Vi har endret syn etter politisk behandling."
    version = submission.submit(invitation, data, expected_version=submission.version_of(invitation), submission_key="b", now=utcnow(), via="link")
    db.session.commit()
    assert version.number == 2 and [v.number for v in version.response.versions] == [1, 2]
    login(client, users["secretariat"])
    page = client.get(f"/consultations/{consultation.slug}/responses/{invitation.consultee_id}").get_data(as_text=True)
    assert "Endret fra versjon 1" in page and "Uenig" in page and "politisk behandling" in page
    old = client.get(f"/consultations/{consultation.slug}/responses/{invitation.consultee_id}?versjon=1")
    assert "Vi støtter satsingen." in old.get_data(as_text=True)


def test_a_stale_page_cannot_overwrite_a_newer_save(client, db, round_):
    consultation, link, _ = round_
    tab_one = client.get(link).get_data(as_text=True)
    tab_two = client.get(link).get_data(as_text=True)
    data = form_fields(consultation, complete_input(consultation, "Fra fane én"))
    client.post(link, data={**data, "save": "1", "version": page_version(tab_one), "submission_key": page_key(tab_one)})
    first_save = client.get(link).get_data(as_text=True)
    client.post(link, data={**data, "save": "1", "version": page_version(first_save),
                            "submission_key": page_key(first_save)})
    data = form_fields(consultation, complete_input(consultation, "Fra fane to, gammel side"))
    response = client.post(link, data={**data, "save": "1", "version": page_version(first_save),
                                       "submission_key": page_key(tab_two)})
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and "lagret et annet sted" in page and "Fra fane to, gammel side" in page
    saved = submission.response_for(invitation_of(consultation, "Tinn kommune"))
    assert {a.text for a in saved.answers if a.position} == {"Fra fane én"}


def test_after_the_deadline_responses_are_marked_late_when_the_round_allows(db, round_):
    consultation, _, _ = round_
    invitation = invitation_of(consultation, "Tinn kommune")
    late = consultation.deadline_at + timedelta(hours=1)
    version = submission.submit(invitation, complete_input(consultation), expected_version=None,
                                submission_key="k", now=late, via="link")
    assert version.is_late and version.response.is_late and version.snapshot_data["is_late"]


def test_after_the_deadline_responses_are_refused_when_the_round_says_so(db, round_):
    consultation, _, _ = round_
    consultation.accepts_late = False
    invitation = invitation_of(consultation, "Tinn kommune")
    late = consultation.deadline_at + timedelta(minutes=1)
    with pytest.raises(submission.SubmitRefused, match="Fristen er ute"):
        submission.submit(invitation, complete_input(consultation), expected_version=None, submission_key="k",
                          now=late, via="link")
    # What was typed as the deadline passed is kept as the draft, to be sent once the deadline is extended
    draft = submission.save_draft(invitation, complete_input(consultation, "Skrevet mens fristen gikk ut"),
                                  expected_version=None, now=late)
    assert draft.versions == [] and "Skrevet mens fristen gikk ut" in {a.text for a in draft.answers}


def test_a_closed_round_or_one_not_opened_yet_takes_no_draft(db, round_):
    consultation, _, _ = round_
    invitation = invitation_of(consultation, "Tinn kommune")
    with pytest.raises(submission.SubmitRefused, match="ikke åpnet"):
        submission.save_draft(invitation, complete_input(consultation), expected_version=None,
                              now=consultation.opens_at - timedelta(minutes=1))
    consultations.close_consultation(consultation, utcnow())
    with pytest.raises(submission.SubmitRefused, match="tar ikke imot svar nå"):
        submission.save_draft(invitation, complete_input(consultation), expected_version=None, now=utcnow())


def test_text_typed_as_the_deadline_passes_is_autosaved_and_the_page_says_it_cannot_be_sent(client, db, round_):
    consultation, link, _ = round_
    consultation.accepts_late = False
    db.session.commit()
    invitation = invitation_of(consultation, "Tinn kommune")
    page = client.get(link).get_data(as_text=True)
    consultation.deadline_at = utcnow() - timedelta(minutes=1)  # the deadline passed while the page was open
    db.session.commit()
    data = form_fields(consultation, complete_input(consultation, "Siste setning skrevet klokka 23.59"))
    saved = client.post(f"{link}/autosave", data={**data, "version": "", "submission_key": page_key(page)})
    assert saved.status_code == 200 and saved.json["saved"]
    again = client.get(link).get_data(as_text=True)
    assert "Siste setning skrevet klokka 23.59" in again and "kan dere sende inn" in again
    assert 'name="submit"' not in again and 'name="save"' in again and "<fieldset class=\"plain\">" in again
    sent = client.post(link, data={**data, "version": page_version(again), "submission_key": page_key(again),
                                   "submit": "1"})
    assert sent.status_code == 409 and "Fristen er ute" in sent.get_data(as_text=True)
    assert submission.response_for(invitation).versions == []


def test_a_granted_extension_moves_the_deadline_and_the_consultee_sees_the_answer(client, db, users, round_):
    consultation, link, _ = round_
    consultation.accepts_late = False
    db.session.commit()
    until = (consultation.deadline_at + timedelta(days=10)).date()
    response = client.post(f"{link}/utsatt-frist", data={"until_date": until.isoformat(), "until_time": "23:59",
                                                        "reason": "Saken behandles i kommunestyret 20. juni."})
    assert response.status_code == 302
    invitation = invitation_of(consultation, "Tinn kommune")
    request = invitation.pending_extension
    assert request is not None and request.reason.startswith("Saken behandles")
    login(client, users["secretariat"])
    # The round's own page says a request waits, with who, and leads to the answer
    page = client.get(f"/consultations/{consultation.slug}").get_data(as_text=True)
    assert "1 høringsinstans har bedt om utsatt frist og venter på svar:" in page and "Tinn kommune." in page
    assert f'/consultations/{consultation.slug}/responses?vis=extension"' in page
    board = client.get(f"/consultations/{consultation.slug}/responses?vis=extension").get_data(as_text=True)
    assert "Saken behandles i kommunestyret" in board
    client.post(f"/consultations/{consultation.slug}/invitations/extensions/{request.id}/grant", data={"answer": "Greit."})
    db.session.refresh(invitation)
    assert invitation.deadline_at > consultation.deadline_at
    assert "har bedt om utsatt frist" not in client.get(f"/consultations/{consultation.slug}").get_data(as_text=True)
    submission.save_draft(invitation, complete_input(consultation), expected_version=None,
                          now=consultation.deadline_at + timedelta(days=5))
    db.session.commit()  # a request cannot write while the test holds an open write (SQLite waits 10 s, then fails)
    assert client.post("/logout").status_code == 302
    assert "Innvilget" in client.get(link).get_data(as_text=True)


def test_declined_extensions_leave_the_deadline(db, users, round_):
    consultation, _, _ = round_
    invitation = invitation_of(consultation, "Tinn kommune")
    request = extensions.request_extension(invitation, consultation.deadline_at + timedelta(days=3), "Trenger tid",
                                           now=utcnow())
    extensions.decide_extension(request, granted=False, answer="Nei", by_id=users["secretariat"].id, now=utcnow())
    assert invitation.deadline_at == consultation.deadline_at
    with pytest.raises(Exception, match="allerede behandlet"):
        extensions.decide_extension(request, granted=True, answer="", by_id=users["secretariat"].id, now=utcnow())


def test_an_extension_must_move_the_deadline_later(db, round_):
    consultation, _, _ = round_
    with pytest.raises(Exception, match="etter fristen"):
        extensions.request_extension(invitation_of(consultation, "Tinn kommune"), consultation.deadline_at,
                                     "Grunn", now=utcnow())


def test_our_rounds_say_when_changes_to_a_sent_answer_are_saved_but_not_sent(client, db, users, round_):
    consultation, _, _ = round_
    tinn = invitation_of(consultation, "Tinn kommune")
    submission.submit(tinn, complete_input(consultation), expected_version=None, submission_key="k", now=utcnow(),
                      via="link")
    db.session.commit()
    login(client, users["consultee_a"])
    unsent = "Endringer er lagret, men ikke sendt inn"
    page = client.get("/mine").get_data(as_text=True)
    assert "Svar sendt inn" in page and unsent not in page
    submission.save_draft(tinn, complete_input(consultation, "Et nytt avsnitt."), expected_version=submission.version_of(tinn),
                          now=utcnow())
    db.session.commit()
    page = client.get("/mine").get_data(as_text=True)
    assert "Svar sendt inn" in page and unsent in page  # the deadline-day clerk sees there is more to send


def test_past_the_deadline_a_consultee_whose_request_for_more_time_waits_is_told_so_not_to_ask(client, db, round_):
    consultation, link, _ = round_
    consultation.accepts_late = False
    tinn = invitation_of(consultation, "Tinn kommune")
    extensions.request_extension(tinn, consultation.deadline_at + timedelta(days=7), "Kommunestyret møtes sent.",
                                 now=utcnow())
    consultation.deadline_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    page = client.get(link).get_data(as_text=True)
    assert "Søknaden deres om utsatt frist venter på svar" in page and "Be om utsatt frist nedenfor" not in page
    sent = client.post(link, data={**form_fields(consultation, complete_input(consultation)), "submit": "1",
                                   "version": "", "submission_key": "k"}).get_data(as_text=True)
    assert "Søknaden om utsatt frist venter på svar." in sent


def test_an_older_receipt_says_a_later_version_replaced_it_and_leads_there(client, db, round_):
    consultation, link, _ = round_
    tinn = invitation_of(consultation, "Tinn kommune")
    for key in ("k1", "k2"):
        submission.submit(tinn, complete_input(consultation, f"Versjon {key}."), expected_version=submission.version_of(tinn),
                          submission_key=key, now=utcnow(), via="link")
        db.session.commit()
    older = client.get(f"{link}/kvittering/1").get_data(as_text=True)
    assert "Det er versjon 2 som gjelder" in older and f'href="{link}/kvittering/2"' in older
    assert "som gjelder" not in client.get(f"{link}/kvittering/2").get_data(as_text=True)


def test_a_refused_request_for_more_time_does_not_mark_the_untouched_answer_form_as_unsaved(client, db, round_):
    """The answer form shown again beside the refused request holds what is saved: leaving the page must not
    autosave it as a new draft (a consultee who never typed an answer got an empty «Utkast» and a reminder)."""
    consultation, link, _ = round_
    refused = client.post(f"{link}/utsatt-frist", data={"until_date": consultation.deadline_at.date().isoformat(),
                                                       "until_time": "00:00", "reason": "Trenger tid."})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Trenger tid." in page
    assert 'data-unsaved="1"' not in page  # a refused save or submit is marked (tests/app/test_response_form.py)


def test_a_post_only_address_of_the_form_opened_in_the_browser_leads_back_to_the_form(client, db, round_):
    """A refused request for more time is shown at /utsatt-frist: reloading or restoring it must not be a bare 405."""
    _, link, _ = round_
    for path, anchor in (("utsatt-frist", "frist"), ("vedlegg", "vedlegg"), ("vedlegg/1/slett", "vedlegg")):
        response = client.get(f"{link}/{path}")
        assert response.status_code == 302 and response.location.endswith(f"{link}#{anchor}"), path
    refused = client.get(f"{link}/autosave")  # no page leads there: the app's own page, in the user's language
    assert refused.status_code == 405 and "Siden kan ikke åpnes slik" in refused.get_data(as_text=True)
    assert 'class="site-header"' in refused.get_data(as_text=True)


def test_closed_rounds_take_no_responses(db, round_):
    consultation, _, _ = round_
    consultations.close_consultation(consultation, utcnow())
    with pytest.raises(submission.SubmitRefused):
        submission.submit(invitation_of(consultation, "Tinn kommune"), complete_input(consultation),
                          expected_version=None, submission_key="k", now=utcnow(), via="link")


def test_a_closed_rounds_link_says_the_round_ended_and_whether_the_answer_came_in(client, db, round_):
    consultation, link_a, link_b = round_
    tinn = invitation_of(consultation, "Tinn kommune")
    version = submission.submit(tinn, complete_input(consultation), expected_version=None, submission_key="k",
                                now=utcnow(), via="link")
    db.session.commit()
    unsent = "ble ikke sendt inn før høringen ble avsluttet"
    consultations.close_consultation(consultation, utcnow())
    db.session.commit()
    answered = client.get(link_a)
    page = answered.get_data(as_text=True)
    assert answered.status_code == 410 and "Høringen er avsluttet" in page and unsent not in page
    submission.response_for(tinn).has_unsubmitted_changes = True  # saved after sending, before the close
    db.session.commit()
    assert "Endringene dere lagret etter versjon 1, " + unsent in client.get(link_a).get_data(as_text=True)
    assert version.receipt_number in page and "Vi støtter satsingen" not in page  # nothing of the answer itself
    assert f'<span class="nowrap">{version.receipt_number}</span>' in page  # a phone does not break it at a hyphen
    # The receipt the receipt mail links to stays readable, as does its Word file; nothing else does
    assert f'href="{link_a}/kvittering/1"' in page
    receipt = client.get(f"{link_a}/kvittering/1")
    assert receipt.status_code == 200 and "Vi støtter satsingen" in receipt.get_data(as_text=True)
    assert client.get(f"{link_a}/kvittering/1.docx").status_code == 200
    assert client.get(f"{link_b}/kvittering/1").status_code == 404  # Rollag sent nothing; Tinn's is not its
    assert client.post(f"{link_a}/autosave", data={"version": "1"}).status_code == 410  # nothing is saved
    assert client.get(f"{link_a}/utkast.docx").status_code == 410
    silent = client.get(link_b).get_data(as_text=True)
    assert "Det kom ikke inn noe svar" in silent and version.receipt_number not in silent
    assert client.get("/svar/" + "x" * 43).status_code == 404  # an unknown link is still not found
    consultations.mark_reported(consultation, utcnow())
    consultations.publish_consultation(consultation, utcnow())
    db.session.commit()
    assert f"/horing/{consultation.slug}" in client.get(link_a).get_data(as_text=True)


def test_the_closed_page_names_the_day_answers_ended_not_an_extension_that_still_ran(client, db, round_):
    consultation, link_a, _ = round_
    invitation = invitation_of(consultation, "Tinn kommune")
    invitation.deadline_override_at = consultation.deadline_at + timedelta(days=14)
    closed = utcnow()
    consultations.close_consultation(consultation, closed)
    db.session.commit()
    page = client.get(link_a).get_data(as_text=True)
    assert f"tok imot svar til {format_local_datetime(closed)}" in html.unescape(page)
    assert format_local_datetime(invitation.deadline_at) not in html.unescape(page)


def test_one_consultee_can_never_reach_another_consultees_response(client, db, users, round_):
    consultation, link_a, link_b = round_
    invitation = invitation_of(consultation, "Tinn kommune")
    from app.responses import attachments

    attachment = attachments.add(invitation, filename="vedtak.pdf", data=make_pdf("/Lang (nb) "), max_bytes=10_000,
                                 now=utcnow())
    submission.submit(invitation, complete_input(consultation, "Tinns egne ord"), expected_version=submission.version_of(invitation),
                      submission_key="a", now=utcnow(), via="link")
    db.session.commit()
    assert client.get(f"{link_b}/kvittering/1").status_code == 404
    assert client.get(f"{link_b}/vedlegg/{attachment.id}").status_code == 404
    assert client.post(f"{link_b}/vedlegg/{attachment.id}/slett").status_code == 404
    assert "Tinns egne ord" not in client.get(link_b).get_data(as_text=True)
    login(client, users["consultee_b"])
    assert client.get(f"/mine/{consultation.slug}/kvittering/1").status_code == 404
    assert client.get(f"/mine/{consultation.slug}/vedlegg/{attachment.id}").status_code == 404
    assert "Tinns egne ord" not in client.get(f"/mine/{consultation.slug}").get_data(as_text=True)
    client.post("/logout")
    login(client, users["consultee_a"])
    assert "Tinns egne ord" in client.get(f"/mine/{consultation.slug}/kvittering/1").get_data(as_text=True)
    assert client.get(f"/mine/{consultation.slug}/vedlegg/{attachment.id}").data == make_pdf("/Lang (nb) ")


def test_the_public_and_other_consultees_cannot_read_responses_before_publication(client, db, users, round_):
    consultation, _, _ = round_
    invitation = invitation_of(consultation, "Tinn kommune")
    submission.submit(invitation, complete_input(consultation), expected_version=None, submission_key="a",
                      now=utcnow(), via="link")
    db.session.commit()
    url = f"/consultations/{consultation.slug}/responses/{invitation.consultee_id}"
    assert client.get(url).status_code == 302
    login(client, users["consultee_b"])
    assert client.get(url).status_code == 403
    client.post("/logout")
    login(client, users["council"])  # the council reads the responses it is to decide on
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("name, data, ok", [
    ("vedtak.pdf", make_pdf(), True),
    ("vedtak.pdf", b"%PDF-1.7 ...", False),
    ("vedtak.docx", docx_bytes(lambda d: d.add_paragraph("Vedtak")), True),
    ("vedtak.pdf", b"plain text pretending", False),
    ("vedtak.docx", b"PK\x03\x04 broken", False),
])
def test_attachments_are_checked_by_content(client, db, round_, name, data, ok):
    consultation, link, _ = round_
    page = client.post(f"{link}/vedlegg", data={"attachment": (io.BytesIO(data), name)},
                       content_type="multipart/form-data", follow_redirects=True).get_data(as_text=True)
    saved = submission.response_for(invitation_of(consultation, "Tinn kommune"))
    assert (saved is not None and len(saved.attachments) == 1) is ok
    assert ("er lastet opp" in page) is ok


def test_autosave_stores_the_working_copy_and_reports_the_time(client, db, round_):
    consultation, link, _ = round_
    page = client.get(link).get_data(as_text=True)
    data = form_fields(consultation, complete_input(consultation, "Skrevet mens vi tenkte"))
    result = client.post(f"{link}/autosave", data={**data, "version": "", "submission_key": page_key(page)})
    assert result.status_code == 200 and result.json["saved"] and re.match(r"\d\d:\d\d", result.json["saved_at"])
    stale = client.post(f"{link}/autosave", data={**data, "version": "0", "submission_key": page_key(page)})
    assert stale.status_code == 409 and not stale.json["saved"]
    # Another tab opened before the first save has no version: its autosave is refused too, and says why.
    other_tab = client.post(f"{link}/autosave", data={**data, "version": "", "submission_key": page_key(page)})
    assert other_tab.status_code == 409 and "Autolagringen er stoppet" in other_tab.json["message"]


def test_autosave_with_a_text_over_its_cap_saves_everything_else_and_says_what_it_kept_back(client, db, round_):
    consultation, link, _ = round_
    from app.snapshot import MAX_ANSWER

    page = client.get(link).get_data(as_text=True)
    data = form_fields(consultation, complete_input(consultation, "Første utkast"))
    first = client.post(f"{link}/autosave", data={**data, "version": "", "submission_key": page_key(page)})
    assert first.json["saved"] and not first.json["partial"]
    over, other = consultation.focus_areas[0], consultation.focus_areas[1]
    question = next(q for q in consultation.questions if f"q-{q.id}" in data)
    data.update({f"com-{over.id}": "x" * (MAX_ANSWER + 1), f"com-{other.id}": "Skrevet etter det lange limet",
                 "case_number": "19/", f"q-{question.id}": "y" * (MAX_ANSWER + 1)})
    result = client.post(f"{link}/autosave", data={**data, "version": str(first.json["version"]),
                                                  "submission_key": page_key(page)})
    assert result.status_code == 200 and result.json["saved"] and result.json["partial"]
    assert over.title in result.json["warning"] and "Resten er lagret" in result.json["warning"]
    assert "Saksnummer" in result.json["warning"]  # still named, and saved as typed
    assert question.text in result.json["warning"] and "?:" not in result.json["warning"]
    assert ".." not in result.json["warning"]
    saved = submission.response_for(invitation_of(consultation, "Tinn kommune"))
    texts = {a.focus_area_id: a.text for a in saved.answers if a.focus_area_id and a.text}
    assert texts[over.id] == "Første utkast" and texts[other.id] == "Skrevet etter det lange limet"
    assert saved.case_number == "19/"


@pytest.mark.parametrize("button", [{"save": "1"}, {"language": "en"}])
def test_saving_or_switching_language_with_a_text_over_its_cap_saves_the_rest_and_keeps_that_text(client, db,
                                                                                                  round_, button):
    from app.snapshot import MAX_ANSWER

    consultation, link, _ = round_
    page = client.get(link).get_data(as_text=True)
    over, other = consultation.focus_areas[0], consultation.focus_areas[1]
    data = form_fields(consultation, complete_input(consultation, "Første utkast"))
    data.update({f"com-{over.id}": "x" * (MAX_ANSWER + 1), f"com-{other.id}": "Skrevet ved siden av"})
    response = client.post(link, data={**data, **button, "version": page_version(page),
                                       "submission_key": page_key(page)})
    text = response.get_data(as_text=True)
    assert response.status_code == 422 and "x" * (MAX_ANSWER + 1) in text  # the long text is still there
    if "language" in button:
        assert '<html lang="en"' in text and "The draft is saved, except" in text
    else:
        assert "Utkastet er lagret, unntatt dette" in text and over.title in text
    saved = submission.response_for(invitation_of(consultation, "Tinn kommune"))
    texts = {a.focus_area_id: a.text for a in saved.answers if a.focus_area_id and a.text}
    assert texts[other.id] == "Skrevet ved siden av" and over.id not in texts
    # the page now carries the saved version: saving again after cutting the text down is not a conflict
    assert page_version(text) == str(saved.version)


def test_a_stale_tab_that_typed_in_the_field_another_tab_saved_is_told_its_own_text_is_still_in_the_form(
        client, db, round_):
    consultation, link, _ = round_
    first_tab, second_tab = (client.get(link).get_data(as_text=True) for _ in range(2))
    area = consultation.focus_areas[0]
    mine = form_fields(consultation, complete_input(consultation, "Teksten fra den første fanen"))
    client.post(link, data={**mine, "save": "1", "version": "", "submission_key": page_key(first_tab)})
    theirs = {**form_fields(consultation, complete_input(consultation, "Teksten fra den andre fanen")),
              "_touched": [f"com-{area.id}"], f"_base-com-{area.id}": ""}  # as the page's script sends it
    page = client.post(link, data={**theirs, "save": "1", "version": "", "submission_key": page_key(second_tab)}
                       ).get_data(as_text=True)
    assert "står det som ble skrevet her, fortsatt i skjemaet" in html.unescape(page)
    assert "Det som ble endret der, står nå i skjemaet; se over" not in html.unescape(page)
    assert re.search(rf'name="com-{area.id}">\s*Teksten fra den andre fanen</textarea>', page)


def test_two_tabs_loaded_before_the_first_save_cannot_overwrite_each_other(client, db, round_):
    consultation, link, _ = round_
    first_tab, second_tab = (client.get(link).get_data(as_text=True) for _ in range(2))
    assert page_version(first_tab) == page_version(second_tab) == ""
    area = consultation.focus_areas[0]
    mine = form_fields(consultation, complete_input(consultation, "Teksten fra den første fanen"))
    theirs = form_fields(consultation, complete_input(consultation, "Teksten fra den andre fanen"))
    client.post(link, data={**mine, "save": "1", "version": "", "submission_key": page_key(first_tab)})
    stale = client.post(link, data={**theirs, "save": "1", "version": "", "submission_key": page_key(second_tab)})
    page = stale.get_data(as_text=True)
    saved = submission.response_for(invitation_of(consultation, "Tinn kommune"))
    assert stale.status_code == 409 and saved.answers and all("første" in a.text for a in saved.answers if a.text
                                                              and a.focus_area_id)
    # Both texts are shown per field, what was typed stays in the form, and the page carries the current version.
    assert "Det som er lagret nå, og det du skrev" in page and f'href="#com-{area.id}"' in page
    assert page.count("Teksten fra den første fanen") == len(consultation.focus_areas)
    assert re.search(rf'name="com-{area.id}">\s*Teksten fra den andre fanen</textarea>', page)
    assert page_version(page) == str(saved.version)
    again = client.post(link, data={**theirs, "save": "1", "version": page_version(page),
                                     "submission_key": page_key(page)})
    assert again.status_code == 302
    db.session.expire_all()
    # the comment on the focus area (its ranking answer has the same focus area and no text)
    assert next(a.text for a in saved.answers if a.focus_area_id == area.id and a.text) == "Teksten fra den andre fanen"


def test_a_stale_submit_makes_no_version_and_shows_both_texts(client, db, round_):
    consultation, link, _ = round_
    stale_tab = client.get(link).get_data(as_text=True)
    submission.save_draft(invitation_of(consultation, "Tinn kommune"), complete_input(consultation, "Kollegaens tekst"),
                          expected_version=None, now=utcnow())
    db.session.commit()
    data = form_fields(consultation, complete_input(consultation, "Min tekst"))
    response = client.post(link, data={**data, "submit": "1", "version": page_version(stale_tab),
                                       "submission_key": page_key(stale_tab)})
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and db.session.scalar(select(func.count(ResponseVersion.id))) == 0
    assert "Kollegaens tekst" in page and "Min tekst" in page


def test_a_stale_page_that_says_what_was_typed_in_is_merged_field_by_field(client, db, round_):
    """The page's script sends the fields typed in (_touched) and what each held before (_base-): a colleague's
    text in a field not typed in here is kept, and the save goes through without a conflict."""
    consultation, link, _ = round_
    stale_tab = client.get(link).get_data(as_text=True)
    invitation = invitation_of(consultation, "Tinn kommune")
    first, second = (a.id for a in consultation.focus_areas[:2])
    colleague = complete_input(consultation, "")
    colleague.comments = {first: "Kollegaens tekst"}
    submission.save_draft(invitation, colleague, expected_version=None, now=utcnow())
    db.session.commit()
    mine = complete_input(consultation, "")
    mine.comments = {second: "Min tekst"}
    data = form_fields(consultation, mine)
    merged = client.post(link, data={**data, "save": "1", "version": page_version(stale_tab),
                                     "submission_key": page_key(stale_tab), "_touched": f"com-{second}",
                                     f"_base-com-{second}": ""}, follow_redirects=True)
    assert merged.status_code == 200 and "er tatt med" in merged.get_data(as_text=True)
    saved = {a.focus_area_id: a.text for a in submission.response_for(invitation).answers if a.focus_area_id and a.text}
    assert saved[first] == "Kollegaens tekst" and saved[second] == "Min tekst"


def test_a_stale_page_that_changed_what_was_also_changed_elsewhere_shows_only_that_field(client, db, round_):
    consultation, link, _ = round_
    stale_tab = client.get(link).get_data(as_text=True)
    invitation = invitation_of(consultation, "Tinn kommune")
    first, second = (a.id for a in consultation.focus_areas[:2])
    colleague = complete_input(consultation, "")
    colleague.comments = {first: "Kollegaens tekst", second: "Kollegaens andre tekst"}
    submission.save_draft(invitation, colleague, expected_version=None, now=utcnow())
    db.session.commit()
    mine = complete_input(consultation, "")
    mine.comments = {second: "Min tekst"}
    for action in ("save", "submit"):
        page = client.post(link, data={**form_fields(consultation, mine), action: "1",
                                       "version": page_version(stale_tab), "submission_key": page_key(stale_tab),
                                       "_touched": f"com-{second}", f"_base-com-{second}": ""})
        text = page.get_data(as_text=True)
        assert page.status_code == 409 and "Min tekst" in text and "Kollegaens andre tekst" in text
        # the field not typed in holds the colleague's text, and is not offered as a conflict
        assert re.search(rf'<textarea[^>]*name="com-{first}"[^>]*>\s*Kollegaens tekst</textarea>', text), action
        assert text.count('class="conflict-pair') == 1, action
    saved = {a.focus_area_id: a.text for a in submission.response_for(invitation).answers if a.focus_area_id and a.text}
    assert saved[second] == "Kollegaens andre tekst"  # nothing replaced before the user chooses


def test_a_stale_submit_that_would_send_text_saved_elsewhere_asks_first(client, db, round_):
    consultation, link, _ = round_
    stale_tab = client.get(link).get_data(as_text=True)
    invitation = invitation_of(consultation, "Tinn kommune")
    first = consultation.focus_areas[0].id
    colleague = complete_input(consultation, "Felles tekst")
    colleague.comments[first] = "Kollegaens tekst"
    submission.save_draft(invitation, colleague, expected_version=None, now=utcnow())
    db.session.commit()
    data = form_fields(consultation, complete_input(consultation, "Felles tekst"))
    page = client.post(link, data={**data, "submit": "1", "version": page_version(stale_tab),
                                   "submission_key": page_key(stale_tab), "_touched": "case_number",
                                   "_base-case_number": ""})
    assert page.status_code == 409 and "se over og trykk på knappen igjen" in page.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ResponseVersion.id))) == 0


def test_a_save_without_a_version_expects_no_working_copy(db, round_):
    consultation, _, _ = round_
    invitation = invitation_of(consultation, "Tinn kommune")
    submission.save_draft(invitation, complete_input(consultation, "Først"), expected_version=None, now=utcnow())
    for expected in (None, 0, 99):
        with pytest.raises(submission.ConflictError):
            submission.save_draft(invitation, complete_input(consultation, "Over"), expected_version=expected,
                                  now=utcnow())
    with pytest.raises(submission.ConflictError):
        submission.submit(invitation, complete_input(consultation), expected_version=None, submission_key="x",
                          now=utcnow(), via="link")


def test_an_expired_form_token_keeps_the_text(tmp_path, db, round_):
    from app import create_app
    from app.config import TestConfig

    consultation, link, _ = round_
    config = TestConfig()
    config.WTF_CSRF_ENABLED = True
    config.SQLALCHEMY_DATABASE_URI = str(db.engine.url.render_as_string(hide_password=False))
    app = create_app(config)
    with app.app_context():
        client = app.test_client()
        data = form_fields(consultation, complete_input(consultation, "Teksten vi skrev i to timer"))
        response = client.post(link, data={**data, "save": "1", "csrf_token": "expired"})
        page = response.get_data(as_text=True)
        assert response.status_code == 422
        assert "Teksten vi skrev i to timer" in page and "Siden har stått åpen lenge" in page


def test_a_nynorsk_round_speaks_nynorsk_in_the_form(client, db, region, consultee_a):
    consultation = make_consultation(db, region, "Regionalplan for Sogn", language=Language.NYNORSK)
    tokens = open_round_for(db, consultation, consultee_a)
    page = client.get(f"/svar/{tokens['Tinn kommune']}").get_data(as_text=True)
    assert "Kva meiner de om satsingsområda?" in page and "Einig" in page and "Ueinig" in page


def test_the_dashboard_counts_each_state(client, db, users, round_):
    consultation, link_a, _ = round_
    submission.submit(invitation_of(consultation, "Tinn kommune"), complete_input(consultation),
                      expected_version=None, submission_key="a", now=utcnow(), via="link")
    db.session.commit()
    login(client, users["secretariat"])
    page = client.get(f"/consultations/{consultation.slug}/responses").get_data(as_text=True)
    assert re.search(r"Sendt inn <span class=\"count\">1</span>", page)
    assert re.search(r"Alle <span class=\"count\">2</span>", page)
    only = client.get(f"/consultations/{consultation.slug}/responses?vis=submitted").get_data(as_text=True)
    assert "Tinn kommune" in only and "Rollag kommune" not in only


def test_questions_lock_after_the_first_saved_draft(db, round_):
    consultation, _, _ = round_
    submission.save_draft(invitation_of(consultation, "Tinn kommune"), complete_input(consultation),
                          expected_version=None, now=utcnow())
    assert not consultation.is_editable and consultation.status is Status.OPEN


def test_a_double_click_racing_the_first_submit_shows_the_receipt(client, db, round_):
    """The second request of a double click arrives with the stale version after the first committed."""
    consultation, link, _ = round_
    page = client.get(link).get_data(as_text=True)
    form = {**form_fields(consultation, complete_input(consultation)), "submit": "1", "version": "",
            "submission_key": page_key(page)}
    first = client.post(link, data=form)
    stale = client.post(link, data={**form, "version": "1"})
    assert first.headers["Location"] == stale.headers["Location"]
    assert db.session.scalar(select(func.count(ResponseVersion.id))) == 1


def test_the_service_refuses_an_answer_past_the_field_cap_whatever_the_way_in(db, round_):
    from app.errors import ValidationError
    from app.snapshot import MAX_ANSWER

    consultation, _, _ = round_
    invitation = invitation_of(consultation, "Tinn kommune")
    data = complete_input(consultation)
    data.texts[consultation.questions[2].id] = "x" * (MAX_ANSWER + 1)
    with pytest.raises(ValidationError, match=re.escape(f"«{consultation.questions[2].text}» er for lang")):
        submission.save_draft(invitation, data, expected_version=submission.version_of(invitation), now=utcnow())
    data.texts[consultation.questions[2].id] = "x" * MAX_ANSWER + "\r\n"  # line ends and trailing space go first
    assert submission.save_draft(invitation, data, expected_version=submission.version_of(invitation), now=utcnow())


# --- worst cases through the real pages (tests/app/worst_case.py) ---------------------------------

def round_at_the_caps(app):
    """Prepare: a round of 50 focus areas and 50 questions; measure the consultee's pages with every
    field at the 20,000-character cap, and the secretariat's page of what changed."""
    from app.consultations import structure
    from app.extensions import db
    from app.models import Region
    from app.snapshot import MAX_ANSWER
    from tests.conftest import make_consultee, make_user

    region = Region(name="Testregionen", slug="testregionen")
    db.session.add(region)
    db.session.commit()
    consultation = make_consultation(db, region)
    for n in range(structure.MAX_FOCUS_AREAS):
        structure.add_focus_area(consultation, title=f"Område {n}", group=None, description="", keywords="")
    while len(consultation.questions) < structure.MAX_QUESTIONS:
        structure.add_question(consultation, kind=QuestionKind.TEXT, text=f"Spørsmål {len(consultation.questions)}",
                               help_text="", is_required=False)
    tokens = open_round_for(db, consultation, make_consultee(db, region, "Tinn kommune"))
    invitation = invitation_of(consultation, "Tinn kommune")
    link, client = f"/svar/{tokens['Tinn kommune']}", app.test_client()
    full = complete_input(consultation)
    for key in full.comments:
        full.comments[key] = ("Vi støtter dette. " * MAX_ANSWER)[:MAX_ANSWER]
    for key in full.texts:
        full.texts[key] = ("Ja. " * MAX_ANSWER)[:MAX_ANSWER]
    staff = app.test_client()
    login(staff, make_user(db, region, Role.SECRETARIAT, "sekretariat@example.no"))

    def page():
        return {"status": client.get(link).status_code}

    def autosave():
        response = client.post(f"{link}/autosave", data=form_fields(consultation, full),
                               content_type="multipart/form-data")
        return {"status": response.status_code}

    def changes():
        for key, data in (("a", complete_input(consultation)), ("b", full)):
            submission.submit(invitation, data, expected_version=submission.version_of(invitation), submission_key=key, now=utcnow(), via="link")
        db.session.commit()
        response = staff.get(f"/consultations/{consultation.slug}/responses/{invitation.consultee_id}")
        return {"status": response.status_code}

    def receipt():
        return {"status": client.get(f"{link}/kvittering/2.docx").status_code}

    def report():
        from app.reports import jobs

        run = jobs.start(consultation, None, utcnow())
        db.session.commit()
        jobs.run_job(run.id)
        files = staff.get(f"/consultations/{consultation.slug}/report/files")
        word = staff.get(f"/consultations/{consultation.slug}/report.docx")
        return {"status": files.status_code, "docx": word.status_code}
    return {"form": page, "autosave": autosave, "two versions and what changed": changes,
            "receipt of the full version": receipt, "report: build, page and download": report}


@pytest.mark.bounds
def test_worst_case_a_round_at_the_caps_with_every_field_full():
    from tests.app.worst_case import measure_each

    figures = measure_each("tests.app.test_responses:round_at_the_caps")
    assert {name: m.result["status"] for name, m in figures.items()} == {
        "form": 200, "autosave": 200, "two versions and what changed": 200, "receipt of the full version": 200,
        "report: build, page and download": 200}
    assert all(m.within_bounds() for m in figures.values()), figures


def test_those_who_read_a_response_can_open_its_attachments_and_no_other_rounds(client, db, users, round_, region):
    consultation, _, _ = round_
    invitation = invitation_of(consultation, "Tinn kommune")
    from app.responses import attachments

    attachment = attachments.add(invitation, filename="vedtak.pdf", data=make_pdf("/Lang (nb) "), max_bytes=10_000,
                                 now=utcnow())
    submission.submit(invitation, complete_input(consultation), expected_version=submission.version_of(invitation),
                      submission_key="a", now=utcnow(), via="link")
    db.session.commit()
    base = f"/consultations/{consultation.slug}/responses"
    path = f"{base}/{invitation.consultee_id}/attachments/{attachment.id}"
    for who in ("secretariat", "council"):
        login(client, users[who])
        assert f'href="{path}"' in client.get(f"{base}/{invitation.consultee_id}").get_data(as_text=True)
        assert client.get(path).data == make_pdf("/Lang (nb) ")
        client.post("/logout")
    login(client, users["secretariat"])
    rollag = invitation_of(consultation, "Rollag kommune").consultee_id
    assert client.get(f"{base}/{rollag}/attachments/{attachment.id}").status_code == 404  # not Rollag's file
    other = make_consultation(db, region, "En annen høring")
    db.session.commit()
    assert client.get(f"/consultations/{other.slug}/responses/{invitation.consultee_id}/attachments/"
                      f"{attachment.id}").status_code == 404


def test_a_submit_with_a_text_too_long_also_names_a_ranking_to_put_right(client, db, round_):
    """Every error at once: not the ranking only after the text has been cut down."""
    from app.snapshot import MAX_ANSWER

    consultation, link, _ = round_
    page = client.get(link).get_data(as_text=True)
    data = form_fields(consultation, complete_input(consultation, "x" * (MAX_ANSWER + 1)))
    ranking = next(q for q in consultation.questions if q.kind is QuestionKind.RANKING)
    areas = consultation.focus_areas
    data[f"rank-{ranking.id}-{areas[0].id}"] = data[f"rank-{ranking.id}-{areas[1].id}"] = "1"
    response = client.post(link, data={**data, "submit": "1", "version": page_version(page),
                                       "submission_key": page_key(page)})
    text = response.get_data(as_text=True)
    assert response.status_code == 422 and "Teksten er for lang" in text
    assert "uten å bruke et tall to ganger" in text and f'href="#rank-{ranking.id}"' in text
    assert db.session.scalar(select(func.count(ResponseVersion.id))) == 0
