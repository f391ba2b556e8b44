"""An archived consultee has no way in: no sign-in, no session, no link in any round, no mail."""
from __future__ import annotations

from datetime import timedelta

import pytest

from app.consultees import services as consultees
from app.errors import ValidationError
from app.invitations import reminders
from app.invitations import services as invitations
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
    assert client.post(f"/consultees/{consultee.id}/archive").status_code == 302
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
    assert _in_own_context(app, staff, "POST", f"/consultees/{consultee_a.id}/archive").status_code == 302
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
    for tokens in links.values():
        assert client.get(f"/svar/{tokens['Tinn kommune']}").status_code == 404
        assert client.post(f"/svar/{tokens['Tinn kommune']}", data={"save": "1"}).status_code == 404
        assert client.get(f"/svar/{tokens['Tinn kommune']}/kvittering/1").status_code == 404
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
    page = client.post(f"/consultees/{consultee_a.id}/archive", follow_redirects=True).get_data(as_text=True)
    assert f"«{second.title}», «{first.title}»" in page or f"«{first.title}», «{second.title}»" in page
    assert "virker ikke lenger" in page and "Hent tilbake" in page
