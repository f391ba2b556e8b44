"""The mails a consultee gets about its own response: the receipt and the answer to an extension request.

They are queued with `mail.send_after_commit`, so they leave only once the submit or the decision
is committed, and a failure to deliver never undoes it.
"""
from __future__ import annotations

from collections.abc import Callable

from app import mail
from app.consultees.names import greeting_name
from app.extensions import db
from app.models import Invitation, ResponseVersion, User
from app.timeutil import format_local_datetime


def queue_receipt(invitation: Invitation, version: ResponseVersion, *, via: str, user_id: int | None,
                  receipt_url: Callable[[int], str] | None) -> list[mail.Mail]:
    """A receipt to the consultee's address, and to the signed-in user who sent it when that is another address.

    The link behind an invitation token is secret, so it goes only to the invitation's address; the
    account and secretariat pages need a sign-in, so their links may go to the user who submitted.
    """
    consultee = invitation.consultee
    link = receipt_url(version.number) if receipt_url is not None else None
    recipients = [(consultee.email, link if via in ("link", "account") else None)]
    user = db.session.get(User, user_id) if user_id is not None else None
    if user is not None and user.email.strip().lower() != consultee.email.strip().lower():
        recipients.append((user.email, link if via in ("account", "secretariat") else None))
    mails = [_receipt(invitation, version, to, url) for to, url in recipients if to]
    for item in mails:
        mail.send_after_commit(db.session, item)
    return mails


def _receipt(invitation: Invitation, version: ResponseVersion, to: str, url: str | None) -> mail.Mail:
    consultation, language = invitation.consultation, invitation.language
    return mail.render("receipt", to=to, language=language, consultation_id=consultation.id,
                       consultation=consultation, consultee=invitation.consultee, version=version,
                       addressee=greeting_name(invitation.consultee),
                       submitted=format_local_datetime(version.submitted_at, language),
                       deadline=format_local_datetime(invitation.deadline_at, language), url=url)
