"""Web hardening, link tokens and hostile or odd input."""
from __future__ import annotations

import pytest

from app import create_app
from app.config import TestConfig
from app.consultations import services as consultations
from app.invitations import services as invitations
from app.responses import submission
from app.timeutil import utcnow
from tests.conftest import login
from tests.factories import complete_input, form_fields, invitation_of, open_round_for, page_key


@pytest.fixture
def round_(db, consultation, consultee_a, consultee_b):
    tokens = open_round_for(db, consultation, consultee_a, consultee_b)
    return consultation, f"/svar/{tokens['Tinn kommune']}"


def test_every_page_carries_the_security_headers(client, round_):
    _, link = round_
    for url in ("/login", link):
        headers = client.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
    assert client.get(link).headers["Cache-Control"] == "no-store"


def test_session_cookies_are_httponly_and_samesite(client, users):
    response = client.post("/login", data={"email": "admin@example.no", "password": "correct-horse-battery"})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.fixture
def limited_app(tmp_path):
    config = TestConfig()
    config.RATELIMIT_ENABLED = True
    config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'limits.sqlite'}"
    app = create_app(config)
    with app.app_context():
        from app.extensions import db

        db.create_all()
        yield app
        db.engine.dispose()


def test_login_attempts_are_rate_limited(limited_app):
    client = limited_app.test_client()
    statuses = [client.post("/login", data={"email": "x@example.no", "password": "wrong"}).status_code
                for _ in range(11)]
    assert statuses[:10] == [200] * 10 and statuses[10] == 429
    assert "For mange forsøk" in client.post("/login", data={"email": "x@example.no", "password": "w"}).get_data(as_text=True)


def test_guessing_link_tokens_is_rate_limited(limited_app):
    client = limited_app.test_client()
    statuses = [client.get(f"/svar/guess{i:040d}").status_code for i in range(21)]
    assert statuses[:20] == [404] * 20 and statuses[20] == 429


def test_links_stop_working_when_the_round_closes(client, db, round_):
    consultation, link = round_
    consultations.close_consultation(consultation, utcnow())
    db.session.commit()
    ended = client.get(link)  # the round's form is gone; the page says the round ended (410 Gone)
    assert ended.status_code == 410 and 'id="response-form"' not in ended.get_data(as_text=True)
    assert client.get(f"{link}/utkast.docx").status_code == 410


def test_links_can_be_kept_for_some_days_after_closing(app, client, db, round_):
    consultation, link = round_
    app.config["LINK_DAYS_AFTER_CLOSE"] = 3
    consultations.close_consultation(consultation, utcnow())
    db.session.commit()
    assert client.get(link).status_code == 200


def test_a_revoked_link_stops_working_and_a_new_one_can_be_sent(client, db, users, round_, outbox):
    consultation, link = round_
    invitation = invitation_of(consultation, "Tinn kommune")
    login(client, users["secretariat"])
    client.post(f"/consultations/{consultation.slug}/invitations/{invitation.id}/revoke")
    client.post("/logout")
    assert client.get(link).status_code == 404
    invitations.resend(invitation, utcnow())
    db.session.commit()
    from tests.conftest import link_in

    assert client.get(link_in(outbox[-1])).status_code == 200


def test_nul_and_other_control_characters_are_removed_and_the_rest_is_saved(client, db, round_):
    """No refusal over a character nobody can see: NUL and the other controls XML cannot hold go,
    Word's manual line break and Windows line ends become new lines, and the answer is saved."""
    consultation, link = round_
    page = client.get(link).get_data(as_text=True)
    data = form_fields(consultation, complete_input(consultation, "Gyldig tekst"))
    first = consultation.focus_areas[0]
    data[f"com-{first.id}"] = "Før\x00etter\x0bny linje\x01\r\nslutt\ufffe"
    response = client.post(link, data={**data, "save": "1", "version": "", "submission_key": page_key(page)})
    assert response.status_code == 302
    texts = [a.text for a in submission.response_for(invitation_of(consultation, "Tinn kommune")).answers]
    assert "Føretter\nny linje\nslutt" in texts and "Gyldig tekst" in texts


def test_overlong_answers_are_refused_with_the_cap_named(client, db, round_):
    consultation, link = round_
    page = client.get(link).get_data(as_text=True)
    data = form_fields(consultation, complete_input(consultation))
    data[f"com-{consultation.focus_areas[0].id}"] = "x" * 20_001
    text = client.post(link, data={**data, "save": "1", "version": "", "submission_key": page_key(page)}
                       ).get_data(as_text=True)
    assert "høyst 20 000 tegn" in text


ODD = "Ærlig talt – 😀 ØÅ æøå «sitat» مرحبا بالعالم עברית"


def test_norwegian_letters_emoji_and_right_to_left_text_are_kept_as_typed(client, db, round_):
    consultation, link = round_
    invitation = invitation_of(consultation, "Tinn kommune")
    submission.submit(invitation, complete_input(consultation, ODD), expected_version=None, submission_key="k",
                      now=utcnow(), via="link")
    db.session.commit()
    assert ODD in client.get(f"{link}/kvittering/1").get_data(as_text=True)


