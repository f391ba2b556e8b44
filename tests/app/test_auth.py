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
    assert "Feil e-post eller passord." in page


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
    assert other.post("/login", data={"email": council.email, "password": PASSWORD}).status_code != 302
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
