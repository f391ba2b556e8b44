"""The consultee's form: the language and attachment buttons save what was typed first, files go in with
the form, its introduction and context, the receipt's next steps, and errors that lead to their field."""
from __future__ import annotations

import io
import re
import socket
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.models import QuestionKind, ResponseVersion
from app.responses import confirmation, guide, submission
from app.timeutil import utcnow
from tests.conftest import docx_bytes, login
from tests.factories import (
    complete_input,
    form_fields,
    invitation_of,
    open_round_for,
    page_key,
    page_version,
)
from tests.pdfs import make_pdf

TYPED = "Vi ønsker en egen satsing på gang- og sykkelveier."


@pytest.fixture
def round_(db, consultation, consultee_a, consultee_b):
    """An open round with two invited consultees: the round and their links (Tinn's, Rollag's)."""
    tokens = open_round_for(db, consultation, consultee_a, consultee_b)
    return consultation, f"/svar/{tokens['Tinn kommune']}", f"/svar/{tokens['Rollag kommune']}"


def typed_form(client, consultation, link, comment: str = TYPED, **extra) -> dict:
    """The form as loaded now, with `comment` typed in every comment field."""
    page = client.get(link).get_data(as_text=True)
    return {**form_fields(consultation, complete_input(consultation, comment)), "version": page_version(page),
            "submission_key": page_key(page), **extra}


def saved_comments(consultation) -> list[str]:
    response = submission.response_for(invitation_of(consultation, "Tinn kommune"))
    return [a.text for a in response.answers if a.focus_area_id and a.text] if response else []


def test_the_language_button_saves_what_was_typed_before_switching(client, db, round_):
    consultation, link, _ = round_
    result = client.post(link, data=typed_form(client, consultation, link, language="nn"))
    assert result.status_code == 302 and result.headers["Location"].endswith(link)
    assert TYPED in saved_comments(consultation)
    with client.session_transaction() as kept:
        assert kept["locale"] == "nn"
    page = client.get(link).get_data(as_text=True)
    assert '<html lang="nn"' in page and TYPED in page


def test_a_half_typed_case_number_never_stops_the_rest_from_being_saved(client, db, round_):
    consultation, link, _ = round_
    # The language button: the language changes, the text is saved, the case number kept as typed and named
    switched = client.post(link, data=typed_form(client, consultation, link, case_number="Sak 26/1234", language="en"))
    assert switched.status_code == 302 and TYPED in saved_comments(consultation)
    with client.session_transaction() as kept:
        assert kept["locale"] == "en"
    page = client.get(link).get_data(as_text=True)
    assert "Sak 26/1234" in page and "Case number" in page and "before you submit" in page
    # Autosave stores everything and says what to put right
    autosaved = client.post(f"{link}/autosave", data=typed_form(client, consultation, link, comment="Endret tekst.",
                                                                 case_number="2026/00123-4 (PS 45/26)"))
    assert autosaved.status_code == 200 and autosaved.json["saved"] and "Case number" in autosaved.json["warning"]
    assert "Endret tekst." in saved_comments(consultation)
    response = submission.response_for(invitation_of(consultation, "Tinn kommune"))
    assert response.case_number == "2026/00123-4 (PS 45/26)"
    # Sending it in still asks for the case number in its form
    sent = client.post(link, data=typed_form(client, consultation, link, case_number="Sak 26/1234", submit="1"))
    assert sent.status_code == 422 and response.latest_version is None
    # the page shown again holds typed text not saved: its script saves it and asks before it is left
    assert 'data-unsaved="1"' in sent.get_data(as_text=True) and 'data-unsaved' not in client.get(link).get_data(as_text=True)


def test_the_language_button_on_a_stale_page_keeps_the_typed_text_beside_what_is_saved(client, db, round_):
    consultation, link, _ = round_
    stale = typed_form(client, consultation, link, comment="Skrevet i den gamle fanen.", language="nn")
    client.post(link, data=typed_form(client, consultation, link, comment="Lagret i en annen fane.", save="1"))
    page = client.post(link, data=stale)
    assert page.status_code == 409
    text = page.get_data(as_text=True)
    assert "Skrevet i den gamle fanen." in text and "Lagret i en annen fane." in text
    assert saved_comments(consultation)[0] == "Lagret i en annen fane."


