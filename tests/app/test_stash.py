"""The kept form: text typed when a signed-in consultee's session ran out, given back to that user only."""
from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import unquote

import pytest
from itsdangerous import URLSafeSerializer
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from app.forms import form_capacity
from app.models import FormStash, Role
from app.responses import stash, submission
from app.responses.forms import response_form_class
from app.snapshot import MAX_ANSWER
from app.timeutil import utcnow
from tests.conftest import PASSWORD, login, make_user
from tests.factories import complete_input, form_fields, invitation_of, open_round_for, page_key

TYPED = "Skrevet mens økten løp ut"


@pytest.fixture
def round_(db, consultation, consultee_a, consultee_b):
    open_round_for(db, consultation, consultee_a, consultee_b)
    return consultation


def page_proof(page: str) -> str:
    return re.search(rf'name="{stash.PROOF_FIELD}" value="([^"]+)"', page).group(1)


def typed_then_logged_out(client, user, consultation, text: str = TYPED) -> dict:
    """Sign in, open the form, lose the session: the form as the browser would post it."""
    login(client, user)
    page = client.get(f"/mine/{consultation.slug}").get_data(as_text=True)
    client.post("/logout")  # the session runs out while the user types
    data = form_fields(consultation, complete_input(consultation, text))
    return {**data, "save": "1", "version": "", "submission_key": page_key(page),
            stash.PROOF_FIELD: page_proof(page)}


def stash_count(db) -> int:
    return db.session.scalar(select(func.count(FormStash.id)))


def test_text_typed_when_the_session_ran_out_comes_back_after_signing_in(client, db, users, round_):
    url = f"/mine/{round_.slug}"
    response = client.post(url, data=typed_then_logged_out(client, users["consultee_a"], round_))
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert submission.response_for(invitation_of(round_, "Tinn kommune")) is None
    next_url = response.headers["Location"].split("next=", 1)[1]
    after_login = client.post(f"/login?next={next_url}", data={"email": "tinn@example.no", "password": PASSWORD})
    assert unquote(after_login.headers["Location"]).startswith(f"{url}?gjenopprett=")
    restored = client.get(unquote(after_login.headers["Location"])).get_data(as_text=True)
    assert TYPED in restored and "ikke lagret ennå" in restored
    again = client.get(unquote(after_login.headers["Location"])).get_data(as_text=True)
    assert TYPED not in again


def test_a_post_without_a_valid_proof_of_its_user_keeps_nothing(client, db, users, round_):
    url = f"/mine/{round_.slug}"
    tinn = users["consultee_a"]
    data = form_fields(round_, complete_input(round_, "Fra en som aldri var logget inn"))
    now = utcnow()
    forged = URLSafeSerializer("not-our-key", salt="responses.stash-owner").dumps(
        {"u": tinn.id, "p": url, "t": int(now.timestamp())})
    proofs = [None, "", "garbage", forged,
              stash.proof(tinn, f"{url}/vedlegg", now),  # made for another page
              stash.proof(tinn, url, now - stash.PROOF_VALID_FOR - timedelta(minutes=1)),  # too old
              stash.proof(users["secretariat"], url, now)]  # not a consultee
    for proof in proofs:
        posted = {**data, "save": "1"} if proof is None else {**data, "save": "1", stash.PROOF_FIELD: proof}
        response = client.post(url, data=posted)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
        assert "gjenopprett" not in unquote(response.headers["Location"]), proof
    tinn.is_active = False
    db.session.commit()
    client.post(url, data={**data, stash.PROOF_FIELD: stash.proof(tinn, url, now)})
    assert stash_count(db) == 0


def test_a_kept_form_goes_back_only_to_the_user_it_was_kept_for(client, db, region, users, round_, consultee_a):
    """Another municipality keeps its text at the same address and sends the link: the victim gets nothing."""
    url = f"/mine/{round_.slug}"
    crafted = client.post(url, data=typed_then_logged_out(client, users["consultee_b"], round_, "Rollags ord"))
    link = unquote(crafted.headers["Location"].split("next=", 1)[1])
    assert link.startswith(f"{url}?gjenopprett=")
    colleague = make_user(db, region, Role.CONSULTEE, "kollega@tinn.example.no", consultee_a)
    for victim in (users["consultee_a"], colleague):  # another organisation, and another user of the same one
        login(client, victim)
        page = client.get(link).get_data(as_text=True)
        assert "Rollags ord" not in page and "ikke lagret ennå" not in page
        client.post("/logout")
    assert stash_count(db) == 1  # still there for its owner
    login(client, users["consultee_b"])
    assert "Rollags ord" in client.get(link).get_data(as_text=True)


