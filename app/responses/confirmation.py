"""The receipt, on the page and as a Word document, and its account of what happens next: which
addresses got a copy by e-mail, whether and until when the answer can be changed, and each question's
answers in the order to read them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

from flask import abort, render_template, send_file, session

from app import mail
from app.consultees.names import display_name
from app.extensions import db
from app.models import Invitation, ResponseVersion
from app.responses import submission
from app.responses.kinds import kind_of
from app.responses.portal import Portal, portal_route
from app.responses.receipt import order_questions, receipt_docx, receipt_filename
from app.snapshot import Snapshot, SnapshotAnswer
from app.timeutil import utcnow
from app.uploads import DOCX

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
    return [kind_of(group[0].kind).order(group) for group in groups]


@portal_route("/kvittering/<int:number>", "receipt", after_close=True)
def receipt(invitation: Invitation, portal: Portal, number: int):
    """What was submitted in version `number`, exactly."""
    version = _version_or_404(invitation, number)
    snapshot = version.snapshot
    latest = version.response.latest_version  # a later version sent since replaces this one
    # a public respondent is named in the reader's language on the page (the stored name is the round's)
    sender = display_name(invitation.consultee) if invitation.consultee.is_public else snapshot.consultee
    page = render_template("responses/receipt.html", invitation=invitation, portal=portal, version=version,
                           snapshot=snapshot, sender=sender, groups=answer_groups(snapshot),
                           replaced_by=latest if latest is not None and latest.number > version.number else None,
                           steps=next_steps(invitation, version, utcnow()))
    db.session.commit()
    return page


@portal_route("/kvittering/<int:number>.docx", "receipt_docx", after_close=True)
def receipt_download(invitation: Invitation, portal: Portal, number: int):
    """The receipt as a Word document."""
    version = _version_or_404(invitation, number)
    snapshot = version.snapshot
    data = receipt_docx(snapshot, region=invitation.consultation.region.name, number=version.receipt_number)
    db.session.commit()
    return send_file(BytesIO(data), mimetype=DOCX, as_attachment=True,
                     download_name=receipt_filename(snapshot))


def _version_or_404(invitation: Invitation, number: int) -> ResponseVersion:
    response = submission.response_for(invitation)
    version = next((v for v in response.versions if v.number == number), None) if response else None
    if version is None:
        abort(404)
    return version
