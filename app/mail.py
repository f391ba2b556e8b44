"""Outgoing e-mail. Until SMTP is configured, messages go to the log and to instance/outbox/."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

from flask import current_app

log = logging.getLogger("app.mail")


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


def send(mail: Mail, now: datetime) -> None:
    """Deliver one message through the configured backend ("log" by default, "memory" in tests)."""
    backend = current_app.config.get("MAIL_BACKEND", "log")
    if backend == "memory":
        current_app.extensions.setdefault("mail_outbox", []).append(mail)
        return
    log.info("E-post til %s: %s\n%s", mail.to, mail.subject, mail.body)
    outbox = Path(current_app.config["MAIL_OUTBOX_DIR"])
    outbox.mkdir(parents=True, exist_ok=True)
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = current_app.config["MAIL_SENDER"], mail.to, mail.subject
    message.set_content(mail.body)
    name = f"{now:%Y%m%dT%H%M%S%f}-{mail.to.replace('@', '_at_')}.eml"
    (outbox / name).write_bytes(bytes(message))
