from sqlalchemy import func, select

from app.models import Consultation, Consultee, Invitation, Region, Status, User
from tests.conftest import link_in


def counts(db):
    return tuple(db.session.scalar(select(func.count(m.id))) for m in (Region, Consultee, User, Consultation, Invitation))


def test_demo_load_builds_the_kongsbergregionen_round_once(app, db, outbox):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    first = counts(db)
    assert first == (1, 8, 5, 1, 8)
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    assert counts(db) == first
    consultation = db.session.scalar(select(Consultation))
    assert consultation.slug == "kongsbergregionen-strategi-2019-2030"
    assert consultation.status is Status.OPEN and consultation.title == "Strategi Kongsbergregionen 2019–2030"
    assert [a.group for a in consultation.focus_areas] == ["Samfunnsutvikling"] * 3 + ["Tjenesteutvikling"] * 3
    assert "Er vi store nok sammen?" in [q.text for q in consultation.questions]
    names = {c.name for c in db.session.scalars(select(Consultee))}
    assert {"Kongsberg kommune", "Nore og Uvdal kommune", "Buskerud fylkeskommune"} <= names
    assert len(outbox) == 8


def test_demo_logins_print_users_and_a_working_link(app, db, client):
    runner = app.test_cli_runner()
    runner.invoke(args=["demo", "load"])
    output = runner.invoke(args=["demo", "logins"]).output
    assert "sekretariat@demo.kongsbergregionen.no" in output and "demo-passord-2030" in output

    class Printed:
        body = output

    assert client.get(link_in(Printed)).status_code == 200


def test_demo_users_can_sign_in(app, db, client):
    app.test_cli_runner().invoke(args=["demo", "load"])
    response = client.post("/login", data={"email": "sekretariat@demo.kongsbergregionen.no",
                                           "password": "demo-passord-2030"})
    assert response.status_code == 302
    assert "Strategi Kongsbergregionen" in client.get("/consultations/").get_data(as_text=True)
