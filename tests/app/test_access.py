"""Every view declares who may use it, and every other role is refused."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.auth.access import PUBLIC, declared_roles
from app.extensions import db as _db
from app.invitations import services as invitations
from app.models import Role, User
from app.timeutil import utcnow
from tests.conftest import (
    make_consultation,
    make_consultee,
    make_region,
    make_user,
    make_users,
    sqlite_template,
)
from tests.pdfs import make_pdf

STAFF = frozenset({Role.ADMIN, Role.SECRETARIAT})
READERS = STAFF | {Role.COUNCIL}
#: The records office reads the round list, the round and its drafts, and files the round
ROUND_READERS = READERS | {Role.RECORDS}
ARCHIVE = STAFF | {Role.RECORDS}
CONSULTEE = frozenset({Role.CONSULTEE})

#: The declared access table: a new endpoint without a line here fails the suite.
EXPECTED = {
    "main.index": PUBLIC,
    "main.set_language": PUBLIC,
    "auth.login": PUBLIC,
    "auth.logout": PUBLIC,
    "auth.password": frozenset(Role),
    "responses.mine": CONSULTEE,
    "round.responses.dashboard_page": STAFF,
    "round.responses.response_page": READERS,
    "round.responses.translated_response": READERS,
    "round.responses.response_attachment": READERS,
    "round.invitations.decide_extension": STAFF,
    "round.responses.audit_page": STAFF,
    "round.analysis.show": STAFF,
    "round.analysis.status": STAFF,
    "round.analysis.start": STAFF,
    "round.reports.council_overview": READERS,
    "round.reports.page": READERS,
    "round.reports.files": READERS,
    "round.reports.build": READERS,
    "round.reports.build_status": READERS,
    "round.reports.word": READERS,
    "round.reports.excel": READERS,
    "round.reports.build_translation": READERS,
    "round.reports.translated_word": READERS,
    "round.reports.archive": ARCHIVE,
    "round.reports.archive_status": ARCHIVE,
    "round.reports.build_archive": ARCHIVE,
    "round.reports.archive_zip": ARCHIVE,
    "round.case_reference": ARCHIVE,
    "round.publication.redact": STAFF,
    "round.publication.remove_redaction": STAFF,
    "public.index": PUBLIC,
    "public.round_page": PUBLIC,
    "public.draft": PUBLIC,
    "public.response": PUBLIC,
    "public.attachment": PUBLIC,
    "public.summary": PUBLIC,
    "public.summary_download": PUBLIC,
    "round.analysis.review_page": STAFF,
    "round.analysis.change_comment": STAFF,
    "round.analysis.change_theme": STAFF,
    "round.analysis.rename_theme": STAFF,
    "round.analysis.merge_page": STAFF,
    "round.analysis.undo_merge": STAFF,
    "public.signup": PUBLIC,
    "round.meetings.index": READERS,
    "round.meetings.edit": STAFF,
    "round.meetings.delete": STAFF,
    "admin.users": frozenset({Role.ADMIN}),
    "admin.set_active": frozenset({Role.ADMIN}),
    "admin.edit_user": frozenset({Role.ADMIN}),
    "consultees.index": STAFF,
    "consultees.create": STAFF,
    "consultees.edit": STAFF,
    "consultees.archive": STAFF,
    "consultees.restore": STAFF,
    "consultations.index": ROUND_READERS,
    "round.show": ROUND_READERS,
    "round.download_draft": ROUND_READERS,
    "consultations.create": STAFF,
    "round.edit": STAFF,
    "round.draft": STAFF,
    "round.transition": STAFF,
    "round.confirm": STAFF,
    "round.focus_areas": STAFF,
    "round.edit_focus_area": STAFF,
    "round.change_focus_area": STAFF,
    "round.delete_focus_area": STAFF,
    "round.focus_areas_from_draft": STAFF,
    "round.questions": STAFF,
    "round.edit_question": STAFF,
    "round.change_question": STAFF,
    "round.delete_question": STAFF,
    "round.add_question_template": STAFF,
    "round.invitations.index": STAFF,
    "round.invitations.change": STAFF,
    "round.invitations.deadline": STAFF,
}

#: The consultee's pages: public behind the unguessable link, consultee users behind their account
PORTAL_PAGES = ("respond", "autosave", "receipt", "receipt_docx", "draft", "upload", "attachment",
                "delete_attachment", "extension", "word_import")
EXPECTED |= {f"responses.{page}_by_token": PUBLIC for page in PORTAL_PAGES}
EXPECTED |= {f"responses.{page}_by_account": CONSULTEE for page in PORTAL_PAGES}
EXPECTED |= {f"round.responses.{page}_by_staff": STAFF for page in PORTAL_PAGES}
#: The old staff paths (app.round.MOVED): 308 to their new place, refused as the new place refuses
EXPECTED |= {f"round.moved_{page}_by_staff": STAFF for page in PORTAL_PAGES}
EXPECTED["round.moved_decide_extension"] = STAFF

ROLE_OF_USER = {"admin": Role.ADMIN, "secretariat": Role.SECRETARIAT, "council": Role.COUNCIL, "records": Role.RECORDS,
                "consultee_a": Role.CONSULTEE, "consultee_b": Role.CONSULTEE}


def app_endpoints(app):
    return sorted({rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"})


def test_every_endpoint_declares_the_expected_roles(app):
    for endpoint in app_endpoints(app):
        assert endpoint in EXPECTED, f"{endpoint} has no line in the access table"
        assert declared_roles(app.view_functions[endpoint]) == EXPECTED[endpoint], endpoint


def test_each_old_path_admits_exactly_whom_its_new_path_admits(app):
    from app.round import MOVED, moved_endpoint

    for _, target in MOVED:
        redirect, served = app.view_functions[f"round.{moved_endpoint(target)}"], app.view_functions[f"round.{target}"]
        assert declared_roles(redirect) == declared_roles(served), target


#: The `world` each `world_template` file holds, by the file (its token is not in the database)
_WORLDS: dict = {}


@pytest.fixture(scope="module")
def world_template(tmp_path_factory):
    """The world (below) with the `users` fixture's region, consultees and users, built once for this file."""

    def build(app) -> None:
        region = make_region(_db)
        tinn, rollag = make_consultee(_db, region, "Tinn kommune"), make_consultee(_db, region, "Rollag kommune")
        make_users(_db, region, tinn, rollag)
        made.update(make_world(_db, region, tinn))

    made: dict = {}
    template = sqlite_template(tmp_path_factory, "access-world", build)
    _WORLDS[template] = made
    return template


