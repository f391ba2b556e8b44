import re

import pytest
from sqlalchemy import select

from app.auth import services
from app.errors import ValidationError
from app.models import Role, User
from app.timeutil import utcnow
from tests.conftest import PASSWORD, login


def test_passwords_are_stored_hashed(users):
    user = users["secretariat"]
    assert PASSWORD not in user.password_hash and user.password_hash.startswith("pbkdf2:")


def test_login_with_the_right_password_signs_in_and_records_the_time(client, users, db):
    response = client.post("/login", data={"email": "SEKRETARIAT@example.no ", "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith("/")
    assert db.session.get(User, users["secretariat"].id).last_login_at is not None
    assert client.get("/consultations/").status_code == 200


@pytest.mark.parametrize("email, password", [("sekretariat@example.no", "wrong-password"),
                                             ("nobody@example.no", PASSWORD)])
def test_login_refuses_wrong_credentials_with_one_message_and_keeps_the_email(client, users, email, password):
    page = client.post("/login", data={"email": email, "password": password}).get_data(as_text=True)
    assert "Feil e-post eller passord." in page and f'value="{email}"' in page
    assert client.get("/consultations/").status_code == 302


def test_inactive_users_cannot_sign_in(client, users, db):
    users["council"].is_active = False
    db.session.commit()
    page = client.post("/login", data={"email": "rad@example.no", "password": PASSWORD}).get_data(as_text=True)
    assert "Brukeren din har ikke lenger tilgang" in page  # the right password: told why, and whom to ask
    assert client.get("/consultations/").status_code == 302


def test_logout_ends_the_session(client, users):
    login(client, users["council"])
    client.post("/logout")
    assert client.get("/consultations/").status_code == 302


def test_login_redirects_only_to_local_paths(client, users):
    response = client.post("/login?next=https://evil.example/", data={"email": "rad@example.no", "password": PASSWORD})
    assert response.headers["Location"] == "/"
    client.post("/logout")
    response = client.post("/login?next=/consultations/", data={"email": "rad@example.no", "password": PASSWORD})
    assert response.headers["Location"] == "/consultations/"


def test_each_role_lands_where_its_work_is(client, users):
    assert client.get("/").headers["Location"] == "/horing"  # a visitor: the public rounds
    login(client, users["consultee_a"])
    assert client.get("/").headers["Location"] == "/mine"
    client.post("/logout")
    login(client, users["council"])
    assert client.get("/").headers["Location"] == "/consultations/"


def test_create_user_refuses_duplicates_short_passwords_and_consultee_mixups(db, region, users, consultee_a):
    with pytest.raises(ValidationError, match="allerede"):
        services.create_user(email="Admin@Example.no", name="X", password=PASSWORD, role=Role.ADMIN, region=region)
    with pytest.raises(ValidationError, match="minst"):
        services.create_user(email="ny@example.no", name="X", password="kort", role=Role.ADMIN, region=region)
    with pytest.raises(ValidationError, match="høringsinstans"):
        services.create_user(email="ny@example.no", name="X", password=PASSWORD, role=Role.CONSULTEE, region=region)
    with pytest.raises(ValidationError, match="høringsinstans"):
        services.create_user(email="ny@example.no", name="X", password=PASSWORD, role=Role.COUNCIL,
                             region=region, consultee=consultee_a)


def test_authenticate_updates_last_login(db, users):
    now = utcnow()
    user = services.authenticate("admin@example.no", PASSWORD, now=now)
    assert user is not None and user.last_login_at == now


def test_flask_users_create_makes_a_user_that_can_sign_in(app, db, region, consultee_a, client):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "--email", "ny@example.no", "--name", "Ny Bruker",
                                 "--role", "consultee", "--consultee", "tinn kommune",
                                 "--password", "et-langt-passord"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "ny@example.no"))
    assert user.role is Role.CONSULTEE and user.consultee_id == consultee_a.id
    response = client.post("/login", data={"email": "ny@example.no", "password": "et-langt-passord"})
    assert response.status_code == 302


def test_flask_users_create_reports_rule_violations(app, region):
    result = app.test_cli_runner().invoke(args=["users", "create", "--email", "x@example.no", "--name", "X",
                                                "--role", "admin", "--password", "kort"])
    assert result.exit_code != 0 and "minst" in result.output


def test_admin_creates_users_in_the_browser_and_others_are_refused(client, users, db):
    login(client, users["admin"])
    page = client.post("/admin/users", data={"name": "Nora", "email": "nora@example.no", "role": "council",
                                             "consultee_id": 0, "password": "et-langt-passord"})
    assert page.status_code == 302
    assert db.session.scalar(select(User).where(User.email == "nora@example.no")).role is Role.COUNCIL
    client.post("/logout")
    login(client, users["secretariat"])
    assert client.post("/admin/users", data={"name": "X", "email": "x@example.no", "role": "admin",
                                             "consultee_id": 0, "password": "et-langt-passord"}).status_code == 403
    assert db.session.scalar(select(User).where(User.email == "x@example.no")) is None


