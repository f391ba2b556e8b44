"""Importing an adopted Word response: proposal, review, nothing saved before confirming."""
from __future__ import annotations

import hashlib
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.models import Answer, Attachment, ImportedDocument, Language, QuestionKind, Response
from app.responses import importing, submission
from app.responses.importing import MAX_REVIEW_CHARS, ImportRefused, apply_import
from app.responses.kinds import kind_of
from app.snapshot import MAX_ANSWER
from app.timeutil import utcnow
from tests.app import worst_documents
from tests.app.worst_case import measure_each
from tests.conftest import docx_bytes, login, make_consultation
from tests.factories import complete_input, invitation_of, open_round_for


def adopted_response(document) -> None:
    document.add_heading("Høringsuttalelse fra Tinn kommune", 0)
    document.add_paragraph("Kommunestyret behandlet saken 12. juni.")
    document.add_heading("Samferdsel og infrastruktur", 1)
    document.add_paragraph("Enig")
    document.add_paragraph("Fylkesvegen over fjellet må prioriteres.")
    document.add_heading("Digitalisering", 1)
    document.add_paragraph("Felles IKT-drift er et godt tiltak for små kommuner.")


def nynorsk_response(document) -> None:
    document.add_heading("Høyringsfråsegn", 0)
    document.add_heading("Kvalitet i tenestene", 1)
    document.add_paragraph("Vi er einig.")
    document.add_paragraph("Kvalitetskrava må utformast saman med fagfolka.")
    document.add_heading("Er det noko som manglar i utkastet?", 1)
    document.add_paragraph("Kultur og frivilligheit er ikkje nemnt.")


def review(client, url, data: bytes):
    return client.post(url, data={"document": (io.BytesIO(data), "svar.docx")},
                       content_type="multipart/form-data")


def confirm_all(page: str) -> dict:
    """The review form posted back as proposed."""
    form = {"confirm": "1", "count": re.search(r'name="count" value="(\d+)"', page).group(1),
            "version": re.search(r'name="version" value="(\d*)"', page).group(1)}
    for i in range(int(form["count"])):
        form[f"target-{i}"] = re.search(rf'<select id="target-{i}".*?<option value="([^"]+)"[^>]* selected', page,
                                        re.S).group(1)
        form[f"text-{i}"] = re.search(rf'<textarea id="text-{i}"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    for area_id, value in re.findall(r'<select id="pos-(\d+)".*?<option value="([^"]+)" selected', page, re.S):
        form[f"pos-{area_id}"] = value
    for question_id, value in re.findall(r'name="yes-(\d+)" value="([^"]*)" checked', page):
        form[f"yes-{question_id}"] = value
    if chosen := re.search(r'<select id="adopted_by".*?<option value="([^"]*)" selected', page, re.S):
        form["adopted_by"] = chosen.group(1)
    for name in ("decision_date", "case_number"):
        if typed := re.search(rf'id="{name}" name="{name}" class="ds-input"[^>]*value="([^"]*)"', page):
            form[name] = typed.group(1)
    for name, value in re.findall(r'name="found-(adopted_by|decision_date|case_number)" value="([^"]*)"', page):
        form[f"found-{name}"] = value
    if key := re.search(r'name="document_key" value="([^"]+)"', page):
        form["document_key"] = key.group(1)
    if re.search(r'name="attach_document" value="y" checked', page):
        form["attach_document"] = "y"
    return form


@pytest.fixture
def round_(db, consultation, consultee_a):
    tokens = open_round_for(db, consultation, consultee_a)
    return consultation, f"/svar/{tokens['Tinn kommune']}"


def test_the_proposal_is_shown_for_review_and_nothing_is_saved(client, db, round_):
    consultation, link = round_
    page = review(client, f"{link}/import", docx_bytes(adopted_response)).get_data(as_text=True)
    assert "Fylkesvegen over fjellet må prioriteres." in page and "Felles IKT-drift" in page
    assert "Kommunestyret behandlet saken 12. juni." in page
    area = consultation.focus_areas[0]
    assert re.search(rf'<option value="fa:{area.id}" selected>', page)
    assert db.session.scalar(select(func.count(Response.id))) == 0


def test_confirming_fills_the_working_copy_in_bokmal(client, db, round_):
    consultation, link = round_
    page = review(client, f"{link}/import", docx_bytes(adopted_response)).get_data(as_text=True)
    response = client.post(f"{link}/import", data=confirm_all(page))
    assert response.status_code == 302
    saved = submission.response_for(invitation_of(consultation, "Tinn kommune"))
    comments = {a.focus_area_id: a for a in saved.answers if a.position or a.text}
    first, digital = consultation.focus_areas[0], consultation.focus_areas[3]
    assert comments[first.id].text == "Fylkesvegen over fjellet må prioriteres." and comments[first.id].position.value == "enig"
    assert "Felles IKT-drift" in comments[digital.id].text
    general = next(a for a in saved.answers if a.question_id == consultation.questions[3].id)
    assert "Kommunestyret behandlet saken" in general.text