def test_the_language_button_past_the_deadline_keeps_the_text_as_the_draft(client, db, round_):
    consultation, link, _ = round_
    data = typed_form(client, consultation, link, language="nn")
    consultation.accepts_late = False
    consultation.deadline_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    result = client.post(link, data=data)
    assert result.status_code == 302 and set(saved_comments(consultation)) == {TYPED}  # kept as the draft
    with client.session_transaction() as kept:
        assert kept["locale"] == "nn"


def test_a_county_is_offered_its_own_councils_as_who_adopted_the_answer_and_a_municipality_its_own(client, db, round_):
    from app.models import ConsulteeKind

    consultation, tinn, rollag = round_
    county = invitation_of(consultation, "Rollag kommune").consultee
    county.kind = ConsulteeKind.COUNTY  # as a county would be registered
    db.session.commit()
    municipal, county_page = client.get(tinn).get_data(as_text=True), client.get(rollag).get_data(as_text=True)
    assert 'value="kommunestyre"' in municipal and 'value="fylkesting"' not in municipal
    assert 'value="fylkesting"' in county_page and 'value="fylkesutvalg"' in county_page
    assert 'value="kommunestyre"' not in county_page and "Fylkestinget" in county_page
    # The attachment hint names the consultee's own bodies too
    assert "vedtaket fra formannskapet eller kommunestyret" in municipal
    assert "vedtaket fra fylkesutvalget eller fylkestinget" in county_page and "formannskapet" not in county_page
    data = typed_form(client, consultation, rollag, adopted_by="fylkesting", save="1")
    assert client.post(rollag, data=data).status_code == 302
    response = submission.response_for(invitation_of(consultation, "Rollag kommune"))
    assert response.adopted_by.value == "fylkesting"
    refused = typed_form(client, consultation, rollag, adopted_by="kommunestyre", save="1")
    assert client.post(rollag, data=refused).status_code == 422  # not a county's council
    county.kind = ConsulteeKind.MUNICIPALITY  # registered as a municipality since: what is saved still shows
    db.session.commit()
    assert re.search(r"<option selected value=\"fylkesting\">|<option value=\"fylkesting\" selected", client.get(rollag).get_data(as_text=True))


def test_saving_the_draft_comes_back_to_the_part_of_the_form_the_user_was_in(client, db, round_):
    """autosave.js sends the part last worked in (`_place`); «Lagre utkast» leads back to it, and to
    nothing else: an anchor that names no part of the form is left out."""
    consultation, link, _ = round_
    question = consultation.questions[-1]
    page = client.get(link).get_data(as_text=True)
    assert f'id="question-{question.id}" data-place' in page and 'id="vedtak" data-place' in page
    for place, anchor in ((f"question-{question.id}", f"#question-{question.id}"), ("vedtak", "#vedtak"),
                          ("frist\"><script>", None), ("", None)):
        result = client.post(link, data=typed_form(client, consultation, link, save="1", _place=place))
        assert result.status_code == 302, place
        location = result.headers["Location"]
        assert location.endswith(anchor) if anchor else "#" not in location, (place, location)


def test_upload_through_the_form_saves_the_typed_text_and_the_file(client, db, round_):
    consultation, link, _ = round_
    data = typed_form(client, consultation, link, upload="1", attachment=(io.BytesIO(make_pdf()), "vedtak.pdf"))
    result = client.post(link, data=data, content_type="multipart/form-data")
    assert result.status_code == 302 and result.headers["Location"].endswith("#vedlegg")
    response = submission.response_for(invitation_of(consultation, "Tinn kommune"))
    assert [a.filename for a in response.attachments] == ["vedtak.pdf"] and TYPED in saved_comments(consultation)
    page = client.get(link).get_data(as_text=True)
    assert "vedtak.pdf er lastet opp" in page and "Fjern vedtak.pdf" in page