PAYLOADS = ('<script>alert("x")</script>', '"><img src=x onerror=alert(1)>', "<svg/onload=alert(1)>",
            "javascript:alert(1)//", "{{ 7*7 }}", "<iframe src=//evil>")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_text_is_escaped_on_every_page_it_reaches(client, db, users, region, payload):
    from app.consultations import structure
    from app.meetings import services as meetings
    from tests.conftest import make_consultation, make_consultee

    consultee = make_consultee(db, region, f"Kommune {payload}")
    consultation = make_consultation(db, region, f"Høring {payload}")
    structure.add_focus_area(consultation, title=f"Område {payload}", group=payload, description=payload,
                             keywords="")
    structure.add_question(consultation, kind=consultation.questions[2].kind, text=f"Spørsmål {payload}",
                           help_text=payload, is_required=False)
    tokens = open_round_for(db, consultation, consultee)
    invitation = consultation.invitations[0]
    submission.submit(invitation, complete_input(consultation, payload), expected_version=None,
                      submission_key="x", now=utcnow(), via="link")
    from datetime import date

    meetings.save_meeting(consultation, None, consultee=consultee, held_on=date(2026, 1, 1), arena=payload,
                          description=payload, attendees=payload, notes={consultation.questions[2].id: payload},
                          user=None, now=utcnow())
    db.session.commit()
    link = f"/svar/{tokens[consultee.name]}"
    pages = [client.get(link), client.get(f"{link}/kvittering/1")]
    login(client, users["secretariat"])
    slug = consultation.slug
    for url in ("/consultations/", f"/consultations/{slug}", f"/consultations/{slug}/focus-areas",
                f"/consultations/{slug}/questions", f"/consultations/{slug}/invitations",
                f"/consultations/{slug}/responses", f"/consultations/{slug}/responses/{consultee.id}",
                f"/consultations/{slug}/meetings", "/consultees/"):
        pages.append(client.get(url))
    for response in pages:
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        if payload.startswith(("<", '"')):
            assert payload not in html, response.request.path
        else:  # shown as typed, never evaluated
            assert payload in html, response.request.path


def test_only_views_that_take_a_file_accept_a_body_past_the_form_cap(app):
    marked = sorted(name for name, view in app.view_functions.items() if getattr(view, "takes_files", False))
    portal = [f"{prefix}{page}_by_{way}" for page in ("respond", "upload", "word_import")
              for prefix, way in (("responses.", "account"), ("round.responses.", "staff"), ("responses.", "token"))]
    assert marked == sorted(["consultations.create", "round.draft", *portal])


@pytest.mark.parametrize(("path", "status"), [("{link}", 413), ("{link}/autosave", 413), ("/mine/any-round", 413),
                                            ("/login", 413), ("{link}/import", 422)])
def test_a_multipart_form_of_text_past_the_form_cap_is_refused_before_it_is_read(client, round_, path, status):
    _, link = round_
    # The import page takes a file (422: no document); every other page takes 4 MB at most, so no
    # refused form (or form kept for after signing in) echoes more than that
    fields = {f"q-{n}": "a" * (1024 * 1024) for n in range(5)}
    response = client.post(path.format(link=link), data=fields, content_type="multipart/form-data")
    assert response.status_code == status


def test_too_many_signups_are_refused_in_the_rounds_language(limited_app):
    from app.extensions import db
    from app.models import Language, Status
    from tests.conftest import RequestClient, make_consultation, make_region

    consultation = make_consultation(db, make_region(db), "Regional plan for Sogn", language=Language.NYNORSK)
    consultation.is_open_to_public, consultation.status = True, Status.OPEN
    db.session.commit()
    limited_app.test_client_class = RequestClient  # each request with its own context (and so its own `g`)
    client = limited_app.test_client()
    url = f"/horing/{consultation.slug}/innspill"
    # Posts the form refuses (no consent here) send nothing and do not count toward the sign-ups' limit …
    refused = [client.post(url, data={"name": "Kari", "email": f"kari{i}@example.no"}).status_code for i in range(8)]
    assert refused == [422] * 8
    done = [client.post(url, data={"name": "Kari", "email": f"kari{i}@example.no", "consent": "y"}).status_code
            for i in range(11)]
    assert done[:10] == [200] * 10 and done[10] == 429
    # … but every post counts toward the cap on posts (30 a minute)
    from app.extensions import limiter

    with limited_app.app_context():
        limiter.reset()
    more = [client.post(url, data={"name": "Kari", "email": "kari@example.no"}).status_code for _ in range(31)]
    assert more[:30] == [422] * 30 and more[30] == 429
    refused = client.post(url, data={"name": "Kari", "email": "kari@example.no"}).get_data(as_text=True)
    assert 'lang="nn"' in refused and "Vent litt og prøv att." in refused
