"""Reminders before the deadline, sent by the queue's worker every ten minutes and by `flask reminders send`
(app.invitations.scheduled).

A consultee is due a reminder when its own deadline (its override, a granted extension, or the
round's) is less than the round's `reminder_days` away and not passed, it was invited, it has
not submitted, and it is not archived (its link no longer works). Each reminder is stored with the deadline it was about, so a second run sends
nothing; an extension moves the deadline, and the consultee is due again before the new one.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app import audit, mail
from app.consultees.names import greeting_name
from app.extensions import db
from app.models import Consultation, Invitation, Reminder, ResponseStatus, Status
from app.timeutil import format_local_datetime
from app.urls import absolute_url


@dataclass(frozen=True)
class SentReminder:
    consultation: Consultation
    invitation: Invitation
    reminder: Reminder


def due(consultation: Consultation, now: datetime) -> list[Invitation]:
    """The round's invitations that should get a reminder now: sent, not answered, not archived, and with a
    link that works (one the secretariat stopped is not reminded of until a new one is sent)."""
    if consultation.status is not Status.OPEN or not consultation.accepts_responses(now):
        return []
    submitted = {r.consultee_id for r in consultation.responses if r.status is ResponseStatus.SUBMITTED}
    result = []
    for invitation in consultation.invitations:
        deadline = invitation.deadline_at
        starts = consultation.reminder_starts_at(deadline)
        if (starts is None or invitation.sent_at is None or invitation.consultee_id in submitted
                or invitation.consultee.is_archived or invitation.token_hash is None  # its link was stopped
                or not invitation.consultee.email or not starts <= now < deadline
                or invitation.is_reminded_of(deadline)):
            continue
        result.append(invitation)
    return sorted(result, key=lambda i: i.consultee.name)


def send_reminders(now: datetime) -> list[SentReminder]:
    """Record and queue a reminder for every consultee due one, in every open round; flushes only."""
    rounds = db.session.scalars(select(Consultation).where(Consultation.status == Status.OPEN,
                                                           Consultation.reminder_days > 0)
                                .order_by(Consultation.id))
    sent = []
    for consultation in rounds:
        invitations = due(consultation, now)
        for invitation in invitations:
            sent.append(SentReminder(consultation, invitation, _remind(invitation, now)))
        if invitations:
            audit.record("reminder.send", consultation=consultation, target=consultation.title, now=now,
                         after={"count": len(invitations), "to": [i.consultee.name for i in invitations]})
    db.session.flush()
    return sent


def forget_undelivered(sent: list[SentReminder], failed_addresses: set[str]) -> int:
    """Drop the records of reminders whose mail failed, so the next run tries them again; flushes only."""
    undelivered = [item for item in sent if item.reminder.sent_to in failed_addresses]
    for item in undelivered:
        item.invitation.reminders.remove(item.reminder)
    db.session.flush()
    return len(undelivered)


def _remind(invitation: Invitation, now: datetime) -> Reminder:
    consultation, consultee = invitation.consultation, invitation.consultee
    reminder = Reminder(deadline_at=invitation.deadline_at, sent_at=now, sent_to=consultee.email)
    invitation.reminders.append(reminder)
    language = invitation.language
    has_draft = any(r.consultee_id == consultee.id for r in consultation.responses)
    mail.send_after_commit(db.session, mail.render(
        "reminder", to=consultee.email, language=language, consultation_id=consultation.id,
        consultation=consultation, consultee=consultee, has_draft=has_draft,
        addressee=greeting_name(consultee),
        deadline=format_local_datetime(invitation.deadline_at, language),
        url=absolute_url("responses.respond_by_account", slug=consultation.slug),
        # a person who lost the link signs up again with the same address and is sent a new one
        signup_url=absolute_url("public.signup", slug=consultation.slug) if consultee.is_public else None))
    return reminder