def test_a_refused_file_keeps_the_text_saved_and_says_why_at_the_file_field(client, db, round_):
    consultation, link, _ = round_
    data = typed_form(client, consultation, link, upload="1", attachment=(io.BytesIO(b"not a document"), "x.pdf"))
    page = client.post(link, data=data, content_type="multipart/form-data")
    assert page.status_code == 422
    text = page.get_data(as_text=True)
    assert '<a class="ds-link" href="#attachment">Legg ved fil: Filen heter .pdf, men innholdet er ikke en PDF.' in text
    assert TYPED in saved_comments(consultation) and TYPED in text
    assert page_version(text) == str(submission.response_for(invitation_of(consultation, "Tinn kommune")).version)


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("vedtak.pdf", b"not a document", "Filen heter .pdf, men innholdet er ikke en PDF"),
    ("vedtak.txt", b"plain text", "Denne filen er ingen av delene"),
    ("vedtak.docx", b"PK\x03\x04 a broken package", "ikke et gyldig Word-dokument"),
])
def test_a_refused_file_is_named_for_what_it_is_not(client, db, round_, name, data, reason):
    consultation, link, _ = round_
    form = typed_form(client, consultation, link, upload="1", attachment=(io.BytesIO(data), name))
    page = client.post(link, data=form, content_type="multipart/form-data").get_data(as_text=True)
    assert reason in page


def test_upload_without_a_file_asks_for_one_and_still_saves_the_text(client, db, round_):
    consultation, link, _ = round_
    page = client.post(link, data=typed_form(client, consultation, link, upload="1"), content_type="multipart/form-data")
    assert page.status_code == 422 and "Velg en fil å laste opp." in page.get_data(as_text=True)
    assert TYPED in saved_comments(consultation)


def test_a_file_chosen_before_send_goes_in_with_the_submitted_version(client, db, round_):
    consultation, link, _ = round_
    data = typed_form(client, consultation, link, submit="1",
                      attachment=(io.BytesIO(docx_bytes(lambda d: d.add_paragraph("Vedtak"))), "vedtak.docx"))
    result = client.post(link, data=data, content_type="multipart/form-data")
    assert result.status_code == 302 and result.headers["Location"].endswith("/kvittering/1")
    version = db.session.scalar(select(ResponseVersion))
    assert [a["filename"] for a in version.snapshot_data["attachments"]] == ["vedtak.docx"]


def test_the_remove_button_saves_the_text_and_removes_the_file(client, db, round_):
    consultation, link, _ = round_
    client.post(link, data=typed_form(client, consultation, link, upload="1",
                                      attachment=(io.BytesIO(make_pdf()), "vedtak.pdf")),
                content_type="multipart/form-data")
    [attachment] = submission.response_for(invitation_of(consultation, "Tinn kommune")).attachments
    data = typed_form(client, consultation, link, comment="Endret før vi fjernet filen.", remove_attachment=str(attachment.id))
    assert client.post(link, data=data, content_type="multipart/form-data").status_code == 302
    response = submission.response_for(invitation_of(consultation, "Tinn kommune"))
    assert response.attachments == [] and "Endret før vi fjernet filen." in saved_comments(consultation)


def test_the_remove_button_cannot_reach_another_consultees_file(client, db, round_):
    consultation, link_a, link_b = round_
    client.post(link_a, data=typed_form(client, consultation, link_a, upload="1",
                                        attachment=(io.BytesIO(make_pdf()), "vedtak.pdf")),
                content_type="multipart/form-data")
    [attachment] = submission.response_for(invitation_of(consultation, "Tinn kommune")).attachments
    page = client.get(link_b).get_data(as_text=True)
    data = {**form_fields(consultation, complete_input(consultation, "Rollag")), "version": page_version(page),
            "submission_key": page_key(page), "remove_attachment": str(attachment.id)}
    assert client.post(link_b, data=data).status_code == 404
    assert len(submission.response_for(invitation_of(consultation, "Tinn kommune")).attachments) == 1


def test_the_old_attachment_addresses_still_upload_and_remove(client, db, round_):
    consultation, link, _ = round_
    result = client.post(f"{link}/vedlegg", data={"attachment": (io.BytesIO(make_pdf()), "vedtak.pdf")},
                         content_type="multipart/form-data")
    assert result.status_code == 302 and result.headers["Location"].endswith("#vedlegg")
    [attachment] = submission.response_for(invitation_of(consultation, "Tinn kommune")).attachments
    assert client.post(f"{link}/vedlegg/{attachment.id}/slett").status_code == 302
    assert submission.response_for(invitation_of(consultation, "Tinn kommune")).attachments == []


