"""Reminders before the deadline: who is due, the window's edges, once per deadline, the command."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.consultations import services as consultations
from app.invitations import deadlines as extensions
from app.invitations import reminders
from app.models import AuditEvent, Language, Reminder
from app.responses import submission
from app.timeutil import utcnow
from tests.conftest import login, make_consultation
from tests.factories import complete_input, invitation_of, open_round_for


@pytest.fixture
def round_(db, consultation, consultee_a, consultee_b, outbox):
    open_round_for(db, consultation, consultee_a, consultee_b)
    outbox.clear()  # the invitations
    return consultation


def run(db, now) -> list[str]:
    sent = reminders.send_reminders(now)
    db.session.commit()
    return sorted(item.invitation.consultee.name for item in sent)


def test_a_reminder_goes_to_each_consultee_that_has_not_answered(db, round_, outbox):
    deadline = round_.deadline_at
    assert run(db, deadline - timedelta(days=2)) == ["Rollag kommune", "Tinn kommune"]
    assert sorted(m.to for m in outbox) == ["post@rollag.example.no", "post@tinn.example.no"]
    reminder = next(m for m in outbox if m.to == "post@tinn.example.no")
    assert reminder.subject == f"Påminnelse om høringsfrist: {round_.title}"
    assert "31." in reminder.body or "kl." in reminder.body
    assert "/svar/" not in reminder.body  # the secret link is never re-sent
    assert f"/mine/{round_.slug}" in reminder.body
    assert "\n\n\n" not in reminder.body  # one blank line between paragraphs, whatever the template's tags leave


@pytest.mark.parametrize(("before_deadline", "due"), [
    (timedelta(days=3, seconds=1), False),   # not yet in the window
    (timedelta(days=3), True),               # the window opens three days before
    (timedelta(seconds=1), True),            # the last second
    (timedelta(0), False),                   # the deadline itself: too late to remind
    (-timedelta(hours=1), False),            # after the deadline
])
def test_the_reminder_window_edges(db, round_, before_deadline, due):
    assert bool(run(db, round_.deadline_at - before_deadline)) is due


def test_running_twice_sends_once(db, round_, outbox):
    moment = round_.deadline_at - timedelta(days=1)
    assert len(run(db, moment)) == 2
    assert run(db, moment) == [] and run(db, moment + timedelta(hours=5)) == []
    assert len(outbox) == 2 and len(db.session.scalars(select(Reminder)).all()) == 2



def test_the_queues_worker_sends_the_reminders_due_without_a_command(db, round_, outbox, monkeypatch):
    from app.invitations import scheduled

    monkeypatch.setattr(scheduled, "utcnow", lambda: round_.deadline_at - timedelta(days=3, minutes=10))
    scheduled.send_due_mail.call_local()
    assert outbox == []  # not yet in the window
    monkeypatch.setattr(scheduled, "utcnow", lambda: round_.deadline_at - timedelta(days=3))
    scheduled.send_due_mail.call_local()
    scheduled.send_due_mail.call_local()
    assert sorted(m.to for m in outbox) == ["post@rollag.example.no", "post@tinn.example.no"]
    assert len(db.session.scalars(select(Reminder)).all()) == 2

def test_a_granted_extension_makes_the_consultee_due_again_for_the_new_deadline(db, users, round_, outbox):
    invitation = invitation_of(round_, "Tinn kommune")
    assert "Tinn kommune" in run(db, round_.deadline_at - timedelta(days=1))
    request = extensions.request_extension(invitation, round_.deadline_at + timedelta(days=10), "Kommunestyret",
                                           now=utcnow())
    extensions.decide_extension(request, granted=True, answer="", by_id=users["secretariat"].id, now=utcnow())
    db.session.commit()
    new_deadline = invitation.deadline_at
    assert "Tinn kommune" not in run(db, new_deadline - timedelta(days=4))
    assert run(db, new_deadline - timedelta(days=2)) == ["Tinn kommune"]
    assert [r.deadline_at for r in invitation.reminders] == [round_.deadline_at, new_deadline]


def test_a_consultees_own_deadline_decides_its_window(db, round_):
    from app.invitations import services as invitations

    invitations.set_deadline_override(invitation_of(round_, "Rollag kommune"), round_.deadline_at - timedelta(days=10), utcnow())
    db.session.commit()
    assert run(db, round_.deadline_at - timedelta(days=11)) == ["Rollag kommune"]


def test_no_reminder_after_submitting(db, round_):
    invitation = invitation_of(round_, "Tinn kommune")
    submission.submit(invitation, complete_input(round_), expected_version=None, submission_key="s",
                      now=utcnow(), via="link")
    db.session.commit()
    assert run(db, round_.deadline_at - timedelta(days=1)) == ["Rollag kommune"]


def test_no_reminder_to_a_link_the_secretariat_stopped(db, round_):
    from app.invitations import services as invitations

    invitations.revoke_link(invitation_of(round_, "Tinn kommune"))
    db.session.commit()
    assert run(db, round_.deadline_at - timedelta(days=1)) == ["Rollag kommune"]


def test_a_saved_draft_still_gets_a_reminder_that_mentions_it(db, round_, outbox):
    submission.save_draft(invitation_of(round_, "Tinn kommune"), complete_input(round_), expected_version=None,
                          now=utcnow())
    db.session.commit()
    run(db, round_.deadline_at - timedelta(days=1))
    tinn = next(m for m in outbox if m.to == "post@tinn.example.no")
    assert "lagret utkast" in tinn.body


def test_no_reminder_when_the_round_is_closed_or_sends_none(db, round_):
    round_.reminder_days = 0
    db.session.commit()
    assert run(db, round_.deadline_at - timedelta(hours=1)) == []
    round_.reminder_days = 3
    consultations.close_consultation(round_, utcnow())
    db.session.commit()
    assert run(db, round_.deadline_at - timedelta(hours=1)) == []


def test_reminders_are_written_in_the_rounds_language_and_in_the_audit_trail(db, region, consultee_a, outbox):
    consultation = make_consultation(db, region, "Regionalplan for Sogn", language=Language.NYNORSK)
    open_round_for(db, consultation, consultee_a)
    outbox.clear()
    run(db, consultation.deadline_at - timedelta(days=1))
    [reminder] = outbox
    assert reminder.language == "nn" and reminder.subject == "Påminning om høyringsfrist: Regionalplan for Sogn"
    assert "Vi minner om høyringa" in reminder.body
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "reminder.send"))
    assert event.consultation_id == consultation.id and event.after == {"count": 1, "to": ["Tinn kommune"]}


def test_the_command_prints_what_it_sent_and_is_idempotent(app, db, round_, outbox):
    moment = (round_.deadline_at - timedelta(days=1)).isoformat()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["reminders", "send", "--now", moment])
    assert first.exit_code == 0, first.output
    assert "Reminded Tinn kommune <post@tinn.example.no>" in first.output and "2 reminder(s) sent." in first.output
    second = runner.invoke(args=["reminders", "send", "--now", moment])
    assert second.exit_code == 0 and "0 reminder(s) sent." in second.output
    assert len(outbox) == 2
    assert runner.invoke(args=["reminders", "send", "--now", "i morgen"]).exit_code != 0


def test_the_secretariat_sets_the_reminder_where_the_details_are_edited(client, db, users, round_):
    login(client, users["secretariat"])
    page = client.get(f"/consultations/{round_.slug}/edit").get_data(as_text=True)
    assert 'name="reminder_days"' in page and 'value="3"' in page
    from app.timeutil import to_local

    fields = {"title": round_.title, "description": "", "opens_on": to_local(round_.opens_at).date().isoformat(),
              "deadline_on": to_local(round_.deadline_at).date().isoformat(), "deadline_time": "23:59",
              "language": "nb", "accepts_late": "y"}
    for value, stored in (("7", 7), ("", 0), ("0", 0)):
        response = client.post(f"/consultations/{round_.slug}/edit", data={**fields, "reminder_days": value})
        assert response.status_code == 302, response.get_data(as_text=True)
        db.session.refresh(round_)
        assert round_.reminder_days == stored
    response = client.post(f"/consultations/{round_.slug}/edit", data={**fields, "reminder_days": "-2"})
    assert response.status_code == 200 and "Velg et tall fra 0 til 60." in response.get_data(as_text=True)


def test_a_reminder_that_could_not_be_mailed_is_tried_again_on_the_next_run(app, db, round_):
    from tests.app.test_mail import free_port, use_smtp

    moment = (round_.deadline_at - timedelta(days=1)).isoformat()
    runner = app.test_cli_runner()
    use_smtp(app, free_port())  # nothing listens there
    down = runner.invoke(args=["reminders", "send", "--now", moment])
    assert down.exit_code == 0 and "Could not mail Tinn kommune" in down.output and "2 failed" in down.output
    assert db.session.scalars(select(Reminder)).all() == []
    app.config["MAIL_BACKEND"] = "memory"
    again = runner.invoke(args=["reminders", "send", "--now", moment])
    assert "2 reminder(s) sent." in again.output
