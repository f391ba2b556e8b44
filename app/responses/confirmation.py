"""The receipt page's account of what happens next: which addresses got a copy by e-mail, whether and
until when the answer can be changed, and each question's answers in the order to read them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import session

from app import mail
from app.extensions import db
from app.models import Invitation, ResponseVersion
from app.responses import submission
from app.responses.receipt import order_questions
from app.responses.snapshot import Snapshot, SnapshotAnswer

#: Receipts whose mailed copies this browser remembers (the session cookie stays small)
REMEMBERED_RECEIPTS = 5
_KEY = "mailed_receipts"


@dataclass(frozen=True)
class NextSteps:
    #: "open": can be changed until `deadline`; "late": changes are marked late; "closed": no changes
    window: str
    deadline: datetime
    #: Addresses the receipt was mailed to when this browser sent the answer (none known otherwise)
    mailed_to: tuple[str, ...]


def commit_and_remember_mail(version: ResponseVersion) -> None:
    """Commit the submit; remember in the session which of its receipt mails were delivered."""
    queued = [item.to for item in mail.pending(db.session)]
    db.session.commit()  # the mails go now (mail.send_after_commit)
    failed = set(mail.failed_since_last_ask(db.session))
    delivered = [address for address in dict.fromkeys(queued) if address not in failed]
    if delivered:
        kept = {k: v for k, v in session.get(_KEY, {}).items() if k != str(version.id)}
        kept[str(version.id)] = delivered
        session[_KEY] = dict(list(kept.items())[-REMEMBERED_RECEIPTS:])


def next_steps(invitation: Invitation, version: ResponseVersion, now: datetime) -> NextSteps:
    """What the receipt page says happens next."""
    window = submission.window(invitation, now).value
    return NextSteps(window="closed" if window == "refused" else window, deadline=invitation.deadline_at,
                     mailed_to=tuple(session.get(_KEY, {}).get(str(version.id), ())))


def answer_groups(snapshot: Snapshot) -> list[list[SnapshotAnswer]]:
    """Answers grouped by question; a ranking's in rank order (1 first, unranked last)."""
    groups = order_questions(snapshot.answers)
    return [sorted(group, key=lambda a: (a.rank is None, a.rank or 0)) if group[0].kind == "ranking" else group
            for group in groups]