def test_the_form_body_is_capped_and_the_largest_attachment_with_full_text_fits(app, client, db, round_):
    consultation, link, _ = round_
    cap, largest = app.config["MAX_RESPONSE_FORM_BYTES"], app.config["MAX_ATTACHMENT_BYTES"]
    too_big = typed_form(client, consultation, link, upload="1", attachment=(io.BytesIO(b"x" * cap), "stor.pdf"))
    assert client.post(link, data=too_big, content_type="multipart/form-data").status_code == 413
    # Worst case within the cap: one attachment one byte over its own limit, every text field full.
    full = "å" * 20_000
    worst = typed_form(client, consultation, link, comment=full, upload="1",
                       attachment=(io.BytesIO(b"%PDF-" + b"x" * largest), "stor.pdf"))
    worst.update({k: full for k in worst if k.startswith("q-")})
    page = client.post(link, data=worst, content_type="multipart/form-data")
    assert page.status_code == 422 and "Filen er for stor" in page.get_data(as_text=True)
    assert full in saved_comments(consultation)


def test_the_introduction_tells_what_is_asked_what_is_required_and_how_long(client, db, round_):
    consultation, link, _ = round_
    intro = guide.intro(consultation)
    areas = len(consultation.focus_areas)
    answers = sum(areas if q.kind is QuestionKind.POSITION else 1 for q in consultation.questions)
    assert intro.minutes % 5 == 0 and intro.minutes >= guide.MINUTES_TO_START + guide.MINUTES_PER_ANSWER * answers
    page = client.get(link).get_data(as_text=True)
    assert f"Skjemaet har {len(consultation.questions)} spørsmål." in page
    assert f"Det tar omtrent {intro.minutes} minutter" in page
    for question in intro.required:
        assert f'<li><a class="ds-link" href="#question-{question.id}">{question.text}</a></li>' in page


def test_each_focus_area_shows_its_description_and_the_draft_its_headings(client, db, round_):
    consultation, link, _ = round_
    area = consultation.focus_areas[0]
    area.description = "Bedre veier og tog mellom kommunene."
    db.session.commit()
    page = client.get(link).get_data(as_text=True)
    assert "Bedre veier og tog mellom kommunene." in page
    assert "<h3>Samfunnsutvikling</h3>" in page and "<h3>Tjenesteutvikling</h3>" in page
    assert "<li>Samferdsel og infrastruktur</li>" in page


def submit_form(client, consultation, link, **extra):
    return client.post(link, data=typed_form(client, consultation, link, submit="1", **extra))


def test_the_receipt_has_its_number_what_happens_next_and_the_ranking_in_rank_order(client, db, round_):
    consultation, link, _ = round_
    areas = consultation.focus_areas
    data = typed_form(client, consultation, link, submit="1")
    ranking = next(q for q in consultation.questions if q.kind is QuestionKind.RANKING)
    order = list(reversed(areas))  # the last focus area first
    data.update({f"rank-{ranking.id}-{area.id}": str(order.index(area) + 1) for area in areas})
    result = client.post(link, data=data)
    page = client.get(result.headers["Location"]).get_data(as_text=True)
    version = db.session.scalar(select(ResponseVersion))
    assert version.receipt_number == f"HS-{consultation.id:03d}-{version.response_id:04d}-1"
    assert f"Kvitteringsnummer <strong>{version.receipt_number}</strong>" in page
    assert "Dere kan endre svaret til" in page and "dere får en ny kvittering" in page and "En kopi er sendt til post@tinn.example.no." in page
    listed = re.findall(r'<li value="(\d+)">([^<]+)</li>', page)
    assert listed == [(str(i), area.title) for i, area in enumerate(order, start=1)]


def test_a_yes_or_no_without_a_comment_reads_as_answered_on_the_receipt(client, db, round_):
    from app.consultations import structure

    consultation, link, _ = round_
    question = structure.add_question(consultation, kind=QuestionKind.YES_NO, text="Støtter dere felles legevakt?",
                                      help_text="", is_required=False)
    db.session.commit()
    data = {**typed_form(client, consultation, link, submit="1"), f"yes-{question.id}": "ja", f"q-{question.id}": ""}
    page = client.get(client.post(link, data=data).headers["Location"]).get_data(as_text=True)
    block = page[page.index(f"<h2>{question.text}</h2>"):]
    block = block[:block.index("</div>")]
    assert "Ja" in block and "Ikke besvart" not in block