def _edit(client, user, **changes):
    data = {"name": user.name, "email": user.email, "role": user.role.value, "consultee_id": user.consultee_id or 0,
            "new_password": "", **changes}
    return client.post(f"/admin/users/{user.id}", data=data)


def test_an_admin_changes_a_users_role_and_the_user_is_signed_out(app, client, users, db, consultee_a):
    secretariat = users["secretariat"]
    other = app.test_client()
    login(other, secretariat)
    login(client, users["admin"])
    page = client.get(f"/admin/users/{secretariat.id}").get_data(as_text=True)
    assert '<option selected value="secretariat">' in page and f'value="{secretariat.email}"' in page
    assert _edit(client, secretariat, role="council", name="Kari Ny").status_code == 302
    db.session.refresh(secretariat)
    assert secretariat.role is Role.COUNCIL and secretariat.name == "Kari Ny"
    assert other.get("/consultations/").status_code == 302  # the session opened under the old role has ended
    # A consultee user belongs to one consultee, and only a consultee user does
    refused = _edit(client, secretariat, role="consultee")
    assert refused.status_code == 200 and "må høre til én høringsinstans" in refused.get_data(as_text=True)
    assert 'id="consultee_id-error"' in refused.get_data(as_text=True)  # beside the field it is about
    assert _edit(client, secretariat, role="consultee", consultee_id=consultee_a.id).status_code == 302
    db.session.refresh(secretariat)
    assert secretariat.role is Role.CONSULTEE and secretariat.consultee_id == consultee_a.id
    # Another user's e-mail is refused with the form kept
    taken = _edit(client, secretariat, email=users["council"].email, name="Skrevet inn").get_data(as_text=True)
    assert "Det finnes allerede en bruker med e-postadressen" in taken and 'value="Skrevet inn"' in taken


def test_an_admin_gives_a_user_who_lost_theirs_a_new_password(app, client, users, db):
    council = users["council"]
    other = app.test_client()
    login(other, council)
    login(client, users["admin"])
    short = _edit(client, council, new_password="kort").get_data(as_text=True)
    assert "Passordet må ha minst" in short
    assert _edit(client, council, new_password="et-nytt-langt-passord").status_code == 302
    assert other.get("/consultations/").status_code == 302
    assert other.post("/login", data={"email": council.email, "password": PASSWORD}).status_code != 302
    assert other.post("/login", data={"email": council.email, "password": "et-nytt-langt-passord"}).status_code == 302
    # Saving without a new password keeps the one there is, and the session
    assert _edit(client, council, name="Rådsmedlem").status_code == 302
    assert other.get("/consultations/").status_code == 200


def test_a_user_of_an_archived_consultee_is_shown_as_shut_out_and_can_still_be_changed(client, users, db,
                                                                                      consultee_a):
    """Found: listed as «Aktiv» though they could not sign in, and any change was refused because the archived
    consultee was not among the choices."""
    clerk = users["consultee_a"]
    consultee_a.is_archived = True
    db.session.commit()
    login(client, users["admin"])
    listed = client.get("/admin/users").get_data(as_text=True)
    assert "Kan ikke logge inn: høringsinstansen er arkivert" in listed
    page = client.get(f"/admin/users/{clerk.id}").get_data(as_text=True)
    assert f'<option selected value="{consultee_a.id}">{consultee_a.name} (arkivert)</option>' in page
    assert _edit(client, clerk, name="  Ny   Navnesen ").status_code == 302
    db.session.refresh(clerk)
    assert clerk.name == "Ny Navnesen" and clerk.consultee_id == consultee_a.id


def test_an_admin_who_changes_their_own_e_mail_stays_signed_in(client, users, db):
    admin = users["admin"]
    login(client, admin)
    assert _edit(client, admin, email="ny-admin@example.no").status_code == 302
    assert client.get("/admin/users").status_code == 200  # not sent to the login page


def test_the_new_user_form_is_not_filled_with_the_administrators_own_sign_in(client, users):
    login(client, users["admin"])
    page = client.get("/admin/users").get_data(as_text=True)
    assert re.search(r'<input[^>]*autocomplete="off"[^>]*id="email"|<input[^>]*id="email"[^>]*autocomplete="off"', page)
    assert re.search(r'<input[^>]*autocomplete="new-password"[^>]*id="password"|<input[^>]*id="password"[^>]*'
                     r'autocomplete="new-password"', page)


