from sqlalchemy import func, select

from app.models import (
    AdoptedBy,
    Consultation,
    Consultee,
    ExtensionStatus,
    Invitation,
    Region,
    ResponseStatus,
    Status,
    User,
)
from tests.conftest import link_in


def counts(db):
    return tuple(db.session.scalar(select(func.count(m.id))) for m in (Region, Consultee, User, Consultation, Invitation))


def test_demo_load_builds_the_kongsbergregionen_round_once(app, db, outbox):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    first = counts(db)
    assert first == (1, 8, 6, 1, 8)
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    assert counts(db) == first
    consultation = db.session.scalar(select(Consultation))
    assert consultation.slug == "kongsbergregionen-strategi-2019-2030"
    assert consultation.status is Status.OPEN and consultation.title == "Strategi Kongsbergregionen 2019–2030"
    # the draft was in place before the round opened and sent its invitations (the archive journals it so)
    assert consultation.created_at <= consultation.current_draft.uploaded_at < consultation.opens_at
    assert [a.group for a in consultation.focus_areas] == ["Samfunnsutvikling"] * 3 + ["Tjenesteutvikling"] * 3
    assert "Er vi store nok sammen?" in [q.text for q in consultation.questions]
    names = {c.name for c in db.session.scalars(select(Consultee))}
    assert {"Kongsberg kommune", "Nore og Uvdal kommune", "Buskerud fylkeskommune"} <= names
    assert len(outbox) == 8
    responses = {r.consultee.name: r for r in consultation.responses}
    submitted = {name for name, r in responses.items() if r.status is ResponseStatus.SUBMITTED}
    assert len(submitted) == 6 and "Notodden kommune" not in submitted
    assert responses["Notodden kommune"].status is ResponseStatus.DRAFT
    tinn, rollag = responses["Tinn kommune"], responses["Rollag kommune"]
    assert tinn.adopted_by is AdoptedBy.MUNICIPAL_COUNCIL and tinn.case_number == "19/4976"
    rollag_invitation = next(i for i in consultation.invitations if i.consultee.name == "Rollag kommune")
    assert rollag.is_late and rollag_invitation.extension_requests[0].status is ExtensionStatus.GRANTED
    assert responses["Hjartdal kommune"].latest_version.snapshot_data["answers"][0]["text"].startswith("Riksveg")
    assert len(consultation.meetings) == 3
    assert any(m.consultee is None and m.arena == "Representantskapet" for m in consultation.meetings)


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


def test_every_demo_page_renders(app, db, client):
    runner = app.test_cli_runner()
    runner.invoke(args=["demo", "load"])
    output = runner.invoke(args=["demo", "logins"]).output
    consultation = db.session.scalar(select(Consultation))
    slug = consultation.slug

    class Printed:
        body = output

    county_page = client.get(link_in(Printed)).get_data(as_text=True)
    assert "Buskerud fylkeskommune" in county_page and "Ikke påbegynt" in county_page
    client.post("/login", data={"email": "sekretariat@demo.kongsbergregionen.no", "password": "demo-passord-2030"})
    pages = [f"/consultations/{slug}", f"/consultations/{slug}/responses", f"/consultations/{slug}/meetings",
             f"/consultations/{slug}/invitations", f"/consultations/{slug}/responses?vis=late"]
    pages += [f"/consultations/{slug}/responses/{r.consultee_id}" for r in consultation.responses]
    for url in pages:
        assert client.get(url).status_code == 200, url
    board = client.get(f"/consultations/{slug}/responses").get_data(as_text=True)
    assert "Sendt etter fristen" in board and "Utkast" in board
