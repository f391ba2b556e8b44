import pytest
from sqlalchemy import func, select

from app.consultees import services
from app.errors import ValidationError
from app.models import Consultee, ConsulteeKind
from app.timeutil import utcnow
from tests.conftest import login

VALID = "942402465"


def add(region, name="Flesberg kommune", org_number=VALID, kind=ConsulteeKind.MUNICIPALITY):
    return services.create_consultee(region, name=name, kind=kind, email="post@flesberg.example.no",
                                     org_number=org_number)


def test_create_normalises_name_email_and_org_number(db, region):
    consultee = add(region, name="  Flesberg   kommune ", org_number="942 402 465")
    assert (consultee.name, consultee.org_number) == ("Flesberg kommune", VALID)


def test_duplicate_names_are_refused_whatever_the_case_and_spacing(db, region):
    add(region)
    with pytest.raises(ValidationError, match="finnes allerede") as error:
        add(region, name="flesberg  KOMMUNE", org_number=None)
    assert error.value.field == "name"


def test_duplicate_org_numbers_are_refused(db, region):
    add(region)
    with pytest.raises(ValidationError, match="allerede registrert på Flesberg kommune"):
        add(region, name="Annen kommune")


def test_the_same_name_may_exist_in_another_region(db, region, other_region):
    add(region)
    assert add(other_region).region_id == other_region.id


def test_invalid_org_numbers_are_refused(db, region):
    with pytest.raises(ValidationError, match="ikke gyldig"):
        add(region, org_number="942402466")


def test_renaming_onto_another_consultee_is_refused_but_keeping_its_own_name_is_fine(db, region):
    first, second = add(region), add(region, name="Rollag kommune", org_number=None)
    services.update_consultee(first, name="Flesberg kommune", kind=ConsulteeKind.MUNICIPALITY,
                              email="ny@flesberg.example.no", org_number=VALID)
    with pytest.raises(ValidationError):
        services.update_consultee(second, name="FLESBERG kommune", kind=ConsulteeKind.MUNICIPALITY,
                                  email="x@example.no", org_number=None)


def test_archived_consultees_leave_the_list_and_come_back(db, region):
    consultee = add(region)
    services.archive_consultee(consultee, now=utcnow())
    assert consultee not in services.list_consultees(region)
    assert consultee in services.list_consultees(region, include_archived=True)
    services.restore_consultee(consultee)
    assert consultee in services.list_consultees(region)


def test_register_pages_create_edit_and_archive(client, users, db):
    login(client, users["secretariat"])
    response = client.post("/consultees/new", data={"name": "Nore og Uvdal kommune", "kind": "kommune",
                                                    "email": " post@nore.example.no ", "org_number": "942 402 465"})
    assert response.status_code == 302
    consultee = db.session.scalar(select(Consultee).where(Consultee.name == "Nore og Uvdal kommune"))
    assert consultee.email == "post@nore.example.no"
    assert "Nore og Uvdal kommune" in client.get("/consultees/").get_data(as_text=True)
    client.post(f"/consultees/{consultee.id}/edit", data={"name": "Nore og Uvdal kommune", "kind": "annet",
                                                          "email": "ny@nore.example.no", "org_number": ""})
    db.session.refresh(consultee)
    assert (consultee.kind, consultee.org_number) == (ConsulteeKind.OTHER, None)
    client.post(f"/consultees/{consultee.id}/archive")
    db.session.refresh(consultee)
    assert consultee.is_archived


def test_bad_input_shows_messages_and_keeps_what_was_typed(client, users, db):
    login(client, users["secretariat"])
    before = db.session.scalar(select(func.count(Consultee.id)))
    page = client.post("/consultees/new", data={"name": "Tinn kommune", "kind": "kommune",
                                                "email": "ikke-en-adresse", "org_number": "123"}).get_data(as_text=True)
    assert "Skriv en gyldig e-postadresse." in page and "kontrollsiffer" in page
    assert 'value="ikke-en-adresse"' in page and 'value="123"' in page
    page = client.post("/consultees/new", data={"name": "tinn kommune", "kind": "kommune",
                                                "email": "post@tinn.example.no", "org_number": ""}).get_data(as_text=True)
    assert "Tinn kommune finnes allerede i registeret." in page and 'value="tinn kommune"' in page
    assert db.session.scalar(select(func.count(Consultee.id))) == before


def test_org_numbers_written_with_hyphens_or_in_the_vat_form_are_stored_as_nine_digits(client, users, db, region):
    login(client, users["secretariat"])
    for name, written in (("Testlag", "910-030-000"), ("Testlag To", "NO 942 402 465 MVA")):
        response = client.post("/consultees/new", data={"name": name, "kind": "annet", "email": "post@testlag.example.no",
                                                        "org_number": written})
        assert response.status_code == 302, response.get_data(as_text=True)
    stored = dict(db.session.execute(select(Consultee.name, Consultee.org_number)).all())
    assert (stored["Testlag"], stored["Testlag To"]) == ("910030000", VALID)
    page = client.post("/consultees/new", data={"name": "Testlag Tre", "kind": "annet", "email": "post@testlag.example.no",
                                                "org_number": "NO 910 030 001 MVA"}).get_data(as_text=True)
    assert "kontrollsiffer" in page and "Testlag Tre" not in dict(db.session.execute(
        select(Consultee.name, Consultee.org_number)).all())