def test_an_admin_cannot_change_their_own_role_or_users_of_another_region_and_nobody_else_may(client, users, db):
    from tests.conftest import make_region

    admin = users["admin"]
    login(client, admin)
    refused = _edit(client, admin, role="secretariat").get_data(as_text=True)
    assert "Du kan ikke endre din egen rolle." in refused
    db.session.refresh(admin)
    assert admin.role is Role.ADMIN
    assert _edit(client, admin, name="Admin Ny").status_code == 302  # one's own name is fine
    stranger = services.create_user(email="fremmed@example.no", name="Fremmed", password=PASSWORD, role=Role.SECRETARIAT,
                                    region=make_region(db, "Annen region", "annen-region"))
    db.session.commit()
    assert client.get(f"/admin/users/{stranger.id}").status_code == 404
    assert _edit(client, stranger, role="council").status_code == 404
    client.post("/logout")
    for who in ("secretariat", "council", "consultee_a"):
        login(client, users[who])
        assert _edit(client, users["council"], role="admin").status_code == 403
        client.post("/logout")
    db.session.refresh(users["council"])
    assert users["council"].role is Role.COUNCIL


def test_an_admin_deactivates_a_user_who_is_signed_out_at_once_and_can_let_them_in_again(app, client, users, db,
                                                                                         region):
    council = users["council"]
    other = app.test_client()
    login(other, council)
    assert other.get("/consultations/").status_code == 200
    login(client, users["admin"])
    page = client.get("/admin/users").get_data(as_text=True)
    assert f"Deaktiver {council.name}" in page and f"Deaktiver {users['admin'].name}" not in page
    client.post(f"/admin/users/{council.id}/active", data={"active": "0"})
    db.session.refresh(council)
    assert not council.is_active
    assert other.get("/consultations/").status_code == 302  # the open session has ended
    refused = other.post("/login", data={"email": council.email, "password": PASSWORD})
    assert refused.status_code != 302 and "har ikke lenger tilgang" in refused.get_data(as_text=True)
    wrong = other.post("/login", data={"email": council.email, "password": "feil-passord"}).get_data(as_text=True)
    assert "lenger tilgang" not in wrong  # only the right password tells
    client.post(f"/admin/users/{council.id}/active", data={"active": "1"})
    login(other, council)
    # The forbidden sides: not oneself, not another region's user, not by anyone but an admin
    refused = client.post(f"/admin/users/{users['admin'].id}/active", data={"active": "0"}, follow_redirects=True)
    assert "Du kan ikke deaktivere din egen bruker." in refused.get_data(as_text=True)
    db.session.refresh(users["admin"])
    assert users["admin"].is_active
    from tests.conftest import make_region

    stranger = services.create_user(email="fremmed@example.no", name="Fremmed", password=PASSWORD, role=Role.SECRETARIAT,
                                    region=make_region(db, "Annen region", "annen-region"))
    db.session.commit()
    assert client.post(f"/admin/users/{stranger.id}/active", data={"active": "0"}).status_code == 404
    client.post("/logout")
    login(client, users["secretariat"])
    assert client.post(f"/admin/users/{council.id}/active", data={"active": "0"}).status_code == 403


def test_the_administrators_see_every_change_to_the_users_of_their_region(client, users, db):
    login(client, users["admin"])
    client.post("/admin/users", data={"name": "Nora", "email": "nora@example.no", "role": "council",
                                      "consultee_id": 0, "password": "et-langt-passord"})
    nora = db.session.scalar(select(User).where(User.email == "nora@example.no"))
    _edit(client, nora, role="secretariat")
    _edit(client, nora, new_password="et-nytt-langt-passord")
    client.post(f"/admin/users/{nora.id}/active", data={"active": "0"})
    page = client.get("/admin/users").get_data(as_text=True)
    log = page[page.index("Endringer i brukerne"):]
    for action in ("Bruker opprettet", "Bruker endret", "Nytt passord satt", "Bruker deaktivert"):
        assert action in log, action
    assert "Regionråd (lesetilgang)" in log and "Sekretariat" in log  # the role before and after, in words
    assert "et-nytt-langt-passord" not in page  # a password is never recorded
    client.post("/logout")
    from tests.conftest import make_region

    other_admin = services.create_user(email="admin@annen.no", name="Annen", password=PASSWORD, role=Role.ADMIN,
                                       region=make_region(db, "Annen region", "annen-region"))
    db.session.commit()
    login(client, other_admin)
    assert "Nora" not in client.get("/admin/users").get_data(as_text=True)  # another region's log is its own


def test_the_change_log_names_the_actors_role_in_the_readers_language(client, users, db):
    login(client, users["secretariat"])
    client.post("/account/password", data={"current_password": PASSWORD, "password": "et-nytt-langt-passord",
                                            "confirm": "et-nytt-langt-passord"})
    client.post("/logout")
    login(client, users["admin"])
    bokmal = client.get("/admin/users").get_data(as_text=True)
    assert f"{users['secretariat'].name} (sekretariat)" in bokmal
    client.post("/language/en", data={"next": "/admin/users"})
    english = client.get("/admin/users").get_data(as_text=True)
    log = english[english.index('id="user-log-title"'):]
    assert f"{users['secretariat'].name} (secretariat)" in log and "New password set" in log
