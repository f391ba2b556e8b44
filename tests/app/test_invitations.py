import hashlib
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from app.consultations import services as consultations
from app.errors import ValidationError
from app.invitations import services
from app.models import InvitationState
from app.timeutil import format_long_date, to_local, utcnow
from tests.conftest import docx_bytes, kongsberg_shaped_draft, link_in, login


@pytest.fixture
def open_round(db, consultation, consultee_a, consultee_b):
    consultations.add_draft_file(consultation, filename="u.docx", data=docx_bytes(kongsberg_shaped_draft),
                                 user=None, max_bytes=10_000_000)
    services.invite(consultation, [consultee_a, consultee_b], now=utcnow())
    consultations.open_consultation(consultation, utcnow())
    db.session.commit()
    return consultation


def test_opening_sends_one_link_per_consultee_and_stores_only_its_hash(db, open_round, outbox):
    assert sorted(m.to for m in outbox) == sorted(i.consultee.email for i in open_round.invitations)
    for mail in outbox:
        token = link_in(mail).rsplit("/", 1)[1]
        assert len(token) >= 43  # 256 random bits, URL-safe
        invitation = services.find_by_token(token)
        assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert invitation.consultee.email == mail.to
        assert token not in repr(invitation.__dict__)
    assert all(i.state is InvitationState.SENT for i in open_round.invitations)


def test_the_link_opens_the_consultee_page_and_is_recorded_once(client, db, open_round, outbox):
    mail = next(m for m in outbox if m.to.startswith("post@tinn"))
    page = client.get(link_in(mail))
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert open_round.title in text and "Tinn kommune" in text and "Samferdsel og infrastruktur" in text
    invitation = next(i for i in open_round.invitations if i.consultee.name == "Tinn kommune")
    db.session.refresh(invitation)
    first_opened = invitation.opened_at
    assert invitation.state is InvitationState.OPENED and first_opened is not None
    client.get(link_in(mail))
    db.session.refresh(invitation)
    assert invitation.opened_at == first_opened


