"""Sessions end when the user logs out or changes the password, everywhere; a login starts a new one."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
from werkzeug.security import check_password_hash

from app import create_app
from app.config import ProductionConfig
from app.extensions import db as _db
from app.models import Role, User
from tests.conftest import PASSWORD, login, make_user

SESSION, REMEMBER = "session", "remember_token"
NEW_PASSWORD = "et-helt-nytt-passord"


def remembered_login(client, user: User) -> dict[str, str]:
    """Sign in with «Husk meg»; the session and remember cookies the browser then holds."""
    response = client.post("/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)
    return {name: client.get_cookie(name).value for name in (SESSION, REMEMBER)}


def signed_in_with(app, name: str, value: str) -> bool:
    """Whether a fresh browser holding only this one cookie is signed in."""
    browser = app.test_client()
    browser.set_cookie(name, value)
    return browser.get("/consultations/").status_code == 200


def change_password(client, current: str = PASSWORD, new: str = NEW_PASSWORD):
    return client.post("/account/password", data={"current_password": current, "password": new, "confirm": new})


def test_each_cookie_alone_signs_in_until_logout_and_neither_does_after_it(app, client, users):
    cookies = remembered_login(client, users["council"])
    assert all(signed_in_with(app, name, value) for name, value in cookies.items())
    client.post("/logout")
    assert client.get_cookie(REMEMBER) is None
    for name, value in cookies.items():
        assert not signed_in_with(app, name, value), f"the {name} cookie captured before logout still works"


def test_logout_on_one_device_ends_the_session_on_every_other(app, users):
    phone, desk = app.test_client(), app.test_client()
    login(phone, users["secretariat"])
    login(desk, users["secretariat"])
    phone.post("/logout")
    assert desk.get("/consultations/").status_code == 302


def test_logging_out_another_user_leaves_this_one_signed_in(app, users):
    council, secretariat = app.test_client(), app.test_client()
    login(council, users["council"])
    login(secretariat, users["secretariat"])
    council.post("/logout")
    assert secretariat.get("/consultations/").status_code == 200


def test_a_new_password_ends_every_other_session_and_keeps_this_browser_signed_in(app, client, users, db):
    user = users["council"]
    cookies = remembered_login(client, user)
    other = app.test_client()
    login(other, user)
    response = change_password(client)
    assert response.status_code == 302
    assert client.get("/consultations/").status_code == 200
    assert other.get("/consultations/").status_code == 302
    for name, value in cookies.items():
        assert not signed_in_with(app, name, value), f"the {name} cookie from before the new password still works"
    assert signed_in_with(app, REMEMBER, client.get_cookie(REMEMBER).value)
    assert check_password_hash(db.session.get(User, user.id).password_hash, NEW_PASSWORD)


def test_the_new_password_signs_in_and_the_old_one_does_not(app, client, users):
    login(client, users["consultee_a"])
    change_password(client)
    fresh = app.test_client()
    refused = fresh.post("/login", data={"email": users["consultee_a"].email, "password": PASSWORD})
    assert "Feil e-post eller passord." in refused.get_data(as_text=True)
    assert fresh.post("/login", data={"email": users["consultee_a"].email, "password": NEW_PASSWORD}).status_code == 302


@pytest.mark.parametrize("current, new, confirm, message", [
    ("feil-passord", NEW_PASSWORD, NEW_PASSWORD, "Passordet du har nå, er feil."),
    (PASSWORD, "kort", "kort", "Passordet må ha minst 10 tegn."),
    (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x", "Passordene er ikke like."),
])
def test_a_refused_password_change_keeps_the_password_and_every_session(app, client, users, db,
                                                                        current, new, confirm, message):
    user = users["admin"]
    cookies = remembered_login(client, user)
    page = client.post("/account/password", data={"current_password": current, "password": new, "confirm": confirm})
    assert page.status_code == 200 and message in page.get_data(as_text=True)
    assert check_password_hash(db.session.get(User, user.id).password_hash, PASSWORD)
    assert all(signed_in_with(app, name, value) for name, value in cookies.items())


def test_the_password_page_is_for_signed_in_users_only(client, users):
    response = change_password(client)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_login_starts_a_new_session_that_keeps_only_the_language(app, client, users):
    client.post("/language/nn")
    with client.session_transaction() as session:
        session["planted"] = "by someone who handed this browser its cookie"
    before = client.get_cookie(SESSION).value
    login(client, users["council"])
    with client.session_transaction() as session:
        assert "planted" not in session and session["locale"] == "nn"
    assert client.get_cookie(SESSION).value != before
    assert not signed_in_with(app, SESSION, before)


def test_a_session_from_before_session_versions_is_not_accepted(app, users):
    browser = app.test_client()
    with browser.session_transaction() as session:
        session["_user_id"] = str(users["council"].id)  # the bare id sessions carried before
    assert browser.get("/consultations/").status_code == 302


def test_an_inactive_users_sessions_end(app, client, users, db):
    cookies = remembered_login(client, users["council"])
    users["council"].is_active = False
    db.session.commit()
    assert not any(signed_in_with(app, name, value) for name, value in cookies.items())


def _set_cookie(response, name: str) -> str:
    headers = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{name}=")]
    assert len(headers) == 1, response.headers.getlist("Set-Cookie")
    return headers[0]


def test_the_remember_cookie_lasts_fourteen_days_is_httponly_and_lax(client, users):
    response = client.post("/login", data={"email": users["council"].email, "password": PASSWORD, "remember": "y"})
    cookie = _set_cookie(response, REMEMBER)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    expires = parsedate_to_datetime(re.search(r"Expires=([^;]+)", cookie).group(1))
    assert abs(expires - (datetime.now(UTC) + timedelta(days=14))) < timedelta(hours=1)


@pytest.fixture
def production_app(tmp_path, monkeypatch):
    """The production configuration (as with HORING_ENV unset) on a SQLite file, with one council user."""
    monkeypatch.setenv("SECRET_KEY", "a-production-secret")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'production.sqlite'}")
    monkeypatch.delenv("HORING_COOKIE_SECURE", raising=False)
    app = create_app(ProductionConfig())
    with app.app_context():
        _db.create_all()
        from app.models import Region

        region = Region(name="Region", slug="region")
        _db.session.add(region)
        make_user(_db, region, Role.COUNCIL, "rad@example.no")
        yield app
        _db.session.remove()
        _db.engine.dispose()


def test_production_sends_both_cookies_secure(production_app):
    client = production_app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"csrf_token": token, "email": "rad@example.no", "password": PASSWORD,
                                           "remember": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)
    for name in (SESSION, REMEMBER):
        cookie = _set_cookie(response, name)
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie, cookie