def test_the_receipt_says_a_copy_was_mailed_only_when_it_was(app, client, db, round_):
    consultation, link, _ = round_
    with socket.socket() as s:  # a port nothing listens on: the receipt mail fails
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False,
                      MAIL_USE_SSL=False, MAIL_TIMEOUT=5)
    result = submit_form(client, consultation, link)
    page = client.get(result.headers["Location"]).get_data(as_text=True)
    assert result.status_code == 302 and "En kopi er sendt" not in page


def test_another_browser_opening_the_receipt_is_not_told_of_a_mailed_copy(app, client, db, round_):
    consultation, link, _ = round_
    result = submit_form(client, consultation, link)
    assert "En kopi er sendt til" in client.get(result.headers["Location"]).get_data(as_text=True)
    other = app.test_client()
    assert "En kopi er sendt" not in other.get(result.headers["Location"]).get_data(as_text=True)


def test_missing_answers_lead_from_the_summary_to_their_fields_without_repeating_names(client, db, round_):
    consultation, link, _ = round_
    ranking = next(q for q in consultation.questions if q.kind is QuestionKind.RANKING)
    area = consultation.focus_areas[0]
    data = typed_form(client, consultation, link, submit="1")
    data.update({f"pos-{area.id}": "", f"rank-{ranking.id}-{area.id}": ""})
    page = client.post(link, data=data).get_data(as_text=True)
    summary = page[page.index("ds-error-summary"):page.index("</div>", page.index("ds-error-summary"))]
    assert f'<a class="ds-link" href="#pos-{area.id}">{area.title}: Velg et standpunkt.</a>' in summary
    assert ranking.text.endswith(".")  # a sentence: no colon after it
    assert f'<a class="ds-link" href="#rank-{ranking.id}">{ranking.text} Gi hvert satsingsområde' in summary
    assert summary.count(area.title) == 1
    assert f'id="rank-{ranking.id}-error"' in page and f'aria-describedby="rank-{ranking.id}-error"' in page


def test_the_session_remembers_the_mailed_copies_of_a_few_receipts_only(client, db, round_):
    consultation, link, _ = round_
    for n in range(confirmation.REMEMBERED_RECEIPTS + 2):
        assert submit_form(client, consultation, link, comment=f"Versjon {n}").status_code == 302
    with client.session_transaction() as kept:
        assert len(kept["mailed_receipts"]) == confirmation.REMEMBERED_RECEIPTS


def test_the_version_differences_name_the_attachment_row(client, db, users, round_):
    from app.responses import attachments

    consultation, _, _ = round_
    invitation = invitation_of(consultation, "Tinn kommune")
    for key in ("a", "b"):
        if key == "b":
            attachments.add(invitation, filename="vedtak.pdf", data=make_pdf(), max_bytes=10_000, now=utcnow())
        submission.submit(invitation, complete_input(consultation), expected_version=submission.version_of(invitation),
                          submission_key=key, now=utcnow(), via="link")
    db.session.commit()
    login(client, users["secretariat"])
    page = client.get(f"/consultations/{consultation.slug}/responses/{invitation.consultee_id}").get_data(as_text=True)
    assert re.search(r"<strong>Vedlegg</strong>:\s*<del>–</del> → <ins>vedtak.pdf \(", page), page


def test_the_answer_to_an_extension_request_has_a_visible_label(client, db, users, round_):
    from app.invitations import deadlines as extensions

    consultation, _, _ = round_
    invitation = invitation_of(consultation, "Tinn kommune")
    request = extensions.request_extension(invitation, invitation.deadline_at + timedelta(days=7), "Kommunestyremøte",
                                           now=utcnow())
    db.session.commit()
    login(client, users["secretariat"])
    page = client.get(f"/consultations/{consultation.slug}/responses?vis=extension").get_data(as_text=True)
    label = re.search(rf'<label for="answer-{request.id}" class="([^"]+)">([^<]+)', page)
    assert label and "visually-hidden" not in label.group(1) and label.group(2).strip() == "Svar til Tinn kommune"
    assert f'id="answer-{request.id}" name="answer" placeholder' not in page