def test_resending_makes_the_old_link_stop_working(client, db, open_round, outbox):
    invitation = open_round.invitations[0]
    old = next(m for m in outbox if m.to == invitation.consultee.email)
    services.resend(invitation, utcnow())
    db.session.commit()
    new = outbox[-1]
    assert client.get(link_in(old)).status_code == 404
    assert client.get(link_in(new)).status_code == 200
    # The mail says that it replaces the link before, and the change log tells it from the first sending
    assert "erstatter den dere fikk tidligere" in new.body and "erstatter" not in old.body
    from app.models import AuditEvent

    actions = [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions[-1] == "invitation.resend" and "invitation.send" in actions


@pytest.mark.parametrize(("action", "asked", "done"), [
    ("resend", "Den gamle lenken slutter å virke straks", "Ny lenke er sendt til"),
    ("revoke", "slutter å virke straks", "er sperret")])
def test_a_new_or_blocked_link_asks_first_and_the_old_link_works_until_confirmed(client, users, db, open_round,
                                                                                 outbox, action, asked, done):
    invitation = next(i for i in open_round.invitations if i.consultee.name == "Tinn kommune")
    old = next(m for m in outbox if m.to == invitation.consultee.email)
    login(client, users["secretariat"])
    url = f"/consultations/{open_round.slug}/invitations/{invitation.id}/{action}"
    listing = client.get(f"/consultations/{open_round.slug}/invitations").get_data(as_text=True)
    assert f'href="{url}"' in listing and f'action="{url}"' not in listing
    page = client.get(url).get_data(as_text=True)
    assert asked in page and "Tinn kommune" in page and f'<form method="post" action="{url}"' in page
    assert 'name="csrf_token"' in page and f'href="/consultations/{open_round.slug}/invitations"' in page
    assert client.get(link_in(old)).status_code == 200  # asking changed nothing
    answer = client.post(url, follow_redirects=True).get_data(as_text=True)
    assert done in answer and client.get(link_in(old)).status_code == 404


@pytest.mark.parametrize("action", ["resend", "revoke"])
def test_the_council_can_neither_ask_for_nor_make_a_new_or_blocked_link(client, users, db, open_round, outbox, action):
    invitation = open_round.invitations[0]
    old = next(m for m in outbox if m.to == invitation.consultee.email)
    login(client, users["council"])
    url = f"/consultations/{open_round.slug}/invitations/{invitation.id}/{action}"
    assert client.get(url).status_code == 403 and client.post(url).status_code == 403
    assert client.get(link_in(old)).status_code == 200


def test_links_to_rounds_not_open_yet_are_not_found(client, db, consultation, consultee_a):
    services.invite(consultation, [consultee_a], now=utcnow())
    token = services.issue_link(consultation.invitations[0], utcnow())
    db.session.commit()
    assert client.get(f"/svar/{token}").status_code == 404


def test_inviting_into_an_open_round_sends_at_once_and_skips_the_already_invited(db, region, open_round, outbox):
    from tests.conftest import make_consultee

    newcomer = make_consultee(db, region, "Hjartdal kommune")
    sent_before = len(outbox)
    added = services.invite(open_round, [newcomer, open_round.invitations[0].consultee], now=utcnow())
    assert [i.consultee for i in added] == [newcomer]
    db.session.commit()  # mail leaves once the invitation is stored
    assert len(outbox) == sent_before + 1 and outbox[-1].to == newcomer.email


def test_archived_or_foreign_consultees_cannot_be_invited(db, region, other_region, consultation):
    from tests.conftest import make_consultee

    archived = make_consultee(db, region, "Gamle kommune")
    archived.archive(utcnow())
    with pytest.raises(ValidationError):
        services.invite(consultation, [archived], now=utcnow())
    with pytest.raises(ValidationError):
        services.invite(consultation, [make_consultee(db, other_region, "Fremmed kommune")], now=utcnow())


def test_sent_invitations_cannot_be_removed_but_unsent_ones_can(db, consultation, consultee_a, open_round):
    with pytest.raises(ValidationError, match="allerede sendt"):
        services.uninvite(open_round.invitations[0])


def test_an_unsent_invitation_is_removed(db, consultation, consultee_a):
    services.invite(consultation, [consultee_a], now=utcnow())
    services.uninvite(consultation.invitations[0])
    assert consultation.invitations == []


def test_a_consultee_gets_its_own_deadline(client, users, db, open_round):
    invitation = open_round.invitations[0]
    login(client, users["secretariat"])
    response = client.post(f"/consultations/{open_round.slug}/invitations/{invitation.id}/deadline",
                           data={"deadline_on": (open_round.deadline_at + timedelta(days=14)).date().isoformat(),
                                 "deadline_time": "15:00"})
    assert response.status_code == 302
    db.session.refresh(invitation)
    assert invitation.deadline_at > open_round.deadline_at
    client.post(f"/consultations/{open_round.slug}/invitations/{invitation.id}/deadline",
                data={"deadline_on": "", "deadline_time": ""})
    db.session.refresh(invitation)
    assert invitation.deadline_override_at is None and invitation.deadline_at == open_round.deadline_at


def test_a_deadline_before_opening_is_refused(db, open_round):
    with pytest.raises(ValidationError):
        services.set_deadline_override(open_round.invitations[0], open_round.opens_at - timedelta(days=1), utcnow())


def test_an_own_deadline_that_has_passed_is_refused_and_a_new_one_is_mailed_to_the_consultee(client, users, db,
                                                                                             open_round, outbox):
    invitation = open_round.invitations[0]
    login(client, users["secretariat"])
    url = f"/consultations/{open_round.slug}/invitations/{invitation.id}/deadline"
    today = to_local(utcnow()).date()
    past = client.post(url, data={"deadline_on": today.isoformat(), "deadline_time": "00:01"})
    assert "Det tidspunktet har vært" in past.get_data(as_text=True)
    db.session.refresh(invitation)
    assert invitation.deadline_override_at is None
    sent = len(outbox)
    later = today + timedelta(days=40)
    done = client.post(url, data={"deadline_on": later.isoformat(), "deadline_time": "12:00"}, follow_redirects=True)
    assert "de har fått e-post om den" in done.get_data(as_text=True)
    mail = outbox[-1]
    assert len(outbox) == sent + 1 and mail.to == invitation.consultee.email and "Ny høringsfrist" in mail.subject
    assert format_long_date(later) in mail.body


def test_the_invitation_list_shows_state_per_consultee(client, users, db, open_round, outbox):
    client.get(link_in(outbox[0]))
    login(client, users["secretariat"])
    page = client.get(f"/consultations/{open_round.slug}/invitations").get_data(as_text=True)
    assert "Åpnet" in page and "Sendt" in page


def test_inviting_in_the_browser_requires_a_choice(client, users, db, consultation, consultee_a):
    login(client, users["secretariat"])
    page = client.post(f"/consultations/{consultation.slug}/invitations", data={}).get_data(as_text=True)
    assert "Velg minst én høringsinstans." in page
    client.post(f"/consultations/{consultation.slug}/invitations", data={"consultees": [consultee_a.id]})
    db.session.refresh(consultation)
    assert [i.consultee for i in consultation.invitations] == [consultee_a]


def test_an_own_deadline_cannot_be_earlier_than_a_granted_extension(db, users, open_round):
    from app.invitations import deadlines

    invitation = open_round.invitations[0]
    until = open_round.deadline_at + timedelta(days=10)
    request = deadlines.request_extension(invitation, until, "Kommunestyret møtes senere.", utcnow())
    deadlines.decide_extension(request, granted=True, answer="", by_id=users["secretariat"].id, now=utcnow())
    with pytest.raises(ValidationError, match="har fått utsatt frist til"):
        services.set_deadline_override(invitation, open_round.deadline_at + timedelta(days=5), utcnow())
    services.set_deadline_override(invitation, until + timedelta(days=2), utcnow())  # later is fine
    assert invitation.deadline_at == until + timedelta(days=2)


def test_a_closed_round_moves_no_deadline_and_grants_no_more_time_but_may_decline(client, db, users, open_round):
    from app.consultations import services as consultations
    from app.invitations import deadlines

    invitation = open_round.invitations[0]
    request = deadlines.request_extension(invitation, open_round.deadline_at + timedelta(days=10), "Møte senere.",
                                          utcnow())
    consultations.close_consultation(open_round, utcnow())
    db.session.commit()
    with pytest.raises(ValidationError, match="avsluttet"):
        services.set_deadline_override(invitation, open_round.deadline_at + timedelta(days=5), utcnow())
    with pytest.raises(ValidationError, match="kan ikke utsettes"):
        deadlines.decide_extension(request, granted=True, answer="", by_id=users["secretariat"].id, now=utcnow())
    deadlines.decide_extension(request, granted=False, answer="Høringen er avsluttet.", by_id=users["secretariat"].id,
                               now=utcnow())
    db.session.commit()
    login(client, users["secretariat"])
    page = client.get(f"/consultations/{open_round.slug}/invitations").get_data(as_text=True)
    assert f"/invitations/{invitation.id}/deadline" not in page
    refused = client.post(f"/consultations/{open_round.slug}/invitations/{invitation.id}/deadline",
                          data={"deadline_on": (open_round.deadline_at + timedelta(days=20)).date().isoformat(),
                                "deadline_time": "15:00"})
    assert refused.status_code == 200 and "fristene kan ikke lenger endres" in refused.get_data(as_text=True)
    db.session.refresh(invitation)
    assert invitation.deadline_override_at is None


def test_closing_tells_each_body_whose_own_deadline_still_ran_and_no_one_else(db, users, open_round, outbox):
    from app.invitations import deadlines

    tinn = next(i for i in open_round.invitations if i.consultee.name == "Tinn kommune")
    until = open_round.deadline_at + timedelta(days=10)
    request = deadlines.request_extension(tinn, until, "Kommunestyret møtes senere.", utcnow())
    deadlines.decide_extension(request, granted=True, answer="", by_id=users["secretariat"].id, now=utcnow())
    open_round.deadline_at = utcnow() - timedelta(hours=1)  # the round's own deadline has passed
    db.session.commit()
    outbox.clear()
    consultations.close_consultation(open_round, utcnow())
    db.session.commit()
    (told,) = outbox
    assert told.to == tinn.consultee.email and told.subject.startswith("Høringen er avsluttet")
    assert "før fristen deres" in told.body and "Hilsen" in told.body


@pytest.fixture
def scheduled_round(db, consultation, consultee_a, consultee_b, outbox):
    """A round opened today with its opening date three days on: nobody is invited yet."""
    consultations.add_draft_file(consultation, filename="u.docx", data=docx_bytes(kongsberg_shaped_draft),
                                 user=None, max_bytes=10_000_000)
    consultation.opens_at = utcnow() + timedelta(days=3)
    services.invite(consultation, [consultee_a], now=utcnow())
    consultations.open_consultation(consultation, utcnow())
    services.invite(consultation, [consultee_b], now=utcnow())  # invited once open, still before the opening date
    db.session.commit()
    return consultation


def test_a_round_opened_before_its_opening_date_sends_its_invitations_on_that_date(db, scheduled_round, outbox):
    assert outbox == [] and all(i.sent_at is None for i in scheduled_round.invitations)
    assert services.send_due(utcnow()) == []  # not yet
    opening = scheduled_round.opens_at
    sent = services.send_due(opening)
    db.session.commit()
    assert sorted(i.consultee.email for i in sent) == sorted(m.to for m in outbox) == sorted(
        i.consultee.email for i in scheduled_round.invitations)
    assert all(i.sent_at == opening and i.token_hash for i in scheduled_round.invitations)
    assert services.send_due(opening + timedelta(hours=1)) == []  # once


def test_before_the_opening_date_no_new_link_is_sent_and_the_page_says_when_they_go(client, users, db,
                                                                                  scheduled_round, outbox):
    with pytest.raises(ValidationError, match="sendes når høringen åpner"):
        services.resend(scheduled_round.invitations[0], utcnow())
    login(client, users["secretariat"])
    page = client.get(f"/consultations/{scheduled_round.slug}/invitations").get_data(as_text=True)
    assert page.count("Sendes ") == 2 and "Send ny lenke" not in page
    assert outbox == []


def test_the_cli_sends_due_invitations_and_marks_undelivered_ones_unsent(app, db, scheduled_round, outbox, monkeypatch):
    from app import mail

    opening = scheduled_round.opens_at.isoformat()
    failing = scheduled_round.invitations[0].consultee.email
    monkeypatch.setattr(mail, "failed_since_last_ask", lambda session: [failing])
    result = app.test_cli_runner().invoke(args=["invitations", "send-due", "--now", opening])
    assert result.exit_code == 0, result.output
    assert "1 invitation(s) sent, 1 failed" in result.output
    db.session.expire_all()
    unsent = [i for i in scheduled_round.invitations if i.sent_at is None]
    assert [i.consultee.email for i in unsent] == [failing] and unsent[0].token_hash is None
    monkeypatch.setattr(mail, "failed_since_last_ask", lambda session: [])
    again = app.test_cli_runner().invoke(args=["invitations", "send-due", "--now", opening])
    assert f"Invited Tinn kommune <{failing}>" in again.output and "1 invitation(s) sent." in again.output


def test_opening_a_round_whose_date_has_come_sends_at_once(client, users, db, consultation, consultee_a, outbox):
    consultations.add_draft_file(consultation, filename="u.docx", data=docx_bytes(kongsberg_shaped_draft),
                                 user=None, max_bytes=10_000_000)
    services.invite(consultation, [consultee_a], now=utcnow())
    db.session.commit()
    login(client, users["secretariat"])
    page = client.get(f"/consultations/{consultation.slug}/confirm/open").get_data(as_text=True)
    assert "får den på e-post nå" in page
    client.post(f"/consultations/{consultation.slug}/open", follow_redirects=True)
    assert [m.to for m in outbox] == [consultee_a.email]


def test_opening_ahead_of_the_opening_date_says_when_the_invitations_go(client, users, db, consultation, consultee_a,
                                                                        outbox):
    from app.timeutil import format_long_date

    consultations.add_draft_file(consultation, filename="u.docx", data=docx_bytes(kongsberg_shaped_draft),
                                 user=None, max_bytes=10_000_000)
    consultation.opens_at = utcnow() + timedelta(days=3)
    services.invite(consultation, [consultee_a], now=utcnow())
    db.session.commit()
    day = format_long_date(consultation.opens_at)
    login(client, users["secretariat"])
    assert f"Åpne høringen fra {day}" in client.get(f"/consultations/{consultation.slug}").get_data(as_text=True)
    asked = client.get(f"/consultations/{consultation.slug}/confirm/open").get_data(as_text=True)
    assert f"Høringen åpnes for svar {day}" in asked
    done = client.post(f"/consultations/{consultation.slug}/open", follow_redirects=True).get_data(as_text=True)
    assert f"Den åpner for svar {day}, og da sendes invitasjonene." in done and outbox == []
    assert f"Åpner {day}</span>" in done and "Høringen er åpen." not in done  # not shown as open yet


def _edit_form(consultation, deadline) -> dict:
    from app.timeutil import to_local

    return {"title": consultation.title, "description": consultation.description,
            "opens_on": to_local(consultation.opens_at).date().isoformat(),
            "deadline_on": to_local(deadline).date().isoformat(), "deadline_time": "12:00",
            "language": consultation.language.value, "accepts_late": "y", "reminder_days": "3"}


def test_saving_the_round_with_its_deadline_as_the_form_shows_it_moves_no_deadline_and_mails_no_one(
        client, users, db, open_round, outbox):
    """A deadline stored with seconds (one set before the form, or by the demo) comes back from the form
    in whole minutes: saving only a new language is no change of deadline."""
    from app.timeutil import local_to_utc, to_local

    local = to_local(open_round.deadline_at)
    open_round.deadline_at = local_to_utc(local.date(), local.time().replace(hour=12, minute=0, second=41, microsecond=870000))
    db.session.commit()
    stored = open_round.deadline_at
    login(client, users["secretariat"])
    outbox.clear()
    page = client.post(f"/consultations/{open_round.slug}/edit", data={**_edit_form(open_round, stored), "language": "nn"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Endringene er lagret." in page and outbox == [] and "e-post om den nye fristen" not in page
    db.session.refresh(open_round)
    assert open_round.deadline_at == stored and open_round.language.value == "nn"


def test_a_moved_deadline_is_mailed_to_each_body_it_moves_for_and_no_one_else(client, users, db, open_round, outbox,
                                                                             consultee_a, consultee_b):
    from app.invitations import deadlines
    from app.models import ExtensionStatus
    from app.responses import submission
    from app.timeutil import format_local_datetime
    from tests.factories import complete_input

    tinn, rollag = (next(i for i in open_round.invitations if i.consultee == c) for c in (consultee_a, consultee_b))
    login(client, users["secretariat"])
    client.post(f"/consultations/{open_round.slug}/edit", data=_edit_form(open_round, open_round.deadline_at),
                follow_redirects=True)
    db.session.refresh(open_round)
    old = open_round.deadline_at  # at 12:00 now
    outbox.clear()
    unchanged = client.post(f"/consultations/{open_round.slug}/edit", data={**_edit_form(open_round, old), "title": "Nytt"},
                            follow_redirects=True).get_data(as_text=True)
    assert "Endringene er lagret." in unchanged and outbox == [] and "e-post om den nye fristen" not in unchanged
    new = old + timedelta(days=7)
    # Rollag was given until far later: its deadline stays, so it is not told
    request = deadlines.request_extension(rollag, old + timedelta(days=60), "Kommunestyret møtes sent.", utcnow())
    request.decide(granted=True, answer="", by_id=users["secretariat"].id, now=utcnow())
    assert request.status is ExtensionStatus.GRANTED
    db.session.commit()
    outbox.clear()
    page = client.post(f"/consultations/{open_round.slug}/edit", data=_edit_form(open_round, new),
                       follow_redirects=True).get_data(as_text=True)
    assert "1 høringsinstans har fått e-post om den nye fristen" in page
    db.session.refresh(open_round)
    assert [m.to for m in outbox] == [tinn.consultee.email]
    from app.models import AuditEvent
    told = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "invitation.deadline_moved")
                             .order_by(AuditEvent.id.desc()).limit(1))
    assert told.after == {"count": 1, "to": ["Tinn kommune"]}
    assert outbox[0].subject == f"Ny høringsfrist: {open_round.title}"
    assert format_local_datetime(old, "nb") in outbox[0].body and format_local_datetime(open_round.deadline_at, "nb") \
        in outbox[0].body
    # Once Tinn has answered, a moved deadline is not news to it
    submission.submit(tinn, complete_input(open_round), expected_version=submission.version_of(tinn),
                      submission_key="k", now=utcnow(), via="link")
    db.session.commit()
    outbox.clear()
    client.post(f"/consultations/{open_round.slug}/edit", data=_edit_form(open_round, new + timedelta(days=1)))
    assert outbox == []


def test_a_new_deadline_that_has_passed_is_refused_and_mails_no_one(client, users, db, open_round, outbox):
    """Found: 07.12.2026 10:00 saved on an open round that evening, and every consultee mailed that the
    deadline had moved to it."""
    login(client, users["secretariat"])
    before = open_round.deadline_at
    outbox.clear()
    # Yesterday at noon (the form's time) has passed at any hour of today; two hours ago at noon had not
    # before noon
    page = client.post(f"/consultations/{open_round.slug}/edit",
                       data=_edit_form(open_round, utcnow() - timedelta(days=1))).get_data(as_text=True)
    assert "Det tidspunktet har vært. Velg en frist fram i tid." in page and outbox == []
    db.session.refresh(open_round)
    assert open_round.deadline_at == before


def test_an_own_deadline_that_gave_more_time_is_lifted_when_the_round_s_passes_it(client, users, db, open_round,
                                                                                  outbox, consultee_a, consultee_b):
    """Found: Tinn given until 1 February, the round then moved to 5 February: Tinn kept four days less than
    everyone else, and was not told."""
    tinn, rollag = (next(i for i in open_round.invitations if i.consultee == c) for c in (consultee_a, consultee_b))
    login(client, users["secretariat"])
    old = open_round.deadline_at
    tinn.deadline_override_at = old + timedelta(days=3)  # more time than the round
    rollag.deadline_override_at = old - timedelta(days=1)  # less, on purpose
    db.session.commit()
    outbox.clear()
    client.post(f"/consultations/{open_round.slug}/edit", data=_edit_form(open_round, old + timedelta(days=7)))
    db.session.refresh(open_round)
    assert tinn.deadline_override_at is None and tinn.deadline_at == open_round.deadline_at
    assert rollag.deadline_override_at == old - timedelta(days=1)
    assert tinn.consultee.email in [m.to for m in outbox] and rollag.consultee.email not in [m.to for m in outbox]


def test_an_opening_date_moved_to_today_sends_at_once_and_a_started_round_keeps_its_date(client, users, db,
                                                                                       scheduled_round, outbox):
    from app.timeutil import to_local

    login(client, users["secretariat"])
    today = to_local(utcnow()).date().isoformat()
    page = client.post(f"/consultations/{scheduled_round.slug}/edit",
                       data={**_edit_form(scheduled_round, scheduled_round.deadline_at), "opens_on": today},
                       follow_redirects=True).get_data(as_text=True)
    assert "høringen er åpnet: 2 invitasjoner er sendt" in page
    assert sorted(m.to for m in outbox) == sorted(i.consultee.email for i in scheduled_round.invitations)
    later = (to_local(utcnow()).date() + timedelta(days=2)).isoformat()
    refused = client.post(f"/consultations/{scheduled_round.slug}/edit",
                          data={**_edit_form(scheduled_round, scheduled_round.deadline_at), "opens_on": later})
    assert refused.status_code == 200 and "åpningsdatoen kan ikke flyttes fram i tid" in refused.get_data(as_text=True)
    db.session.refresh(scheduled_round)
    assert to_local(scheduled_round.opens_at).date().isoformat() == today


def test_editing_only_the_deadline_keeps_the_moment_the_round_opened(client, users, db, open_round):
    opened = open_round.opens_at
    login(client, users["secretariat"])
    client.post(f"/consultations/{open_round.slug}/edit",
                data=_edit_form(open_round, open_round.deadline_at + timedelta(days=3)))
    db.session.refresh(open_round)
    assert open_round.opens_at == opened  # not moved to midnight of the same day


def test_before_its_opening_date_a_round_is_read_but_not_opened_or_asked_more_time_of(client, users, db,
                                                                                     scheduled_round):
    from app.invitations import deadlines
    from app.timeutil import format_long_date

    invitation = next(i for i in scheduled_round.invitations if i.consultee == users["consultee_a"].consultee)
    login(client, users["consultee_a"])
    assert f"Åpner {format_long_date(scheduled_round.opens_at)}" in client.get("/mine").get_data(as_text=True)
    page = client.get(f"/mine/{scheduled_round.slug}").get_data(as_text=True)
    assert f"Høringen åpner for svar {format_long_date(scheduled_round.opens_at)}" in page
    db.session.refresh(invitation)
    assert invitation.opened_at is None and invitation.state is InvitationState.NOT_SENT
    with pytest.raises(ValidationError, match="ikke åpen"):
        deadlines.request_extension(invitation, scheduled_round.deadline_at + timedelta(days=5), "Møte sent.", utcnow())


def test_a_pending_request_for_more_time_shows_on_the_invitations_page(client, db, users, open_round):
    from app.invitations import deadlines

    invitation = open_round.invitations[0]
    deadlines.request_extension(invitation, open_round.deadline_at + timedelta(days=7), "Møte senere.", utcnow())
    db.session.commit()
    login(client, users["secretariat"])
    page = client.get(f"/consultations/{open_round.slug}/invitations").get_data(as_text=True)
    row = page[page.index(invitation.consultee.name):]
    assert "Har søkt om utsatt frist" in row[:row.index("</tr>")]


def test_a_request_for_more_time_is_mailed_to_the_secretariat_without_its_reason(db, users, open_round, outbox):
    from app.invitations import deadlines

    invitation = open_round.invitations[0]
    outbox.clear()
    deadlines.request_extension(invitation, open_round.deadline_at + timedelta(days=7),
                                "Kommunestyret møtes først i januar.", utcnow())
    db.session.commit()
    (told,) = outbox  # the region's one secretariat user; not the council, the admin or the consultees
    assert told.to == users["secretariat"].email and told.subject.startswith("Søknad om utsatt frist")
    assert invitation.consultee.name in told.body and "/responses?vis=extension" in told.body
    assert "Kommunestyret møtes" not in told.body  # read on the requests page, behind a sign-in


def test_a_deadline_on_a_weekend_or_a_public_holiday_is_said_after_saving(client, users, db, open_round):
    """Found: 17 May and a Saturday were taken without a word, and the mails do not name the weekday."""
    from datetime import date

    from app.timeutil import local_to_utc

    login(client, users["secretariat"])
    year = utcnow().year + 1
    saturday = next(date(year, 1, d) for d in range(1, 8) if date(year, 1, d).weekday() == 5)
    wednesday = next(date(year, 2, d) for d in range(1, 8) if date(year, 2, d).weekday() == 2)
    for day, said in ((date(year, 5, 17), "er en helligdag"), (saturday, "er en lørdag"), (wednesday, None)):
        page = client.post(f"/consultations/{open_round.slug}/edit",
                           data=_edit_form(open_round, local_to_utc(day, datetime.min.time().replace(hour=12))),
                           follow_redirects=True).get_data(as_text=True)
        assert "Endringene er lagret" in page
        assert (said in page) if said else "Obs: fristen" not in page, day


def test_the_invitations_page_gives_each_deadline_with_its_time(client, users, db, open_round):
    from app.timeutil import format_short_datetime

    login(client, users["secretariat"])
    with client.application.test_request_context():
        shown = format_short_datetime(open_round.deadline_at)
    assert shown in client.get(f"/consultations/{open_round.slug}/invitations").get_data(as_text=True)


def test_the_queues_worker_sends_them_on_the_opening_date_by_itself_once_and_one_worker_at_a_time(
        db, scheduled_round, outbox, monkeypatch):
    from huey.exceptions import TaskLockedException

    from app.invitations import scheduled
    from app.tasks import huey

    assert scheduled.send_due_mail.task_class in huey._registry._periodic_tasks
    assert [m for m in range(60) if scheduled.EVERY_TEN_MINUTES(datetime(2026, 12, 8, 9, m))] == [0, 10, 20, 30, 40, 50]
    emails = sorted(i.consultee.email for i in scheduled_round.invitations)
    monkeypatch.setattr(scheduled, "utcnow", lambda: scheduled_round.opens_at - timedelta(minutes=10))
    scheduled.send_due_mail.call_local()
    assert outbox == []
    monkeypatch.setattr(scheduled, "utcnow", lambda: scheduled_round.opens_at)
    with huey.lock_task("due-mail"), pytest.raises(TaskLockedException):  # another worker is at it
        scheduled.send_due_mail.call_local()
    assert outbox == []
    scheduled.send_due_mail.call_local()
    scheduled.send_due_mail.call_local()
    assert sorted(m.to for m in outbox) == emails
    db.session.expire_all()
    assert all(i.sent_at == scheduled_round.opens_at for i in scheduled_round.invitations)


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_the_secretariat_reads_the_invitation_as_it_will_be_mailed_before_anything_is_sent(
        client, users, db, consultation, consultee_a, consultee_b, outbox, language):
    from markupsafe import escape

    from app.models import Language

    consultation.language = Language(language)
    consultations.add_draft_file(consultation, filename="u.docx", data=docx_bytes(kongsberg_shaped_draft),
                                 user=None, max_bytes=10_000_000)
    services.invite(consultation, [consultee_b, consultee_a], now=utcnow())
    db.session.commit()
    login(client, users["secretariat"])
    page = client.get(f"/consultations/{consultation.slug}/invitations").get_data(as_text=True)
    preview = services.invitation_preview(consultation)
    assert outbox == []  # reading it sends nothing and makes no link
    assert str(escape(preview.subject)) in page and f'lang="{language}"' in page
    assert "/svar/" not in preview.body and "/svar/" not in page

    consultations.open_consultation(consultation, utcnow())
    db.session.commit()
    first = min(consultee_a.name, consultee_b.name)
    sent = next(m for m in outbox if m.to == (consultee_a if first == consultee_a.name else consultee_b).email)
    link = next(word for word in sent.body.split() if link_in(sent) in word)
    placeholder = next(line for line in preview.body.splitlines() if line.startswith("["))
    assert (preview.subject, preview.body) == (sent.subject, sent.body.replace(link, placeholder))
    assert ("Invitasjon til høyring" if language == "nn" else "Invitasjon til høring") in preview.subject


@pytest.mark.parametrize("language, asked", [("nb", "Spørsmål om høringen? Kontakt"), ("nn", "Spørsmål om høyringa? Kontakt")])
def test_the_invitation_the_reminder_and_the_form_say_whom_to_ask(client, db, consultation, consultee_a, outbox,
                                                                   language, asked):
    from app.invitations import reminders
    from app.models import Language

    consultation.language = Language(language)
    consultation.contact_name, consultation.contact_email = "Kari Nordmann", "kari@region.example.no"
    consultation.contact_phone = "32 86 63 27"
    consultations.add_draft_file(consultation, filename="u.docx", data=docx_bytes(kongsberg_shaped_draft),
                                 user=None, max_bytes=10_000_000)
    services.invite(consultation, [consultee_a], now=utcnow())
    consultations.open_consultation(consultation, utcnow())
    db.session.commit()
    reminders.send_reminders(consultation.deadline_at - timedelta(days=1))
    db.session.commit()
    line = f"{asked} Kari Nordmann, kari@region.example.no, tlf. 32 86 63 27."
    assert [m.body.count(line) for m in outbox] == [1, 1]  # the invitation, then the reminder
    page = client.get(link_in(outbox[0])).get_data(as_text=True)
    assert 'href="mailto:kari@region.example.no"' in page and 'href="tel:32866327"' in page

    consultation.contact_name = consultation.contact_email = consultation.contact_phone = ""
    db.session.commit()
    assert "Kontakt" not in services.invitation_preview(consultation).body
    assert "mailto:" not in client.get(link_in(outbox[0])).get_data(as_text=True)
