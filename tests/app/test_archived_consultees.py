"""An archived consultee has no way in: no sign-in, no session, no link in any round, no mail."""
from __future__ import annotations

from datetime import timedelta

import pytest

from app.consultees import services as consultees
from app.errors import ValidationError
from app.invitations import reminders
from app.invitations import services as invitations
from app.models import ConsulteeKind
from app.timeutil import utcnow
from tests.conftest import PASSWORD, login, make_consultation
from tests.factories import invitation_of, open_round_for


@pytest.fixture
def two_rounds(db, region, consultee_a, consultee_b):
    """Tinn and Rollag invited to two open rounds; the links by round and consultee."""
    first = make_consultation(db, region, "Strategi for regionen 2030")
    second = make_consultation(db, region, "Plan for samferdsel 2027")
    return {c.slug: open_round_for(db, c, consultee_a, consultee_b) for c in (first, second)}, (first, second)


def _archive(client, users, db, consultee) -> None:
    login(client, users["secretariat"])
    assert client.post(f"/consultees/{consultee.id}/archive", data={"confirmed": "1"}).status_code == 302
    client.post("/logout")
    db.session.refresh(consultee)
    assert consultee.is_archived


def _in_own_context(app, client, method: str, path: str, **data):
    """A request in its own application context, as a server makes it: the test's own context would keep
    the last signed-in user in `g` across requests and clients."""
    with app.app_context():
        return client.open(path, method=method, data=data or None)


def test_an_archived_consultees_users_cannot_sign_in_or_keep_their_session(app, db, users, consultee_a, two_rounds):
    _, (first, _) = two_rounds
    tinn, rollag, staff = app.test_client(), app.test_client(), app.test_client()
    for client, user in ((tinn, users["consultee_a"]), (rollag, users["consultee_b"])):
        assert _in_own_context(app, client, "POST", "/login", email=user.email, password=PASSWORD).status_code == 302
    assert _in_own_context(app, tinn, "GET", f"/mine/{first.slug}").status_code == 200
    _in_own_context(app, staff, "POST", "/login", email=users["secretariat"].email, password=PASSWORD)
    assert _in_own_context(app, staff, "POST", f"/consultees/{consultee_a.id}/archive", confirmed="1").status_code == 302
    db.session.refresh(consultee_a)
    assert consultee_a.is_archived
    # The session Tinn's user already had no longer signs anyone in: back to the login page
    for path in ("/mine", f"/mine/{first.slug}"):
        assert _in_own_context(app, tinn, "GET", path).headers["Location"].startswith("/login")
    page = _in_own_context(app, tinn, "POST", "/login", email=users["consultee_a"].email, password=PASSWORD)
    assert page.status_code == 200 and "Brukeren din har ikke lenger tilgang" in page.get_data(as_text=True)
    assert _in_own_context(app, rollag, "GET", f"/mine/{first.slug}").status_code == 200  # others are not touched
    consultees.restore_consultee(consultee_a)
    db.session.commit()
    assert _in_own_context(app, tinn, "POST", "/login", email=users["consultee_a"].email,
                           password=PASSWORD).status_code == 302
    assert _in_own_context(app, tinn, "GET", f"/mine/{first.slug}").status_code == 200


def test_an_archived_consultees_links_stop_working_in_every_round(client, db, users, consultee_a, two_rounds, outbox):
    links, (first, second) = two_rounds
    for tokens in links.values():
        assert client.get(f"/svar/{tokens['Tinn kommune']}").status_code == 200
    _archive(client, users, db, consultee_a)
    for tokens in links.values():  # each page of the link says the access is closed (see below), and nothing more
        assert client.get(f"/svar/{tokens['Tinn kommune']}").status_code == 403
        assert client.post(f"/svar/{tokens['Tinn kommune']}", data={"save": "1"}).status_code == 403
        assert client.get(f"/svar/{tokens['Tinn kommune']}/kvittering/1").status_code == 403
        assert client.get(f"/svar/{tokens['Rollag kommune']}").status_code == 200
    # Nor is it sent a new link or reminded of a deadline
    with pytest.raises(ValidationError):
        invitations.resend(invitation_of(first, "Tinn kommune"), utcnow())
    outbox.clear()
    sent = reminders.send_reminders(second.deadline_at - timedelta(days=2))
    assert {item.invitation.consultee.name for item in sent} == {"Rollag kommune"}


def test_an_invitation_not_yet_sent_is_not_sent_once_its_consultee_is_archived(db, region, consultee_a, consultee_b,
                                                                              outbox):
    from app.consultations import services as consultations
    from tests.conftest import docx_bytes, kongsberg_shaped_draft

    consultation = make_consultation(db, region)
    consultations.add_draft_file(consultation, filename="u.docx", data=docx_bytes(kongsberg_shaped_draft),
                                 user=None, max_bytes=10_000_000)
    invitations.invite(consultation, [consultee_a, consultee_b], now=utcnow())
    consultees.archive_consultee(consultee_a, now=utcnow())
    assert invitations.send_pending(consultation, utcnow()) == 1
    db.session.commit()
    assert [m.to for m in outbox] == [consultee_b.email]