def test_positions_and_who_adopted_the_answer_are_named_in_the_language_of_the_page(client, db, round_):
    consultation, link, _ = round_  # a bokmål round
    client.post(link, data=typed_form(client, consultation, link, language="en"))
    form = client.get(link).get_data(as_text=True)
    assert "Partly agree" in form and ">Other<" in form and "Delvis enig" not in form and ">Annet<" not in form
    sent = submit_form(client, consultation, link, adopted_by="formannskap")
    receipt = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "The executive committee" in receipt and "Formannskapet" not in receipt
    assert "Agree" in receipt and ": Enig" not in receipt
    client.post("/language/nn")
    assert "Delvis einig" in client.get(link).get_data(as_text=True)


def test_the_secretariat_reads_a_ranking_in_rank_order(client, db, users, round_):
    consultation, link, _ = round_
    question = next(q for q in consultation.questions if q.kind.value == "ranking")
    areas = consultation.focus_areas
    order = list(reversed(range(1, len(areas) + 1)))  # the first focus area ranked last
    ranks = {f"rank-{question.id}-{area.id}": str(rank) for area, rank in zip(areas, order, strict=True)}
    submit_form(client, consultation, link, **ranks)
    login(client, users["secretariat"])
    response = submission.response_for(invitation_of(consultation, "Tinn kommune"))
    page = client.get(f"/consultations/{consultation.slug}/responses/{response.consultee_id}").get_data(as_text=True)
    listed = page[page.index('class="ranking-list"'):]
    positions = [listed.index(f"<li value=\"{rank}\">{areas[order.index(rank)].title}</li>") for rank in range(1, len(areas) + 1)]
    assert positions == sorted(positions)


def test_a_save_that_changes_nothing_leaves_a_submitted_response_submitted(client, db, round_):
    consultation, link, _ = round_
    submit_form(client, consultation, link)
    flag = "Endringer er lagret, men ikke sendt inn."
    page = client.get(link).get_data(as_text=True)
    unchanged = {**typed_form(client, consultation, link), "language": "nn"}  # the same answers, another language
    assert flag not in page and client.post(link, data=unchanged).status_code == 302
    client.post("/language/nb")
    assert flag not in client.get(link).get_data(as_text=True)
    client.post(link, data=typed_form(client, consultation, link, comment="Et nytt poeng."))
    assert flag in client.get(link).get_data(as_text=True)


def test_switching_language_with_nothing_typed_makes_no_working_copy(client, db, round_):
    consultation, link, _ = round_
    page = client.get(link).get_data(as_text=True)
    empty = {"version": page_version(page), "submission_key": page_key(page), "language": "nn"}
    assert client.post(link, data=empty).status_code == 302
    with client.session_transaction() as kept:
        assert kept["locale"] == "nn"
    assert submission.response_for(invitation_of(consultation, "Tinn kommune")) is None
    assert consultation.is_editable  # no answer came: the questions can still be changed


def test_an_error_summary_puts_no_colon_after_a_label_that_ends_a_sentence(app):
    from flask import render_template_string

    template = '{% from "_macros/forms.html" import labelled %}{{ labelled(label, "Skriv et svar.") }}'
    with app.test_request_context():
        assert render_template_string(template, label="Er det noe som mangler?") == \
            "Er det noe som mangler? Skriv et svar."
        assert render_template_string(template, label="Kommentar") == "Kommentar: Skriv et svar."
        assert render_template_string(template, label="<b>Navn</b>") == "&lt;b&gt;Navn&lt;/b&gt;: Skriv et svar."


def test_a_save_refused_behind_a_link_says_the_link_no_longer_works_not_to_sign_in(client, db, users, round_):
    """A link has no sign-in: the script's message for a save answered by a page (the link replaced or
    stopped) says so; behind an account it says to sign in again."""
    consultation, tinn, _ = round_
    by_link = client.get(tinn).get_data(as_text=True)
    message = re.search(r'data-text-logged-out="([^"]*)"', by_link).group(1)
    assert "lenken virker ikke lenger" in message and "logg inn" not in message
    login(client, users["consultee_a"])
    by_account = client.get(f"/mine/{consultation.slug}").get_data(as_text=True)
    assert "logg inn" in re.search(r'data-text-logged-out="([^"]*)"', by_account).group(1)


def test_a_date_beside_a_conflict_is_written_as_the_readers_language_writes_it(app):
    from datetime import date

    from flask_babel import force_locale

    from app.forms import _shown

    with app.test_request_context():
        assert _shown(None, date(2026, 11, 30)) == "30.11.2026"
        with force_locale("en"):
            assert _shown(None, date(2026, 11, 30)) == "30/11/2026"
