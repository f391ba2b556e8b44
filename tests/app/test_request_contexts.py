"""Each request in the tests has an application context of its own, as behind a server (tests/conftest.py)."""
from __future__ import annotations

from flask import g

from app.models import Language
from tests.conftest import login, make_consultation
from tests.factories import open_round_for


def test_one_test_can_sign_in_as_one_user_then_another(client, users):
    login(client, users["secretariat"])
    assert "Sekretariat · " in client.get("/consultations/").get_data(as_text=True)
    client.post("/logout")
    login(client, users["council"])
    page = client.get("/consultations/").get_data(as_text=True)
    assert "Rad · " in page and "Sekretariat · " not in page


def test_each_request_has_a_g_of_its_own_with_no_user_in_it(app, client, users):
    seen: list[tuple[object, bool]] = []
    app.before_request(lambda: seen.append((g._get_current_object(), "_login_user" in g)))
    login(client, users["secretariat"])
    client.get("/consultations/")
    client.get("/consultations/")
    assert [has_user for _, has_user in seen] == [False, False, False]  # each finds its user from its cookies
    assert len({id(namespace) for namespace, _ in seen}) == 3


def test_the_rounds_language_does_not_follow_the_consultee_to_the_next_page(client, db, region, consultee_a):
    consultation = make_consultation(db, region, "Regionalplan for Sogn", language=Language.NYNORSK)
    link = f"/svar/{open_round_for(db, consultation, consultee_a)['Tinn kommune']}"
    assert '<html lang="nn" ' in client.get(link).get_data(as_text=True)
    assert '<html lang="nb" ' in client.get("/login").get_data(as_text=True)


def test_the_tests_session_reads_what_a_request_committed(client, db, users, consultation):
    from tests.app.test_consultations import FORM

    login(client, users["secretariat"])
    assert consultation.title == "Strategi for regionen 2030"  # loaded into the test's own session
    form = {**FORM, "title": "Nytt navn", "language": "nb", "opens_on": "2031-01-01"}
    assert client.post(f"/consultations/{consultation.slug}/edit", data=form).status_code == 302
    assert consultation.title == "Nytt navn"  # the request's own session committed it; no refresh needed
