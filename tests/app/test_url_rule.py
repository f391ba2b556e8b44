"""Staff pages live under /consultations/<slug>/ with English path words; the paths that moved there answer
308 Permanent Redirect from their old place, to the same people the new path admits, and no one else."""
from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import select
from werkzeug.exceptions import MethodNotAllowed

from app.invitations import deadlines
from app.models import Attachment, Role
from app.responses import submission
from app.responses.portal import STAFF_WORDS, staff_rule
from app.round import MOVED, moved_endpoint
from app.timeutil import utcnow
from tests.conftest import login, make_user
from tests.factories import complete_input, form_fields, invitation_of
from tests.pdfs import make_pdf

#: Old path → new path under /consultations/<slug>, written out (ids: consultee 11, receipt 1, attachment 7,
#: extension request 3); the table in app.round must redirect each of them
OLD_TO_NEW = (
    ("/svar/11", "/responses/11/form", "round.responses.respond_by_staff"),
    ("/svar/11/autosave", "/responses/11/form/autosave", "round.responses.autosave_by_staff"),
    ("/svar/11/import", "/responses/11/form/import", "round.responses.word_import_by_staff"),
    ("/svar/11/kvittering/1", "/responses/11/form/receipt/1", "round.responses.receipt_by_staff"),
    ("/svar/11/kvittering/1.docx", "/responses/11/form/receipt/1.docx", "round.responses.receipt_docx_by_staff"),
    ("/svar/11/utkast.docx", "/responses/11/form/draft.docx", "round.responses.draft_by_staff"),
    ("/svar/11/utsatt-frist", "/responses/11/form/extension", "round.responses.extension_by_staff"),
    ("/svar/11/vedlegg", "/responses/11/form/attachments", "round.responses.upload_by_staff"),
    ("/svar/11/vedlegg/7", "/responses/11/form/attachments/7", "round.responses.attachment_by_staff"),
    ("/svar/11/vedlegg/7/slett", "/responses/11/form/attachments/7/delete",
     "round.responses.delete_attachment_by_staff"),
    ("/extensions/3/grant", "/invitations/extensions/3/grant", "round.invitations.decide_extension"),
    ("/extensions/3/decline", "/invitations/extensions/3/decline", "round.invitations.decide_extension"),
)
#: The consultee's words that must not appear in a staff path
NORWEGIAN = {"svar", "mine", "horing", *(word for word, english in STAFF_WORDS.items() if word != english)}


def test_the_portal_gives_the_staff_copy_english_words():
    assert staff_rule("/kvittering/<int:number>.docx") == "/receipt/<int:number>.docx"
    assert staff_rule("/vedlegg/<int:attachment_id>/slett") == "/attachments/<int:attachment_id>/delete"
    assert staff_rule("/utkast.docx") == "/draft.docx" and staff_rule("") == ""
    with pytest.raises(ValueError, match="innsyn"):
        staff_rule("/innsyn")


def test_no_staff_page_has_a_norwegian_path_word_but_the_redirects_from_the_old_ones(app):
    moved = {f"round.{moved_endpoint(target)}" for _, target in MOVED}
    for rule in app.url_map.iter_rules():
        words = {word for part in rule.rule.split("/") if part and not part.startswith("<")
                 for word in [part.partition(".")[0]]}
        if rule.rule.startswith("/consultations/") and rule.endpoint not in moved:
            assert not words & NORWEGIAN, f"{rule.rule} ({rule.endpoint})"
    assert len(moved) == len(MOVED)


def test_each_old_path_is_in_the_table_and_its_new_path_is_the_targets(app):
    adapter = app.url_map.bind("localhost")
    moved = {f"round.{moved_endpoint(target)}": f"round.{target}" for _, target in MOVED}
    reached = set()
    for old, new, target in OLD_TO_NEW:
        old_endpoint, _ = adapter.match(f"/consultations/r{old}", method="POST")
        assert moved[old_endpoint] == target, old
        assert _endpoint(adapter, f"/consultations/r{new}") == target, new
        reached.add(old_endpoint)
    assert reached == set(moved)