def test_the_language_buttons_show_the_review_again_as_edited_and_save_nothing(client, db, round_):
    consultation, link = round_
    page = review(client, f"{link}/import", docx_bytes(adopted_response)).get_data(as_text=True)
    assert 'id="response-form"' in page and f'formaction="{link}/import"' in page
    edited = {**confirm_all(page), "text-1": "Endret i gjennomgangen.", "language": "en"}
    shown = client.post(f"{link}/import", data=edited)
    text = shown.get_data(as_text=True)
    assert shown.status_code == 200 and '<html lang="en"' in text and "Endret i gjennomgangen." in text
    assert db.session.scalar(select(func.count(Response.id))) == 0  # nothing is saved before confirming
    assert client.post(f"{link}/import", data=confirm_all(text)).status_code == 302
    saved = submission.response_for(invitation_of(consultation, "Tinn kommune"))
    assert any(a.text == "Endret i gjennomgangen." for a in saved.answers)


def test_a_nynorsk_document_maps_to_a_nynorsk_round(client, db, region, consultee_a):
    consultation = make_consultation(db, region, "Regionalplan for Sogn", language=Language.NYNORSK)
    tokens = open_round_for(db, consultation, consultee_a)
    consultation.focus_areas[2].title = "Kvalitet i tenestene"
    db.session.commit()
    link = f"/svar/{tokens['Tinn kommune']}"
    page = review(client, f"{link}/import", docx_bytes(nynorsk_response)).get_data(as_text=True)
    client.post(f"{link}/import", data=confirm_all(page))
    saved = submission.response_for(invitation_of(consultation, "Tinn kommune"))
    quality = next(a for a in saved.answers if a.focus_area_id == consultation.focus_areas[2].id and a.position)
    assert quality.position.value == "enig" and "fagfolka" in quality.text
    missing = next(a for a in saved.answers if a.question_id == consultation.questions[2].id)
    assert missing.text == "Kultur og frivilligheit er ikkje nemnt."


def test_imported_text_comes_after_what_was_typed_and_skip_leaves_it_out(client, db, round_):
    consultation, link = round_
    invitation = invitation_of(consultation, "Tinn kommune")
    data = complete_input(consultation, "Skrevet for hånd først.")
    submission.save_draft(invitation, data, expected_version=None, now=submission_now())
    db.session.commit()
    page = review(client, f"{link}/import", docx_bytes(adopted_response)).get_data(as_text=True)
    form = confirm_all(page)
    form["target-1"] = "skip"
    client.post(f"{link}/import", data=form)
    db.session.expire_all()
    first = next(a for a in submission.response_for(invitation).answers
                 if a.focus_area_id == consultation.focus_areas[0].id and a.position)
    assert first.text == "Skrevet for hånd først.\n\nFylkesvegen over fjellet må prioriteres."
    digital = next(a for a in submission.response_for(invitation).answers
                   if a.focus_area_id == consultation.focus_areas[3].id and a.position)
    assert "IKT" not in digital.text


def submission_now():
    from app.timeutil import utcnow

    return utcnow()


def _attachments(consultation, name="Tinn kommune") -> list:
    response = submission.response_for(invitation_of(consultation, name))
    return list(response.attachments) if response else []


def test_a_draft_saved_elsewhere_during_the_review_keeps_the_review_to_confirm_again(client, db, round_):
    """Found when the consultee saved through its link while the secretariat reviewed an import: the review was
    thrown away for the empty upload form, under a message saying the typed text was still in the form."""
    consultation, link = round_
    invitation = invitation_of(consultation, "Tinn kommune")
    page = review(client, f"{link}/import", docx_bytes(adopted_response)).get_data(as_text=True)
    form = confirm_all(page)
    form["text-0"] = "Rettet i gjennomgangen."
    submission.save_draft(invitation, complete_input(consultation, "Lagret i en annen fane."), expected_version=None,
                          now=submission_now())
    db.session.commit()
    refused = client.post(f"{link}/import", data=form)
    again = refused.get_data(as_text=True)
    assert refused.status_code == 409 and "Rettet i gjennomgangen." in again and "trykk «Legg inn i svaret» igjen" in again
    assert confirm_all(again)["version"] == str(submission.version_of(invitation))
    assert client.post(f"{link}/import", data=confirm_all(again)).status_code == 302
    db.session.expire_all()
    texts = " ".join(a.text for a in submission.response_for(invitation).answers)
    assert "Lagret i en annen fane." in texts and "Rettet i gjennomgangen." in texts