def test_the_confirmation_after_a_rename_names_the_new_name(client, users, db, region):
    consultee = add(region, name="Testlag3", org_number=None)
    db.session.commit()
    login(client, users["secretariat"])
    page = client.post(f"/consultees/{consultee.id}/edit", data={"name": "Testlag Tre", "kind": "kommune",
                                                                 "email": "post@testlag.example.no", "org_number": ""},
                       follow_redirects=True).get_data(as_text=True)
    assert "Endringene for Testlag Tre er lagret." in page and "Endringene for Testlag3" not in page


def test_a_duplicate_of_an_archived_consultee_says_it_is_archived_and_links_to_it(client, users, db, region):
    archived = add(region, name="Testlag", org_number="910030000")
    services.archive_consultee(archived, now=utcnow())
    db.session.commit()
    login(client, users["secretariat"])
    where = f'href="/consultees/?arkiverte=1#consultee-{archived.id}"'
    for data in ({"name": "testlag", "org_number": ""}, {"name": "Testlag To", "org_number": "910 030 000"}):
        page = client.post("/consultees/new", data={"kind": "annet", "email": "post@testlag.example.no", **data}
                           ).get_data(as_text=True)
        assert "er arkivert" in page and "Hent den tilbake fra arkivet" in page and where in page, data
    assert f'id="consultee-{archived.id}"' in client.get("/consultees/?arkiverte=1").get_data(as_text=True)
    # One in use is only named: it is in the list the register shows
    add(region, name="Testlag Fire", org_number=None)
    db.session.commit()
    page = client.post("/consultees/new", data={"name": "testlag  fire", "kind": "annet",
                                                "email": "post@testlag.example.no", "org_number": ""}).get_data(as_text=True)
    assert "Testlag Fire finnes allerede i registeret." in page and "arkiverte=1#" not in page


def test_renaming_onto_an_archived_consultees_name_points_at_the_archive(db, region):
    archived, other = add(region, name="Testlag", org_number=None), add(region, name="Testlag To", org_number=None)
    services.archive_consultee(archived, now=utcnow())
    with pytest.raises(ValidationError, match="Testlag finnes allerede i registeret, men er arkivert") as error:
        services.update_consultee(other, name="TESTLAG", kind=ConsulteeKind.OTHER, email="x@example.no", org_number=None)
    assert error.value.field == "name"
    assert services.archived_duplicate(region, other, name="testlag", org_number=None) is archived
    assert services.archived_duplicate(region, other, name="Testlag To", org_number=None) is None  # its own name


def test_every_change_to_the_register_is_in_its_change_log_with_who_and_before_and_after(client, users, db):
    from app.models import AuditEvent

    login(client, users["secretariat"])
    client.post("/consultees/new", data={"name": "Testlag3", "kind": "annet", "email": "post@testlag.example.no",
                                         "org_number": ""})
    consultee = db.session.scalar(select(Consultee).where(Consultee.name == "Testlag3"))
    client.post(f"/consultees/{consultee.id}/edit", data={"name": "Testlag Tre", "kind": "annet",
                                                          "email": "ny@testlag.example.no", "org_number": "942 402 465"})
    client.post(f"/consultees/{consultee.id}/edit", data={"name": "Testlag Tre", "kind": "annet",  # nothing changed
                                                          "email": "ny@testlag.example.no", "org_number": VALID})
    client.post(f"/consultees/{consultee.id}/archive")
    client.post(f"/consultees/{consultee.id}/restore")
    events = list(db.session.scalars(select(AuditEvent).where(AuditEvent.action.startswith("consultee."),
                                                              AuditEvent.target.startswith("Testlag"))
                                     .order_by(AuditEvent.id)))
    assert [e.action for e in events] == ["consultee.create", "consultee.update", "consultee.archive",
                                          "consultee.restore"]
    assert all(e.user_id == users["secretariat"].id and e.target for e in events)
    update = events[1]
    assert (update.before["name"], update.after["name"]) == ("Testlag3", "Testlag Tre")
    assert (update.before["org_number"], update.after["org_number"]) == (None, VALID)
    assert update.after["email"] == "ny@testlag.example.no" and update.target == "Testlag Tre"
    page = client.get("/consultees/").get_data(as_text=True)
    log = page[page.index("Endringer i registeret"):]
    for name in ("Høringsinstans lagt til i registeret", "Høringsinstans endret", "Høringsinstans arkivert",
                 "Høringsinstans hentet tilbake fra arkivet"):
        assert name in log, name
    assert "consultee." not in log  # named in words, not by the code it is stored under
    row = log[log.index("Høringsinstans endret"):]
    row = row[:row.index("</tr>")]
    assert "Navn: Testlag3" in row and "Navn: Testlag Tre" in row and "Organisasjonsnummer: 942 402 465" in row
    assert "E-post: post@testlag.example.no" in row and "Type" not in row  # only what changed


def test_another_regions_staff_do_not_see_the_registers_change_log(client, users, db, region, other_region):
    from app.models import Role
    from tests.conftest import make_user

    login(client, users["secretariat"])
    client.post("/consultees/new", data={"name": "Testlag", "kind": "annet", "email": "post@testlag.example.no",
                                         "org_number": ""})
    assert "Høringsinstans lagt til i registeret" in client.get("/consultees/").get_data(as_text=True)
    client.post("/logout")
    login(client, make_user(db, other_region, Role.SECRETARIAT, "utenfor@example.no"))
    page = client.get("/consultees/").get_data(as_text=True)
    assert "Testlag" not in page and "Høringsinstans lagt til i registeret" not in page
    client.post("/logout")
    login(client, users["council"])  # the register and its log are the staff's
    assert client.get("/consultees/").status_code == 403