def _endpoint(adapter, path: str) -> str:
    try:
        return adapter.match(path, method="POST")[0]
    except MethodNotAllowed:
        return adapter.match(path, method="GET")[0]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_the_old_paths_answer_308_to_the_new_ones_with_the_query_string(client, db, users, consultation, method):
    login(client, users["secretariat"])
    base = f"/consultations/{consultation.slug}"
    for old, new, _ in OLD_TO_NEW:
        response = client.open(f"{base}{old}?vis=alle&q=%C3%A5", method=method, data={"answer": "x"})
        assert response.status_code == 308, f"{method} {old}"
        assert response.headers["Location"] == f"{base}{new}?vis=alle&q=%C3%A5", f"{method} {old}"
        assert client.open(f"{base}{old}", method=method).headers["Location"] == f"{base}{new}"


def test_following_an_old_link_the_secretariat_answers_for_a_consultee(client, db, users, round_):
    consultation, _, _ = round_
    invitation = invitation_of(consultation, "Tinn kommune")
    login(client, users["secretariat"])
    old = f"/consultations/{consultation.slug}/svar/{invitation.consultee_id}"
    page = client.get(old, follow_redirects=True)
    assert page.request.path == f"/consultations/{consultation.slug}/responses/{invitation.consultee_id}/form"
    assert page.status_code == 200 and "på vegne av Tinn kommune" in page.get_data(as_text=True)
    # A form posted from a page opened before the move: the body follows the redirect
    data = form_fields(consultation, complete_input(consultation, "Lagret via den gamle adressen"))
    saved = client.post(old, data={**data, "save": "1"}, follow_redirects=True)
    assert saved.status_code == 200 and len(saved.history) >= 1 and saved.history[0].status_code == 308
    db.session.expire_all()
    assert "Lagret via den gamle adressen" in str(submission.input_from(submission.response_for(invitation)).comments)
    upload = client.post(f"{old}/vedlegg", data={"attachment": (io.BytesIO(make_pdf()), "vedtak.pdf")},
                         content_type="multipart/form-data")
    assert upload.status_code == 308
    client.post(f"{old}/vedlegg", data={"attachment": (io.BytesIO(make_pdf()), "vedtak.pdf")},
                content_type="multipart/form-data", follow_redirects=True)
    assert db.session.scalars(select(Attachment.filename)).all() == ["vedtak.pdf"]  # once: the 308 alone stores nothing


def test_an_extension_decision_posted_to_the_old_path_lands_with_its_form_token(app, client, db, users, round_):
    consultation, _, _ = round_
    invitation = invitation_of(consultation, "Tinn kommune")
    request = deadlines.request_extension(invitation, invitation.deadline_at + timedelta(days=7), "Politisk sak",
                                          now=utcnow())
    db.session.commit()
    login(client, users["secretariat"])
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        board = client.get(f"/consultations/{consultation.slug}/responses?vis=extension").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', board).group(1)
        old = f"/consultations/{consultation.slug}/extensions/{request.id}/grant"
        refused = client.post(old, data={"answer": "Greit."}, follow_redirects=True)
        assert refused.status_code == 400  # the target checks the form token, not the redirect
        landed = client.post(old, data={"answer": "Greit.", "csrf_token": token})
        assert landed.status_code == 308
        done = client.post(old, data={"answer": "Greit.", "csrf_token": token}, follow_redirects=True)
        assert done.status_code == 200 and done.history[-1].status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    db.session.refresh(invitation)
    assert invitation.deadline_at > consultation.deadline_at


def _refusal(response) -> tuple:
    """What a refused request met: the status, and for a redirect whether it is the login page."""
    return response.status_code, response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("who", [None, "consultee_a", "council", "elsewhere"])
def test_the_old_paths_refuse_whom_the_new_ones_refuse(client, db, users, other_region, round_, who):
    consultation, _, _ = round_
    if who == "elsewhere":  # staff of another region: the round is not found
        login(client, make_user(db, other_region, Role.SECRETARIAT, "utenfor@example.no"))
    elif who is not None:
        login(client, users[who])
    for slug in (consultation.slug, "ingen-slik-runde"):
        for old, new, _ in OLD_TO_NEW:
            for method in ("GET", "POST"):
                on_old = _refusal(client.open(f"/consultations/{slug}{old}", method=method))
                on_new = _refusal(client.open(f"/consultations/{slug}{new}", method=method))
                if who is None:
                    assert on_old == (302, True), f"{method} {old}"
                elif who == "elsewhere":
                    assert on_old[0] == 404, f"{method} {old}"
                else:
                    assert on_old[0] == 403, f"{who}: {method} {old}"
                if on_new[0] != 405:  # a GET of a POST-only page is refused for its method before anyone is asked
                    assert on_old == on_new, f"{who}: {method} {old} {on_old} vs {new} {on_new}"