def test_the_document_itself_is_attached_when_the_review_is_confirmed(client, db, round_):
    consultation, link = round_
    data = docx_bytes(adopted_response)
    page = review(client, f"{link}/import", data).get_data(as_text=True)
    assert "Legg ved Word-dokumentet som vedlegg til svaret" in page
    assert db.session.scalar(select(func.count(Attachment.id))) == 0  # held, not attached, while reviewed
    assert client.post(f"{link}/import", data=confirm_all(page)).status_code == 302
    (attached,) = _attachments(consultation)
    assert attached.content == data and attached.filename == "svar.docx"
    assert attached.sha256 == hashlib.sha256(data).hexdigest()
    assert db.session.scalar(select(func.count(ImportedDocument.id))) == 0
    # The same document read again is not attached twice
    page = review(client, f"{link}/import", data).get_data(as_text=True)
    client.post(f"{link}/import", data=confirm_all(page))
    assert len(_attachments(consultation)) == 1
    form = client.get(link).get_data(as_text=True)
    assert "svar.docx" in form


def test_unticked_the_document_is_not_attached_and_not_kept(client, db, round_):
    consultation, link = round_
    page = review(client, f"{link}/import", docx_bytes(adopted_response)).get_data(as_text=True)
    form = confirm_all(page)
    del form["attach_document"]
    assert client.post(f"{link}/import", data=form).status_code == 302
    assert _attachments(consultation) == []
    assert db.session.scalar(select(func.count(ImportedDocument.id))) == 0
    assert any(a.text for a in submission.response_for(invitation_of(consultation, "Tinn kommune")).answers)


def test_the_choice_to_attach_survives_a_language_switch(client, db, round_):
    consultation, link = round_
    page = review(client, f"{link}/import", docx_bytes(adopted_response)).get_data(as_text=True)
    form = confirm_all(page)
    del form["attach_document"]
    shown = client.post(f"{link}/import", data={**form, "language": "en"}).get_data(as_text=True)
    assert "Attach the Word document to the response" in shown
    assert 'name="attach_document" value="y" checked' not in shown
    assert confirm_all(shown)["document_key"] == form["document_key"]