@pytest.fixture
def world(db, world_template, region, users, consultee_a):
    """A round with a draft, a focus area, a question and an invitation, and a link to it, analysed.

    The test's database is a copy of `world_template`: making the world (its analysis above all)
    took most of a second a test.
    """
    return _WORLDS[world_template] if world_template is not None else make_world(db, region, consultee_a)


def make_world(db, region, consultee_a) -> dict:
    """Make the world in the open app context: the ids the routes take, and the link's token."""
    from app.consultations import services
    from tests.conftest import docx_bytes, kongsberg_shaped_draft

    consultation = make_consultation(db, region)
    services.add_draft_file(consultation, filename="utkast.docx", data=docx_bytes(kongsberg_shaped_draft),
                            user=None, max_bytes=10_000_000)
    invitations.invite(consultation, [consultee_a], now=utcnow())
    services.open_consultation(consultation, now=utcnow())
    invitation = consultation.invitations[0]
    token = invitations.issue_link(invitation, utcnow())
    attachment, request = answered(invitation)
    meeting = recorded_meeting(consultation)
    db.session.commit()
    comment, theme = analysed(consultation)
    db.session.commit()
    return {"slug": consultation.slug, "item_id": None, "invitation_id": invitation.id,
            "consultee_id": consultee_a.id, "version": 1, "token": token, "code": "nn", "name": "standard",
            "focus_area_id": consultation.focus_areas[0].id, "question_id": consultation.questions[0].id,
            "number": 1, "attachment_id": attachment.id, "request_id": request.id,
            "meeting_id": meeting.id, "comment_id": comment.id, "theme_id": theme.id, "merge_id": 1, "redaction_id": 1,
            "user_id": _db.session.scalar(select(User.id).where(User.role == Role.COUNCIL)),
            "kind": "docx"}


def analysed(consultation):
    """Run the analysis; return one comment unit and one theme it made."""
    from sqlalchemy import select

    from app.analysis.jobs import run_job, start
    from app.extensions import db
    from app.models import CommentUnit, Theme

    run = start(consultation, None, utcnow())
    db.session.commit()
    run_job(run.id)
    return db.session.scalar(select(CommentUnit)), db.session.scalar(select(Theme))


def recorded_meeting(consultation):
    from datetime import date

    from app.meetings import services as meetings

    return meetings.save_meeting(consultation, None, consultee=None, held_on=date(2026, 3, 11),
                                 arena="Representantskapet", description="Gruppearbeid ca. 3 timer",
                                 attendees="", notes={consultation.questions[2].id: "Notat"}, user=None,
                                 now=utcnow())


def answered(invitation):
    """A submitted response with an attachment, and a pending extension request."""
    from app.invitations import deadlines as extensions
    from app.responses import attachments, submission
    from tests.factories import complete_input

    attachment = attachments.add(invitation, filename="vedtak.pdf", data=make_pdf(), max_bytes=10_000,
                                 now=utcnow())
    submission.submit(invitation, complete_input(invitation.consultation), expected_version=submission.version_of(invitation),
                      submission_key="key-1", now=utcnow(), via="link")
    request = extensions.request_extension(invitation, invitation.deadline_at + timedelta(days=7), "Politisk sak",
                                           now=utcnow())
    return attachment, request


