"""Each account is locked after five failed sign-ins, for longer each time, whatever address tries."""
from __future__ import annotations

import time

import pytest

from app import create_app
from app.auth import lockout, services
from app.config import TestConfig
from app.extensions import db as _db
from app.models import Region, Role
from tests.conftest import PASSWORD, RequestClient, make_user

EMAIL = "sekretariat@example.no"
REFUSED = "Feil e-post eller passord."
LOCKED = "For mange mislykkede innlogginger med denne e-postadressen."


@pytest.fixture
def limited(tmp_path):
    """The app with rate limits on (per address, memory://) and one secretariat user."""
    config = TestConfig()
    config.RATELIMIT_ENABLED = True
    config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'lockout.sqlite'}"
    app = create_app(config)
    app.test_client_class = RequestClient
    with app.app_context():
        _db.create_all()
        region = Region(name="Region", slug="region")
        _db.session.add(region)
        make_user(_db, region, Role.SECRETARIAT, EMAIL)
        yield app
        _db.session.remove()
        _db.engine.dispose()


def attempt(app, password: str, address: str = "127.0.0.1", email: str = EMAIL):
    """One sign-in from a fresh browser at `address`."""
    return app.test_client().post("/login", data={"email": email, "password": password},
                                  environ_base={"REMOTE_ADDR": address})


def signs_in(app, password: str = PASSWORD, **kwargs) -> bool:
    response = attempt(app, password, **kwargs)
    assert response.status_code in (200, 302), response.status_code
    return response.status_code == 302


def test_thirty_addresses_one_guess_each_then_the_right_password_is_refused(limited):
    for i in range(30):
        assert attempt(limited, f"gjetning-{i}", address=f"127.0.1.{i + 1}").status_code == 200
    response = attempt(limited, PASSWORD, address="127.0.2.1")
    assert response.status_code == 200 and LOCKED in response.get_data(as_text=True)


def test_five_failures_lock_the_account_and_the_right_password_gets_the_same_answer(limited):
    """The same answer as a wrong password during the lock: that the address is locked, and for how long (any
    address is locked so, with an account or not, so it tells nobody which addresses exist or which guess was
    right)."""
    assert REFUSED in attempt(limited, "feil-passord").get_data(as_text=True)
    for _ in range(3):
        attempt(limited, "feil-passord")
    assert signs_in(limited) is True  # four failures: not yet locked, and a success starts the count again
    for i in range(5):
        attempt(limited, "feil-passord", address=f"127.0.3.{i + 1}")
    locked = attempt(limited, PASSWORD, address="127.0.4.1").get_data(as_text=True)
    wrong = attempt(limited, "feil-passord", address="127.0.4.2").get_data(as_text=True)
    unknown = attempt(limited, "feil-passord", email="ingen@example.no").get_data(as_text=True)
    for _ in range(4):
        unknown = attempt(limited, "feil-passord", email="ingen@example.no").get_data(as_text=True)
    assert LOCKED in locked and LOCKED in wrong and LOCKED in unknown and REFUSED not in locked
    assert "Vent 1 minutt og prøv igjen" in locked
    assert 'value="sekretariat@example.no"' in locked


def test_a_new_password_from_the_administrator_or_letting_the_user_in_again_lifts_the_lock(limited):
    """Found: a user locked out could not sign in with the password the administrator had just set."""
    from app.models import User

    for i in range(5):
        attempt(limited, "feil-passord", address=f"127.0.5.{i + 1}")
    with limited.test_request_context():
        user = _db.session.scalar(_db.select(User).where(User.email == EMAIL))
        services.set_password(user, "et-helt-nytt-passord")
        _db.session.commit()
    assert signs_in(limited, "et-helt-nytt-passord", address="127.0.5.10")
    for i in range(5):
        attempt(limited, "feil-passord", address=f"127.0.6.{i + 1}")
    with limited.test_request_context():
        user = _db.session.scalar(_db.select(User).where(User.email == EMAIL))
        admin = make_user(_db, user.region, Role.ADMIN, "admin@example.no")
        services.set_active(user, False, by=admin)
        services.set_active(user, True, by=admin)
        _db.session.commit()
    assert signs_in(limited, "et-helt-nytt-passord", address="127.0.6.10")


def test_the_lock_doubles_after_each_failure_once_it_runs_out(limited):
    first = 0.5  # seconds (the memory:// store takes fractions); the lock then runs 0.5 s, 1 s
    limited.config["LOGIN_LOCKOUT_FIRST_SECONDS"] = first
    for _ in range(5):
        attempt(limited, "feil-passord")
    with limited.test_request_context():
        assert 0 < lockout.seconds_left(EMAIL) <= first
    _wait_until_unlocked(limited)
    attempt(limited, "feil-passord")  # the sixth failure
    with limited.test_request_context():
        assert first < lockout.seconds_left(EMAIL) <= 2 * first
    assert not signs_in(limited)
    _wait_until_unlocked(limited)
    assert signs_in(limited)


def _wait_until_unlocked(app, limit: float = 30) -> None:
    deadline = time.monotonic() + limit
    with app.test_request_context():
        while lockout.is_locked(EMAIL):
            assert time.monotonic() < deadline, "the lock never ran out"
            time.sleep(0.02)


def test_the_lock_grows_from_a_minute_and_stops_at_an_hour():
    config = TestConfig()
    steps = [lockout.lock_seconds(n, after=config.LOGIN_LOCKOUT_AFTER, first=config.LOGIN_LOCKOUT_FIRST_SECONDS,
                                  cap=config.LOGIN_LOCKOUT_MAX_SECONDS) for n in range(1, 13)]
    assert steps == [0, 0, 0, 0, 60, 120, 240, 480, 960, 1920, 3600, 3600]
    assert lockout.lock_seconds(10**6, after=5, first=60, cap=3600) == 3600


def test_an_unknown_address_is_locked_the_same_way(limited):
    for _ in range(5):
        attempt(limited, "feil-passord", email="ingen@example.no")
    with limited.test_request_context():
        assert lockout.is_locked("Ingen@Example.no ")
        assert not lockout.is_locked(EMAIL)
    assert signs_in(limited)


def test_a_locked_attempt_checks_the_password_hash_like_any_other(limited, monkeypatch):
    checked = []
    real = services.check_password_hash
    monkeypatch.setattr(services, "check_password_hash", lambda *a: checked.append(a) or real(*a))
    for _ in range(5):
        attempt(limited, "feil-passord")
    attempt(limited, PASSWORD)
    attempt(limited, PASSWORD, email="ingen@example.no")
    assert len(checked) == 7


def test_wrong_current_passwords_on_the_password_page_count_toward_the_lock(limited):
    client = limited.test_client()
    assert client.post("/login", data={"email": EMAIL, "password": PASSWORD}).status_code == 302
    for _ in range(5):
        client.post("/account/password", data={"current_password": "feil-passord", "password": "nytt-passord-her",
                                                "confirm": "nytt-passord-her"})
    refused = client.post("/account/password", data={"current_password": PASSWORD, "password": "nytt-passord-her",
                                                      "confirm": "nytt-passord-her"})
    assert "Passordet du har nå, er feil." in refused.get_data(as_text=True)
    assert not signs_in(limited, "nytt-passord-her") and not signs_in(limited)
