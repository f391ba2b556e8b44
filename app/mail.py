"""Outgoing e-mail: rendered from templates/mail/ in the round's language and sent through a backend.

Backends (MAIL_BACKEND): "log" writes each message to the log and to instance/outbox/*.eml (the
default), "smtp" delivers through MAIL_SERVER, "memory" keeps them in the app (tests).

Mails that report something the user just did (a receipt, the answer to an extension request, a
reminder) are sent with `send_after_commit`: they go out only once the change they describe is
committed, and a failure to deliver is logged and recorded in the round's audit trail
(«mail.failed») instead of undoing the change or showing an error page.
"""
from __future__ import annotations

import logging
import re
import smtplib
import ssl
from dataclasses import dataclass, replace
from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import Flask, current_app, flash, has_request_context, render_template
from flask_babel import force_locale, gettext
from sqlalchemy import event, insert
from sqlalchemy.orm import Session

log = logging.getLogger("app.mail")

_PENDING = "pending_mail"
FAILED = "failed_mail"


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str
    #: The language the text was written in (the round's: nb or nn)
    language: str = "nb"
    #: The round the message is about, for the audit line when delivery fails
    consultation_id: int | None = None


def render(template: str, *, to: str, language: str, consultation_id: int | None = None, **context) -> Mail:
    """A message from templates/mail/<template>.txt: its first line is the subject, the rest the body."""
    with force_locale(language):
        text = render_template(f"mail/{template}.txt", **context)
    subject, _, body = text.lstrip().partition("\n")
    # A template's tag lines ({% if %} … {% endif %}) leave empty lines: at most one blank line between paragraphs
    body = re.sub(r"\n[ \t]*(?:\n[ \t]*)+\n", "\n\n", body.strip())
    return Mail(to=to, subject=subject.strip(), body=body + "\n", language=language,
                consultation_id=consultation_id)


def send(mail: Mail, now: datetime) -> None:
    """Deliver one message now through the configured backend."""
    backend = current_app.config.get("MAIL_BACKEND", "log")
    if backend == "memory":
        current_app.extensions.setdefault("mail_outbox", []).append(mail)
        return
    message = _message(mail, now)
    if backend == "smtp":
        _deliver_smtp(message)
        log.info("E-post sendt til %s: %s", mail.to, mail.subject)
        return
    log.info("E-post til %s: %s\n%s", mail.to, mail.subject, mail.body)
    outbox = Path(current_app.config["MAIL_OUTBOX_DIR"])
    outbox.mkdir(parents=True, exist_ok=True)
    name = f"{now:%Y%m%dT%H%M%S%f}-{mail.to.replace('@', '_at_')}.eml"
    (outbox / name).write_bytes(bytes(message))


def send_after_commit(session: Session, mail: Mail, *, consultation_id: int | None = None) -> None:
    """Send `mail` once the session's transaction commits; nothing is sent if it rolls back."""
    if consultation_id is not None:
        mail = replace(mail, consultation_id=consultation_id)
    session.info.setdefault(_PENDING, []).append(mail)


def pending(session: Session) -> list[Mail]:
    """The mails queued in the session, to go when it commits."""
    return list(session.info.get(_PENDING, []))


def init_app(app: Flask) -> None:
    """Deliver the mails queued in a session when it commits, and drop them when it rolls back."""
    if not event.contains(Session, "after_commit", _deliver_pending):
        event.listen(Session, "after_commit", _deliver_pending)
        event.listen(Session, "after_rollback", _drop_pending)


def _deliver_pending(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint was released; the real commit comes later
        return
    pending = session.info.pop(_PENDING, [])
    from app.timeutil import utcnow

    failed = []
    for mail in pending:
        now = utcnow()
        try:
            send(mail, now)
        except Exception as error:  # noqa: BLE001 — any failure to deliver is reported, never raised
            log.exception("E-post til %s kunne ikke sendes: %s", mail.to, mail.subject)
            _record_failure(mail, error, now)
            failed.append(mail.to)
    if failed:
        session.info.setdefault(FAILED, []).extend(failed)
        if has_request_context():
            _flash_failure(failed)


def failed_since_last_ask(session: Session) -> list[str]:
    """The addresses whose mail failed at this session's commits since the last call (for the CLI)."""
    return session.info.pop(FAILED, [])


def _flash_failure(addresses: list[str]) -> None:
    """Tell whoever is at the screen, in one message, that the change stands but its mail did not go."""
    shown = ", ".join(dict.fromkeys(addresses[:5]))
    if len(addresses) > 5:
        shown += " " + gettext("og %(count)d til", count=len(addresses) - 5)
    flash(gettext("Endringen er lagret, men e-post kunne ikke sendes til %(addresses)s.", addresses=shown), "error")


def _drop_pending(session: Session) -> None:
    if not session.in_nested_transaction():  # a savepoint's rollback keeps what the outer transaction queued
        session.info.pop(_PENDING, None)


def _record_failure(mail: Mail, error: Exception, now: datetime) -> None:
    """An audit line the secretariat sees, written on its own connection (the session has just committed)."""
    from app.extensions import db
    from app.models import AuditEvent

    try:
        with db.engine.begin() as connection:
            connection.execute(insert(AuditEvent.__table__).values(
                at=now, user_id=None, actor="System", consultation_id=mail.consultation_id, action="mail.failed",
                target=mail.to[:300], before=None, after={"subject": mail.subject, "error": str(error)[:500]}))
    except Exception:  # noqa: BLE001 — the log line above already tells
        log.exception("Kunne ikke skrive feilen i endringsloggen")


def _message(mail: Mail, now: datetime) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = current_app.config["MAIL_SENDER"], mail.to, mail.subject
    message["Date"] = formatdate(now.timestamp(), localtime=False)
    message["Message-ID"] = make_msgid(domain="horing")
    message.set_content(mail.body)
    message["Content-Language"] = mail.language  # after set_content, which replaces the Content-* headers
    return message


def _deliver_smtp(message: EmailMessage) -> None:
    config = current_app.config
    timeout = config.get("MAIL_TIMEOUT", 20)
    if config.get("MAIL_USE_SSL"):
        smtp = smtplib.SMTP_SSL(config["MAIL_SERVER"], config.get("MAIL_PORT") or 465, timeout=timeout,
                                context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(config["MAIL_SERVER"], config.get("MAIL_PORT") or 25, timeout=timeout)
    with smtp:
        if config.get("MAIL_USE_TLS") and not config.get("MAIL_USE_SSL"):
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
        smtp.send_message(message)