def test_archiving_names_the_open_rounds_whose_link_stops_working(client, db, users, consultee_a, two_rounds):
    _, (first, second) = two_rounds
    login(client, users["secretariat"])
    page = client.post(f"/consultees/{consultee_a.id}/archive", data={"confirmed": "1"},
                       follow_redirects=True).get_data(as_text=True)
    assert f"«{second.title}», «{first.title}»" in page or f"«{first.title}», «{second.title}»" in page
    assert "virker ikke lenger" in page and "Hent tilbake" in page


def test_archiving_with_an_open_invitation_or_a_draft_asks_first_naming_them(client, db, users, consultee_a,
                                                                             two_rounds):
    from sqlalchemy import select

    from app.models import AuditEvent
    from app.responses import submission
    from tests.factories import complete_input

    _, (first, second) = two_rounds
    invitation = invitation_of(second, "Tinn kommune")
    submission.save_draft(invitation, complete_input(second), expected_version=submission.version_of(invitation),
                          now=utcnow())
    db.session.commit()
    login(client, users["secretariat"])
    # The register's one button does not archive: it leads to the page that asks
    response = client.post(f"/consultees/{consultee_a.id}/archive")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/consultees/{consultee_a.id}/archive")
    db.session.refresh(consultee_a)
    assert not consultee_a.is_archived
    page = client.get(f"/consultees/{consultee_a.id}/archive").get_data(as_text=True)
    assert "Arkivere Tinn kommune?" in page and "2 åpne høringer venter fortsatt på Tinn kommune" in page
    first_row = page[page.index(first.title):]
    second_row = page[page.index(second.title):]
    assert "har ikke svart ennå" in first_row[:first_row.index("</li>")]
    assert "har et lagret utkast som ikke er sendt inn" in second_row[:second_row.index("</li>")]
    assert 'name="confirmed" value="1"' in page and f'href="/consultations/{second.slug}/invitations"' in page
    # «Avbryt» leaves it as it was; «Ja» archives and records the rounds it affected
    client.post(f"/consultees/{consultee_a.id}/archive", data={"confirmed": "1"})
    db.session.refresh(consultee_a)
    assert consultee_a.is_archived
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "consultee.archive"))
    assert sorted(event.after["open_rounds"]) == sorted([first.title, second.title])


def test_archiving_a_consultee_with_nothing_open_is_one_click(client, db, users, region):
    consultee = consultees.create_consultee(region, name="Testlag", kind=ConsulteeKind.OTHER,
                                            email="post@testlag.example.no", org_number=None)
    db.session.commit()
    login(client, users["secretariat"])
    assert consultees.archive_affects(consultee) == []
    page = client.post(f"/consultees/{consultee.id}/archive", follow_redirects=True).get_data(as_text=True)
    db.session.refresh(consultee)
    assert consultee.is_archived and "Testlag er arkivert." in page and "virker ikke lenger" not in page


def test_a_consultee_whose_answer_is_in_is_not_asked_about_but_saved_changes_are(db, region, consultation,
                                                                                 consultee_a):
    from app.responses import submission
    from tests.factories import complete_input

    open_round_for(db, consultation, consultee_a)
    invitation = invitation_of(consultation, "Tinn kommune")
    submission.submit(invitation, complete_input(consultation), expected_version=submission.version_of(invitation),
                      submission_key="k", now=utcnow(), via="link")
    assert consultees.archive_affects(consultee_a) == []
    submission.save_draft(invitation, complete_input(consultation, "Vi har endret mening."),
                          expected_version=submission.version_of(invitation), now=utcnow())
    assert [item.state for item in consultees.archive_affects(consultee_a)] == ["changes"]


def test_only_the_regions_staff_reach_the_page_that_asks_before_archiving(client, db, users, consultee_a,
                                                                          other_region):
    from app.models import Role
    from tests.conftest import make_user

    login(client, users["council"])
    assert client.get(f"/consultees/{consultee_a.id}/archive").status_code == 403
    assert client.post(f"/consultees/{consultee_a.id}/archive", data={"confirmed": "1"}).status_code == 403
    client.post("/logout")
    login(client, make_user(db, other_region, Role.SECRETARIAT, "utenfor@example.no"))
    assert client.get(f"/consultees/{consultee_a.id}/archive").status_code == 404
    assert client.post(f"/consultees/{consultee_a.id}/archive", data={"confirmed": "1"}).status_code == 404
    db.session.refresh(consultee_a)
    assert not consultee_a.is_archived