def urls_for(app, world):
    """(endpoint, method, url) for every route, filled with the world's ids."""
    requests = []
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if rule.endpoint == "static":
                continue
            values = {}
            for arg in rule.arguments:
                if arg == "item_id":
                    values[arg] = world["question_id"] if "question" in rule.endpoint else world["focus_area_id"]
                elif arg in ("action", "decision", "kind"):
                    values[arg] = _first_option(rule, arg)
                else:
                    values[arg] = world[arg]
            method = "GET" if "GET" in rule.methods else "POST"
            requests.append((rule.endpoint, method, url_for(rule.endpoint, **values)))
    return requests


def _first_option(rule, arg: str) -> str:
    return sorted(rule._converters[arg].items)[0]


@pytest.mark.parametrize("who", [None, "admin", "secretariat", "council", "records", "consultee_a"])
def test_each_role_is_refused_exactly_where_the_table_says(app, client, world, as_role, who):
    as_role(who)
    for endpoint, method, url in urls_for(app, world):
        if endpoint == "auth.logout":
            continue
        allowed = EXPECTED[endpoint]
        response = client.open(url, method=method)
        if allowed == PUBLIC:
            assert response.status_code not in (401, 403) and response.status_code < 500, f"{method} {url}"
        elif who is not None and ROLE_OF_USER[who] in allowed:
            assert response.status_code not in (401, 403), f"{who} refused at {method} {url}"
            assert not _sent_to_login(response), f"{who} sent to login at {method} {url}"
            assert response.status_code < 500, f"{method} {url} failed for {who}"
            if response.status_code == 200 and response.mimetype == "text/html":
                title = re.search(r"<title>(.*?)</title>", response.get_data(as_text=True), re.S)
                assert title and "<" not in title.group(1), f"markup in the title of {url}"  # a block pasted there
        elif who is None:
            assert _sent_to_login(response), f"anonymous let in at {method} {url}"
        else:
            assert response.status_code == 403, f"{who} let in at {method} {url} ({response.status_code})"


def _sent_to_login(response) -> bool:
    return response.status_code == 302 and "/login" in response.headers["Location"]


def test_staff_of_another_region_cannot_see_the_round(db, client, other_region, world):
    outsider = make_user(db, other_region, Role.SECRETARIAT, "utenfor@example.no")
    from tests.conftest import login

    login(client, outsider)
    assert client.get(f"/consultations/{world['slug']}").status_code == 404
    assert client.get(f"/consultations/{world['slug']}/invitations").status_code == 404
    assert client.post(f"/consultations/{world['slug']}/close").status_code == 404
    assert client.get(f"/consultees/{world['consultee_id']}/edit").status_code == 404


def round_pages(app, world):
    """(endpoint, method, url) of every page in the round blueprint, for the world's round."""
    return [(endpoint, method, url) for endpoint, method, url in urls_for(app, world) if endpoint.startswith("round.")]


def test_every_round_page_of_another_region_is_not_found(app, db, client, other_region, world):
    from tests.conftest import login

    login(client, make_user(db, other_region, Role.SECRETARIAT, "utenfor@example.no"))
    pages = round_pages(app, world)
    assert len(pages) > 50
    for endpoint, method, url in pages:
        assert client.open(url, method=method).status_code == 404, f"{endpoint}: {method} {url}"


def test_the_round_is_loaded_only_after_the_access_check(app, client, as_role, world):
    """Anonymous visitors meet the login page, whether the round exists or not; a role the page does not
    admit gets 403 before the round is looked up."""
    for slug in (world["slug"], "ingen-slik-runde"):
        assert _sent_to_login(client.get(f"/consultations/{slug}/meetings"))
        assert _sent_to_login(client.post(f"/consultations/{slug}/close"))
    as_role("consultee_a")
    assert client.get("/consultations/ingen-slik-runde/responses").status_code == 403
    as_role("council")
    assert client.get("/consultations/ingen-slik-runde/invitations").status_code == 403
    assert client.get("/consultations/ingen-slik-runde/meetings").status_code == 404


def test_links_within_a_round_page_name_the_round_without_being_told(app, db, world):
    from flask import g, url_for

    from app.models import Consultation

    with app.test_request_context(f"/consultations/{world['slug']}/meetings"):
        g.consultation = db.session.scalar(db.select(Consultation))
        assert url_for("round.invitations.index") == f"/consultations/{world['slug']}/invitations"
        assert url_for("round.show", slug="en-annen") == "/consultations/en-annen"


def test_a_consultee_user_sees_only_its_own_invitations(db, client, region, users, world):
    from tests.conftest import login

    login(client, users["consultee_b"])
    assert client.get(f"/mine/{world['slug']}").status_code == 404
    assert "Strategi for regionen" not in client.get("/mine").get_data(as_text=True)
    client.post("/logout")
    login(client, users["consultee_a"])
    assert client.get(f"/mine/{world['slug']}").status_code == 200
    assert "Strategi for regionen" in client.get("/mine").get_data(as_text=True)


def test_unknown_and_malformed_links_are_not_found(client, world):
    assert client.get("/svar/" + "A" * 43).status_code == 404
    assert client.get("/svar/" + "x" * 500).status_code == 404
    assert client.get(f"/svar/{world['token']}").status_code == 200