def test_another_consultees_held_document_cannot_be_attached(client, db, consultation, consultee_a, consultee_b):
    tokens = open_round_for(db, consultation, consultee_a, consultee_b)
    tinn, rollag = (f"/svar/{tokens[name]}" for name in ("Tinn kommune", "Rollag kommune"))
    tinn_key = confirm_all(review(client, f"{tinn}/import", docx_bytes(adopted_response)).get_data(as_text=True))
    rollag_page = review(client, f"{rollag}/import", docx_bytes(nynorsk_response)).get_data(as_text=True)
    forged = {**confirm_all(rollag_page), "document_key": tinn_key["document_key"]}
    response = client.post(f"{rollag}/import", data=forged, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "er ikke lenger tatt vare på, så det ble ikke lagt ved" in page
    assert _attachments(consultation, "Rollag kommune") == []
    assert db.session.scalar(select(func.count(ImportedDocument.id))) == 2  # Tinn's is still held for Tinn


def test_a_held_document_runs_out_after_a_day_and_few_are_held(client, db, round_):
    consultation, link = round_
    pages = [review(client, f"{link}/import", docx_bytes(adopted_response)).get_data(as_text=True) for _ in range(5)]
    assert db.session.scalar(select(func.count(ImportedDocument.id))) == importing.MAX_HELD
    for held in db.session.scalars(select(ImportedDocument)):
        held.created_at = utcnow() - importing.HOLD_FOR - timedelta(minutes=1)
    db.session.commit()
    page = client.post(f"{link}/import", data=confirm_all(pages[-1]), follow_redirects=True).get_data(as_text=True)
    assert "Legg det ved som vedlegg på svarskjemaet" in page and "er lagt inn i svaret som utkast" in page
    assert _attachments(consultation) == []
    review(client, f"{link}/import", docx_bytes(adopted_response))  # a new upload clears what ran out
    assert db.session.scalar(select(func.count(ImportedDocument.id))) == 1


def test_a_file_that_is_not_word_gets_a_message(client, db, round_):
    consultation, link = round_
    response = review(client, f"{link}/import", b"%PDF-1.4 not word")
    assert response.status_code == 422 and "ikke et gyldig Word-dokument" in response.get_data(as_text=True)


def test_the_secretariat_imports_and_submits_on_behalf_of_a_consultee(client, db, users, round_):
    consultation, _ = round_
    invitation = invitation_of(consultation, "Tinn kommune")
    login(client, users["secretariat"])
    base = f"/consultations/{consultation.slug}/responses/{invitation.consultee_id}/form"
    page = review(client, f"{base}/import", docx_bytes(adopted_response)).get_data(as_text=True)
    assert "på vegne av Tinn kommune" in page
    client.post(f"{base}/import", data=confirm_all(page))
    saved = submission.response_for(invitation)
    data = submission.input_from(saved)
    full = complete_input(consultation)
    full.comments = {**full.comments, **{k: v for k, v in data.comments.items() if v}}
    version = submission.submit(invitation, full, expected_version=saved.version, submission_key="behalf",
                                now=submission_now(), via="secretariat", user_id=users["secretariat"].id)
    assert version.submitted_via == "secretariat" and version.submitted_by_id == users["secretariat"].id
    assert db.session.scalar(select(func.count(Answer.id))) > 0
    db.session.commit()
    receipt = client.get(f"{base}/receipt/{version.number}").get_data(as_text=True)
    assert "kvitteringen for det som ble sendt inn for Tinn kommune" in receipt  # not «det dere sendte inn»
    assert "dere sendte inn" not in receipt and "Dere kan endre" not in receipt


def _long_response(words: int):
    def build(document) -> None:
        document.add_heading("Samferdsel og infrastruktur", 1)
        document.add_paragraph("Enig")
        document.add_paragraph(" ".join(["Fylkesvegen"] * words) + ".")
        document.add_heading("Digitalisering", 1)
        document.add_paragraph("Felles IKT-drift er et godt tiltak.")
    return build


def _saved_texts(db) -> list[str]:
    db.session.expire_all()
    return [a.text for a in db.session.scalars(select(Answer)) if a.text]


def test_an_import_past_the_field_cap_is_refused_by_part_and_the_review_is_kept(client, db, round_):
    consultation, link = round_
    page = review(client, f"{link}/import", docx_bytes(_long_response(2_000))).get_data(as_text=True)
    assert "Fylkesvegen Fylkesvegen" in page  # 24,000 characters: proposed, to be cut down in review
    response = client.post(f"{link}/import", data=confirm_all(page))
    page = response.get_data(as_text=True)
    area = consultation.focus_areas[0].title
    assert response.status_code == 422 and "Noen deler får ikke plass i svaret" in page
    assert f"«{area}» blir 24" in page and "høyst 20" in page
    assert 'aria-describedby="error-0"' in page and "Felles IKT-drift er et godt tiltak." in page
    assert _saved_texts(db) == []  # nothing saved, not even the parts that fit
    form = confirm_all(page)
    form["text-0"] = form["text-0"][:MAX_ANSWER]
    assert client.post(f"{link}/import", data=form).status_code == 302
    assert max(map(len, _saved_texts(db))) == MAX_ANSWER


def test_an_import_counts_the_text_already_in_the_field(client, db, round_):
    consultation, link = round_
    invitation = invitation_of(consultation, "Tinn kommune")
    data = complete_input(consultation, "Skrevet for hånd. " * 1_000)  # 18,000 characters per comment
    submission.save_draft(invitation, data, expected_version=None, now=submission_now())
    db.session.commit()
    page = review(client, f"{link}/import", docx_bytes(_long_response(200))).get_data(as_text=True)
    response = client.post(f"{link}/import", data=confirm_all(page))
    assert response.status_code == 422 and "det som står der fra før" in response.get_data(as_text=True)
    assert all(len(text) <= MAX_ANSWER for text in _saved_texts(db))


@pytest.mark.parametrize("field", [("target-0", "fa:999999"), ("target-0", "q:abc"), ("target-0", "fa:"),
                                   ("target-0", "general\x00"), ("pos-{area}", "kanskje")])
def test_a_forged_target_or_position_gets_400_with_a_message_and_saves_nothing(client, db, round_, field):
    consultation, link = round_
    page = review(client, f"{link}/import", docx_bytes(adopted_response)).get_data(as_text=True)
    form = confirm_all(page)
    form[field[0].format(area=consultation.focus_areas[0].id)] = field[1]
    response = client.post(f"{link}/import", data=form)
    assert response.status_code == 400
    assert re.search("et mål som ikke finnes|standpunkt er ikke gyldig", response.get_data(as_text=True))
    assert db.session.scalar(select(func.count(Response.id))) == 0


def test_a_yes_or_no_in_the_document_is_proposed_reviewed_and_saved_with_its_comment(client, db, consultation,
                                                                                   consultee_a):
    from app.consultations import structure

    joint = structure.add_question(consultation, kind=QuestionKind.YES_NO, text="Støtter dere felles legevakt?",
                                   help_text="", is_required=False)
    link = f"/svar/{open_round_for(db, consultation, consultee_a)['Tinn kommune']}"

    def document(doc):
        doc.add_heading("Støtter dere felles legevakt?", 1)
        doc.add_paragraph("Nei. Vi har egen legevakt.")

    page = review(client, f"{link}/import", docx_bytes(document)).get_data(as_text=True)
    assert "Ja/nei-svar funnet i dokumentet" in page
    assert re.search(rf'name="yes-{joint.id}" value="nei" checked', page)
    # A yes for a question that is not a yes/no question is refused, and nothing is saved
    invitation = invitation_of(consultation, "Tinn kommune")
    with pytest.raises(ImportRefused):
        apply_import(invitation, [], {}, yes_no={consultation.questions[0].id: True}, expected_version=None,
                     now=utcnow())
    db.session.rollback()
    assert db.session.scalar(select(func.count(Response.id))) == 0
    # The reviewer changes it to yes
    assert client.post(f"{link}/import", data={**confirm_all(page), f"yes-{joint.id}": "ja"}).status_code == 302
    saved = submission.response_for(invitation_of(consultation, "Tinn kommune"))
    answer = next(a for a in saved.answers if a.question_id == joint.id)
    assert (answer.yes, answer.text) == (True, "Vi har egen legevakt.")


def test_without_a_free_text_question_the_general_part_is_left_out_and_cannot_be_forced(client, db, round_):
    consultation, link = round_
    for question in consultation.questions:
        if question.kind is QuestionKind.TEXT:
            question.kind = QuestionKind.YES_NO
    db.session.commit()
    page = review(client, f"{link}/import", docx_bytes(adopted_response)).get_data(as_text=True)
    assert '<option value="general"' not in page
    form = confirm_all(page)
    last = int(form["count"]) - 1
    assert form[f"target-{last}"] == "skip" and "Kommunestyret behandlet" in form[f"text-{last}"]
    response = client.post(f"{link}/import", data={**form, f"target-{last}": "general"})
    assert response.status_code == 400 and db.session.scalar(select(func.count(Response.id))) == 0
    assert client.post(f"{link}/import", data=form).status_code == 302


def test_consultees_and_the_council_cannot_use_the_secretariat_route(client, db, users, round_):
    consultation, _ = round_
    invitation = invitation_of(consultation, "Tinn kommune")
    base = f"/consultations/{consultation.slug}/responses/{invitation.consultee_id}/form"
    for who in ("consultee_a", "council"):
        login(client, users[who])
        assert client.get(base).status_code == 403
        assert review(client, f"{base}/import", docx_bytes(adopted_response)).status_code == 403
        client.post("/logout")
    assert db.session.scalar(select(func.count(Response.id))) == 0


# --- the ranking, and what cannot be placed ---------------------------------------------------

SIX_AREAS = ("Kommunikasjon, infrastruktur og samferdsel", "Kompetanseutvikling og innovasjon",
             "Fellesprosjekter innen næringsutvikling og steds- og områdeutvikling", "Kvalitet i tjenesteleveranse",
             "Kompetanseutvikling", "Innovasjon og digitalisering")
COMMENTS = ("Fylkesvegene må prioriteres, særlig Fv 40.", "Fagskolen må styrkes.", "Reiselivet er viktig.",
            "Felles kvalitetskrav er bra.", "Fagnettverkene bør fortsette.", "Felles IKT-drift sparer penger.")


@pytest.fixture
def six_areas(db, region, consultee_a):
    """An open round with the reference strategy's six focus areas and the default questions (the ranking
    required); its link."""
    from app.consultations import structure

    consultation = make_consultation(db, region, "Strategi med seks satsingsområder")
    for title in SIX_AREAS:
        structure.add_focus_area(consultation, title=title, group=None, description="", keywords="")
    db.session.commit()
    tokens = open_round_for(db, consultation, consultee_a)
    return consultation, f"/svar/{tokens['Tinn kommune']}"


def ranked_answer(document, places=(1, 2, 3, 4, 5, 6)) -> None:
    """The user test's answer: a heading, a position and a comment per focus area, then the ranking as a
    table «Satsingsområde | Rangering» under the ranking question's heading."""
    document.add_heading("Høringsuttalelse fra Tinn kommune", 0)
    document.add_heading("1. Hva mener dere om satsingsområdene?", 1)
    for title, comment in zip(SIX_AREAS, COMMENTS, strict=True):
        document.add_heading(title, 2)
        document.add_paragraph("Enig")
        document.add_paragraph(comment)
    document.add_heading("2. Ranger satsingsområdene etter hvor viktige de er for dere.", 1)
    table = document.add_table(rows=1 + len(SIX_AREAS), cols=2)
    for row, values in zip(table.rows, [("Satsingsområde", "Rangering"),
                                        *((title, str(place)) for title, place in zip(SIX_AREAS, places, strict=True))],
                           strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_heading("3. Er det noe som mangler i utkastet?", 1)
    document.add_paragraph("Kultur og frivillighet mangler.")


def selects(page: str) -> dict[str, tuple[list[str], list[str]]]:
    """Each select of the review: its options' values, and the values marked selected."""
    found = {}
    for name, body in re.findall(r'<select id="([^"]+)".*?>(.*?)</select>', page, re.S):
        options = re.findall(r'<option value="([^"]*)"([^>]*)>', body)
        found[name] = ([value for value, _ in options], [value for value, attrs in options if "selected" in attrs])
    return found


def proposed(page: str) -> dict:
    """The review form as proposed, selects and fields exactly as the page marks them (no guessing)."""
    form = {"confirm": "1", "count": re.search(r'name="count" value="(\d+)"', page).group(1),
            "version": re.search(r'name="version" value="(\d*)"', page).group(1)}
    for name, (_options, chosen) in selects(page).items():
        form[name] = chosen[0] if chosen else ""
    for i in range(int(form["count"])):
        form[f"text-{i}"] = re.search(rf'<textarea id="text-{i}"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    form |= dict(re.findall(r'<input type="hidden" name="((?:found|source)-[^"]+)" value="([^"]*)"', page))
    return form


def test_a_ranking_table_fills_the_ranking_and_adds_nothing_to_the_comments(client, db, six_areas):
    consultation, link = six_areas
    page = review(client, f"{link}/import", docx_bytes(ranked_answer)).get_data(as_text=True)
    areas = consultation.focus_areas
    texts = re.findall(r"<textarea[^>]*>(.*?)</textarea>", page, re.S)
    assert texts == [*COMMENTS, "Kultur og frivillighet mangler."]  # no «1», no «Rangering»
    shown = selects(page)
    assert "Rangering funnet i dokumentet" in page
    assert [shown[f"rank-{area.id}"][1] for area in areas] == [["1"], ["2"], ["3"], ["4"], ["5"], ["6"]]
    assert client.post(f"{link}/import", data=proposed(page)).status_code == 302
    saved = submission.input_from(submission.response_for(invitation_of(consultation, "Tinn kommune")))
    assert [saved.ranks[area.id] for area in areas] == [1, 2, 3, 4, 5, 6]
    assert [saved.comments[area.id] for area in areas] == list(COMMENTS)
    ranking = consultation.questions[1]
    answers = {(a.question_id, a.focus_area_id): a for a in submission.response_for(
        invitation_of(consultation, "Tinn kommune")).answers}
    assert ranking.is_required and kind_of(ranking).missing(ranking, areas, answers) == {}


def test_a_ranking_the_document_leaves_out_is_said_on_the_review(client, db, six_areas):
    consultation, link = six_areas
    page = review(client, f"{link}/import", docx_bytes(adopted_response)).get_data(as_text=True)
    assert "Fant ingen rangering av satsingsområdene i dokumentet" in page
    page = review(client, f"{link}/import", docx_bytes(lambda d: ranked_answer(d, places=(1, 2, 3, 3, 5, 6))))
    text = page.get_data(as_text=True)
    assert "Rangeringen er ikke fullstendig" in text and "Fant ingen rangering" not in text


def test_the_select_always_offers_the_target_it_proposes(client, db, six_areas):
    """Text under the ranking's and the positions' own headings has no field of its own: the review asks
    where it goes (it showed the first focus area as chosen, and saved it there)."""
    consultation, link = six_areas

    def document(doc):
        doc.add_heading("Hva mener dere om satsingsområdene?", 1)
        doc.add_paragraph("Formannskapet har drøftet alle satsingsområdene.")
        doc.add_heading("Ranger satsingsområdene etter hvor viktige de er for dere.", 1)
        doc.add_paragraph("Samferdsel er viktigst for en kommune med lange avstander.")
        doc.add_heading(SIX_AREAS[0], 1)
        doc.add_paragraph("Fylkesvegene må prioriteres.")

    page = review(client, f"{link}/import", docx_bytes(document)).get_data(as_text=True)
    targets = {name: chosen for name, (options, chosen) in selects(page).items() if name.startswith("target-")}
    assert all(len(chosen) == 1 for chosen in targets.values()), targets
    for name, (options, chosen) in selects(page).items():
        assert set(chosen) <= set(options), name
    assert [targets[f"target-{i}"] for i in range(3)] == [[""], [""], [f"fa:{consultation.focus_areas[0].id}"]]
    assert page.count("Velg hvor teksten hører til, eller «Ikke ta med».") == 2
    # Confirmed without choosing: nothing is saved, and the parts to place are marked
    form = proposed(page)
    response = client.post(f"{link}/import", data=form)
    again = response.get_data(as_text=True)
    assert response.status_code == 422 and "Noen deler har ikke fått et sted i svaret ennå" in again
    assert 'aria-describedby="error-0"' in again and 'aria-describedby="error-1"' in again
    assert db.session.scalar(select(func.count(Response.id))) == 0
    general = importing.general_question(consultation)
    assert client.post(f"{link}/import", data={**form, "target-0": "skip", "target-1": "general"}).status_code == 302
    saved = submission.input_from(submission.response_for(invitation_of(consultation, "Tinn kommune")))
    assert saved.texts[general.id] == "Samferdsel er viktigst for en kommune med lange avstander."
    assert saved.comments[consultation.focus_areas[0].id] == "Fylkesvegene må prioriteres."


def test_the_review_shows_the_saved_position_and_place_the_document_would_replace(client, db, six_areas):
    from app.consultations import structure

    consultation, link = six_areas
    joint = structure.add_question(consultation, kind=QuestionKind.YES_NO, text="Støtter dere felles legevakt?",
                                   help_text="", is_required=False)
    invitation = invitation_of(consultation, "Tinn kommune")
    first, second = consultation.focus_areas[:2]
    data = submission.ResponseInput(positions={first.id: "uenig", second.id: "enig"},
                                    ranks={first.id: 3, second.id: 2}, yes={joint.id: True})
    submission.save_draft(invitation, data, expected_version=None, now=utcnow())
    db.session.commit()

    def document(doc):
        ranked_answer(doc)
        doc.add_heading("Støtter dere felles legevakt?", 1)
        doc.add_paragraph("Nei.")

    page = review(client, f"{link}/import", docx_bytes(document)).get_data(as_text=True)
    assert f'<p class="hint" id="pos-{first.id}-now">Nå: Uenig · I dokumentet: Enig</p>' in page
    assert f'<p class="hint" id="rank-{first.id}-now">Nå: 3 · I dokumentet: 1</p>' in page
    assert f'<p class="hint" id="yes-{joint.id}-now">Nå: Ja · I dokumentet: Nei</p>' in page
    assert f'aria-describedby="pos-{first.id}-now"' in page
    assert f"pos-{second.id}-now" not in page and f"rank-{second.id}-now" not in page  # the same: nothing to say
    # Still shown after the review is edited and the language changed: what the document said is carried along
    form = {**proposed(page), f"pos-{first.id}": "uenig", "language": "nn"}
    shown = client.post(f"{link}/import", data=form).get_data(as_text=True)
    assert f'id="pos-{first.id}-now">' in shown and f'id="rank-{first.id}-now">' in shown
    assert re.search(rf'<select id="pos-{first.id}".*?<option value="uenig" selected>', shown, re.S)


# --- worst cases through the real page (tests/app/worst_case.py, tests/app/worst_documents.py) -----

def import_documents(app, paths: dict[str, str]):
    """Prepare: an open round and its link; measure the upload of each document to the import page."""
    from app.extensions import db
    from app.models import Region
    from tests.conftest import make_consultation, make_consultee
    from tests.factories import open_round_for

    region = Region(name="Testregionen", slug="testregionen")
    db.session.add(region)
    db.session.commit()
    consultation = make_consultation(db, region)
    tokens = open_round_for(db, consultation, make_consultee(db, region, "Tinn kommune"))
    client, url = app.test_client(), f"/svar/{tokens['Tinn kommune']}/import"

    def upload(path: str):
        def call():
            response = review(client, url, Path(path).read_bytes())
            page = response.get_data(as_text=True)
            message = re.search(r'<div class="ds-alert" data-color="danger">(.*?)</div>', page, re.S)
            return {"status": response.status_code, "message": message.group(1) if message else ""}
        return call
    return {name: upload(path) for name, path in paths.items()}


@pytest.fixture(scope="module")
def import_figures(tmp_path_factory):
    directory = tmp_path_factory.mktemp("worst")
    paths = {name: worst_documents.write(directory, name) for name in worst_documents.DOCUMENTS}
    return measure_each("tests.app.test_response_import:import_documents", paths=paths)


@pytest.mark.bounds
@pytest.mark.parametrize("name", list(worst_documents.DOCUMENTS))
def test_worst_case_word_import_of_each_document_is_bounded(import_figures, name):
    measured = import_figures[name]
    if name in worst_documents.IMPORT_ACCEPTED:
        assert measured.result["status"] == 200, measured
    else:
        assert measured.result["status"] == 422, measured
        assert re.search("for stor eller for sammensatt|for langt", measured.result["message"]), measured
    assert measured.within_bounds(), measured


def forged_reviews(app):
    """Prepare: an open round; measure review forms posted back at the limits (not from our page)."""
    from app.extensions import db
    from app.models import Region
    from tests.conftest import make_consultation, make_consultee
    from tests.factories import open_round_for

    region = Region(name="Testregionen", slug="testregionen")
    db.session.add(region)
    db.session.commit()
    consultation = make_consultation(db, region)
    tokens = open_round_for(db, consultation, make_consultee(db, region, "Tinn kommune"))
    client, url = app.test_client(), f"/svar/{tokens['Tinn kommune']}/import"
    target = f"fa:{consultation.focus_areas[0].id}"

    def post(rows: int, text_of):
        def call():
            form = {"confirm": "1", "count": str(rows), **{f"target-{i}": target for i in range(rows)},
                    **{f"text-{i}": text_of(i) for i in range(rows)}}
            response = client.post(url, data=form, content_type="multipart/form-data")
            return {"status": response.status_code, "bytes": len(response.get_data())}
        return call
    return {
        # 60 MB of text in a multipart body (the page takes a file, so the body may be large)
        "30 rows of 2 MB": post(30, lambda i: "a" * (2 * 1024 * 1024 - 100)),
        # just under the review cap, every row different: joined past the field cap and shown again
        "300 rows of 1,333 characters": post(300, lambda i: f"{i:04d}" + "a" * 1_329),
    }


@pytest.mark.bounds
def test_worst_case_forged_review_forms_are_refused_within_bounds():
    figures = measure_each("tests.app.test_response_import:forged_reviews")
    huge, at_cap = figures["30 rows of 2 MB"], figures["300 rows of 1,333 characters"]
    assert huge.result["status"] == 302 and huge.result["bytes"] < 1_000  # back to the upload, not echoed
    assert at_cap.result["status"] == 422 and at_cap.result["bytes"] < 2 * MAX_REVIEW_CHARS
    assert huge.within_bounds() and at_cap.within_bounds(), figures


def adopted_with_its_case(document) -> None:
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Vår ref.:", "19/1234-5"
    document.add_heading("Høringsuttalelse fra Tinn kommune", 0)
    document.add_paragraph("Saksprotokoll i Formannskapet - 12.06.2019")
    document.add_paragraph("Saksprotokoll i Kommunestyret - 20.06.2019")
    document.add_heading("Samferdsel og infrastruktur", 1)
    document.add_paragraph("Fylkesvegen over fjellet må prioriteres.")


def test_who_adopted_it_when_and_its_case_number_are_read_reviewed_and_saved(client, db, round_):
    consultation, link = round_
    page = review(client, f"{link}/import", docx_bytes(adopted_with_its_case)).get_data(as_text=True)
    assert "Vedtak funnet i dokumentet" in page
    form = confirm_all(page)
    assert (form["adopted_by"], form["decision_date"], form["case_number"]) == ("kommunestyre", "2019-06-20", "19/1234-5")
    assert client.post(f"{link}/import", data=form).status_code == 302
    saved = submission.response_for(invitation_of(consultation, "Tinn kommune"))
    assert (saved.adopted_by.value, saved.decision_date.isoformat(), saved.case_number) == (
        "kommunestyre", "2019-06-20", "19/1234-5")


def test_the_review_shows_the_saved_adoption_the_document_would_replace_and_refuses_what_cannot_be_saved(
        client, db, round_):
    consultation, link = round_
    invitation = invitation_of(consultation, "Tinn kommune")
    data = submission.ResponseInput(adopted_by="formannskap", case_number="18/77")
    submission.save_draft(invitation, data, expected_version=None, now=utcnow())
    db.session.commit()
    page = review(client, f"{link}/import", docx_bytes(adopted_with_its_case)).get_data(as_text=True)
    assert "Nå: Formannskapet · I dokumentet: Kommunestyret" in page
    assert "Nå: 18/77 · I dokumentet: 19/1234-5" in page
    assert 'id="decision_date-now"' not in page  # nothing saved there: nothing replaced

    for field, value, message in (("case_number", "sak 19", "Skriv saksnummeret som år/nummer"),
                                  ("decision_date", "20.06.2019", "Skriv vedtaksdatoen som en dato"),
                                  ("adopted_by", "ordføreren", "Velg hvem som vedtok svaret fra listen.")):
        refused = client.post(f"{link}/import", data={**confirm_all(page), field: value})
        text = refused.get_data(as_text=True)
        assert refused.status_code == 422 and message in text and "Fylkesvegen over fjellet" in text
        db.session.expire_all()
        saved = submission.response_for(invitation)
        assert (saved.adopted_by.value, saved.case_number, saved.decision_date) == ("formannskap", "18/77", None)