def test_only_the_forms_own_fields_are_kept_and_an_oversized_post_keeps_nothing(client, db, users, round_):
    url = f"/mine/{round_.slug}"
    fields, capacity = form_capacity(response_form_class(round_.invitations[0]))
    data = typed_then_logged_out(client, users["consultee_a"], round_)
    texts = [name for name in data if name.startswith(("com-", "q-"))]
    assert capacity >= len(texts) * MAX_ANSWER
    # The largest valid post (every answer at its limit) is kept; fields the form does not have are not.
    full = {**data, **{name: "x" * MAX_ANSWER for name in texts}, **{f"junk-{i}": "y" * 1000 for i in range(500)}}
    assert "gjenopprett" in unquote(client.post(url, data=full).headers["Location"])
    kept = db.session.scalars(select(FormStash)).one()
    assert set(kept.data) <= fields and not any(name.startswith("junk-") for name in kept.data)
    assert stash.PROOF_FIELD not in kept.data
    # One character over the form's capacity and the margin: nothing kept, and the login page says so.
    over = {**data, texts[0]: "x" * (capacity + MAX_ANSWER + 1)}
    response = client.post(url, data=over)
    assert "gjenopprett" not in unquote(response.headers["Location"]) and stash_count(db) == 1
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "større enn et høringssvar kan være" in page


def test_each_user_keeps_at_most_a_few_forms_the_oldest_going_first(db, users):
    tinn, rollag = users["consultee_a"], users["consultee_b"]
    now = utcnow()
    other = stash.keep(rollag, "/mine/a", MultiDict([("q-1", "Rollag")]), fields={"q-1"}, max_chars=100, now=now)
    keys = [stash.keep(tinn, "/mine/a", MultiDict([("q-1", f"utkast {n}")]), fields={"q-1"}, max_chars=100,
                       now=now + timedelta(minutes=n)) for n in range(stash.MAX_PER_USER + 1)]
    later = now + timedelta(hours=1)
    assert db.session.scalar(select(func.count(FormStash.id)).where(FormStash.user_id == tinn.id)) == stash.MAX_PER_USER
    assert stash.take(keys[0], "/mine/a", tinn, later) is None
    assert stash.take(keys[-1], "/mine/a", tinn, later)["q-1"] == f"utkast {stash.MAX_PER_USER}"
    assert stash.take(other, "/mine/a", rollag, later)["q-1"] == "Rollag"


def test_a_kept_form_is_only_given_back_on_its_own_page_and_within_a_day(db, users):
    tinn = users["consultee_a"]
    key = stash.keep(tinn, "/mine/a", MultiDict([("q-1", "hemmelig")]), fields={"q-1"}, max_chars=100, now=utcnow())
    assert stash.take(key, "/mine/b", tinn, utcnow()) is None
    assert stash.take("guess", "/mine/a", tinn, utcnow()) is None
    assert stash.take(key, "/mine/a", None, utcnow()) is None
    assert stash.take(key, "/mine/a", tinn, utcnow() + timedelta(days=2)) is None
    assert stash.take(key, "/mine/a", tinn, utcnow())["q-1"] == "hemmelig"


def test_posts_without_a_session_are_rate_limited_and_signed_in_saves_are_not(db, users, round_):
    from app import create_app
    from app.config import TestConfig

    config = TestConfig()
    config.RATELIMIT_ENABLED = True
    config.SQLALCHEMY_DATABASE_URI = db.engine.url.render_as_string(hide_password=False)
    app = create_app(config)
    url = f"/mine/{round_.slug}"
    with app.app_context():
        client = app.test_client()
        data = typed_then_logged_out(client, users["consultee_a"], round_)
        statuses = [client.post(url, data=data).status_code for _ in range(11)]
        assert statuses[:10] == [302] * 10 and statuses[10] == 429
        login(client, users["consultee_a"])
        for n in range(12):
            page = client.get(url).get_data(as_text=True)
            version = re.search(r'name="version" type="hidden" value="(\d*)"', page).group(1)
            saved = client.post(url, data={**data, "version": version, "submission_key": page_key(page),
                                           f"com-{round_.focus_areas[0].id}": f"Lagret {n}"})
            assert saved.status_code == 302 and "/login" not in saved.headers["Location"]
