"""Open rounds: anyone may answer after confirming their e-mail through the link sent to it."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.consultees import services as consultees
from app.models import Consultee
from app.responses import submission
from tests.app.test_responses import complete_input, open_round_for
from tests.conftest import link_in, login

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


def test_the_same_address_again_gets_a_new_link_to_the_same_response(client, db, open_round, outbox):
    url = f"/horing/{open_round.slug}/innspill"
    client.post(url, data=SIGNUP)
    first = outbox[-1]
    client.post(url, data={**SIGNUP, "email": " KARI@example.no "})
    second = outbox[-1]
    assert db.session.scalar(select(func.count(Consultee.id)).where(Consultee.is_public.is_(True))) == 1
    assert client.get(link_in(first)).status_code == 404 and client.get(link_in(second)).status_code == 200


def test_rounds_not_open_to_everyone_have_no_signup(client, db, consultation, consultee_a):
    open_round_for(db, consultation, consultee_a)
    assert client.get(f"/horing/{consultation.slug}/innspill").status_code == 404
    assert client.post(f"/horing/{consultation.slug}/innspill", data=SIGNUP).status_code == 404


def test_signup_needs_consent_and_a_valid_address_and_keeps_what_was_typed(client, db, open_round, outbox):
    page = client.post(f"/horing/{open_round.slug}/innspill",
                       data={**SIGNUP, "email": "ikke-en-adresse", "consent": ""}).get_data(as_text=True)
    assert "Skriv en gyldig e-postadresse." in page and "Du må bekrefte" in page
    assert 'value="Kari Nordmann"' in page and 'value="Numedal turlag"' in page
    assert outbox == [m for m in outbox if m.to != "ikke-en-adresse"]
    assert db.session.scalar(select(func.count(Consultee.id)).where(Consultee.is_public.is_(True))) == 0


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