def test_an_archived_consultees_own_link_says_its_access_is_closed_its_draft_is_kept_and_whom_to_ask(
        client, db, users, region, consultee_a, two_rounds):
    from app.responses import submission
    from tests.factories import complete_input

    links, (first, second) = two_rounds
    invitation = invitation_of(first, "Tinn kommune")
    submission.save_draft(invitation, complete_input(first), expected_version=submission.version_of(invitation),
                          now=utcnow())
    db.session.commit()
    _archive(client, users, db, consultee_a)
    response = client.get(f"/svar/{links[first.slug]['Tinn kommune']}")
    page = response.get_data(as_text=True)
    assert response.status_code == 403 and "Tilgangen til høringen er stengt" in page
    assert f"har stengt tilgangen til «{first.title}» for Tinn kommune" in page
    assert "Utkastet dere har lagret, er tatt vare på." in page
    assert f"ta kontakt med sekretariatet i {region.name}" in page and "Fant ikke siden" not in page
    assert "Utkastet dere har lagret" not in client.get(f"/svar/{links[second.slug]['Tinn kommune']}").get_data(
        as_text=True)  # nothing saved there
    # An autosave behind the open form is told in its own terms and stops
    saved = client.post(f"/svar/{links[first.slug]['Tinn kommune']}/autosave", headers={"Accept": "application/json"})
    assert saved.status_code == 409 and "tilgangen til høringen er stengt" in saved.get_json()["message"]
    # Restoring opens the same link again, draft and all
    consultees.restore_consultee(consultee_a)
    db.session.commit()
    assert client.get(f"/svar/{links[first.slug]['Tinn kommune']}").status_code == 200


def test_a_wrong_or_stopped_link_of_an_archived_consultee_is_a_plain_not_found(app, client, db, users, consultee_a,
                                                                              two_rounds):
    links, (first, second) = two_rounds
    invitations.revoke_link(invitation_of(second, "Tinn kommune"))  # a link stopped before the archiving
    db.session.commit()
    _archive(client, users, db, consultee_a)
    for link in ("/svar/" + "A" * 43, f"/svar/{links[first.slug]['Tinn kommune']}x",
                 f"/svar/{links[second.slug]['Tinn kommune']}"):
        response = _in_own_context(app, app.test_client(), "GET", link)  # a stranger's browser
        page = response.get_data(as_text=True)
        assert response.status_code == 404 and "Fant ikke siden" in page, link
        assert "stengt" not in page and first.title not in page and "Tinn kommune" not in page


def test_the_rounds_lists_mark_an_archived_consultee_and_offer_it_no_new_or_blocked_link(client, db, users,
                                                                                        consultee_a, two_rounds):
    import re

    from app.responses import submission
    from tests.factories import complete_input

    links, (first, _second) = two_rounds
    client.get(f"/svar/{links[first.slug]['Tinn kommune']}")  # opened
    invitation = invitation_of(first, "Tinn kommune")
    submission.save_draft(invitation, complete_input(first), expected_version=submission.version_of(invitation),
                          now=utcnow())
    db.session.commit()
    _archive(client, users, db, consultee_a)
    login(client, users["secretariat"])

    def row(page: str, name: str) -> str:
        return re.search(rf"<tr>\s*<th scope=\"row\">(?:<a [^>]*>)?{name}.*?</tr>", page, re.S).group(0)

    page = client.get(f"/consultations/{first.slug}/invitations").get_data(as_text=True)
    tinn, rollag = row(page, "Tinn kommune"), row(page, "Rollag kommune")
    assert "Arkivert" in tinn and "Send ny lenke" not in tinn and "Sperr lenken" not in tinn
    assert "Arkivert" not in rollag and "Send ny lenke" in rollag and "Sperr lenken" in rollag
    page = client.get(f"/consultations/{first.slug}/responses").get_data(as_text=True)
    tinn = row(page, "Tinn kommune")
    assert "Utkast" in tinn and "Arkivert" in tinn and "Arkivert" not in row(page, "Rollag kommune")
    assert "Arkivert" in client.get(f"/consultations/{first.slug}/responses/{consultee_a.id}").get_data(as_text=True)
    # Asking for either by its address is refused before the page that asks to confirm, and the rule is the service's
    for action in ("resend", "revoke"):
        response = client.get(f"/consultations/{first.slug}/invitations/{invitation.id}/{action}", follow_redirects=True)
        page = response.get_data(as_text=True)
        assert "Tinn kommune er arkivert" in page and "Ja, " not in page, action
    with pytest.raises(ValidationError, match="er arkivert"):
        invitations.revoke_link(invitation)
    assert invitation.token_hash is not None  # restoring opens the same link again
