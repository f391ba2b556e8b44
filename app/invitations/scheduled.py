"""Mail that falls due with time: the invitations of a round opened ahead of its opening date, once
that date has come, and the reminders before the deadline (app.invitations.reminders).

The queue's worker sends both every ten minutes (`send_due_mail`, a Huey periodic task), so a round
set up on Friday to open on Monday invites its consultees on Monday, and a reminder goes three days
before the deadline, with nothing else to run. `flask invitations send-due` and `flask reminders send`
do the same by hand (or from cron, where no worker runs) and print what they did. Each is safe to run
again and beside the other: a sent invitation is not sent again, a reminder is stored with the deadline
it was about (one per deadline, a unique constraint), and a lock keeps two workers sharing one Redis
queue from running it at once. A mail that could not be delivered is taken back (the invitation
marked not sent, the reminder not recorded), so the next run tries it again.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from huey import crontab

from app import mail
from app.extensions import db
from app.invitations import reminders, services
from app.models import Invitation
from app.tasks import huey, task_app
from app.timeutil import utcnow

#: When the worker looks for due invitations and reminders
EVERY_TEN_MINUTES = crontab(minute="*/10")

log = logging.getLogger(__name__)
T = TypeVar("T")


def send_due_invitations(now: datetime) -> tuple[list[Invitation], set[str]]:
    """Send the invitations whose round's opening date has come; returns them and the addresses
    that failed (those invitations are marked not sent again). Commits."""
    return _delivered(services.send_due(now), services.forget_unsent)


def send_due_reminders(now: datetime) -> tuple[list[reminders.SentReminder], set[str]]:
    """Send the reminders due now; returns them and the addresses that failed (those reminders are
    not recorded). Commits."""
    return _delivered(reminders.send_reminders(now), reminders.forget_undelivered)


def _delivered(sent: list[T], take_back: Callable[[list[T], set[str]], int]) -> tuple[list[T], set[str]]:
    """Commit what was sent (the mails leave after the commit), then take back what could not be
    mailed, so that the next run tries it again."""
    db.session.commit()
    failed = set(mail.failed_since_last_ask(db.session))
    if failed:
        take_back(sent, failed)
        db.session.commit()
    return sent, failed


@huey.periodic_task(EVERY_TEN_MINUTES)
@huey.lock_task("due-mail")
def send_due_mail() -> None:
    """The worker's round every ten minutes: due invitations, then due reminders."""
    with task_app().app_context():
        now = utcnow()
        invited, failed = send_due_invitations(now)
        reminded, undelivered = send_due_reminders(now)
        if invited or reminded:
            log.info("Sent %d invitation(s) and %d reminder(s); %d could not be mailed",
                     len(invited) - len(failed), len(reminded) - len(undelivered), len(failed | undelivered))
