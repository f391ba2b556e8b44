"""Files attached to a response's working copy."""
from __future__ import annotations

from datetime import datetime
from io import BytesIO

from flask import Response, abort, send_file
from flask_babel import gettext as _

from app import audit
from app.extensions import db
from app.models import Attachment, Invitation, ResponseStatus
from app.responses import submission
from app.text import one_line
from app.uploads import check_attachment

MAX_ATTACHMENTS = 10


def add(invitation: Invitation, *, filename: str, data: bytes, max_bytes: int, now: datetime) -> Attachment:
    """Attach a .docx or .pdf, checked by content; it goes with the next submit."""
    submission.require_draft_window(invitation, now)
    checked = check_attachment(filename, data, max_bytes=max_bytes)
    response = submission.get_or_create_response(invitation, now)
    if len(response.attachments) >= MAX_ATTACHMENTS:
        from app.errors import ValidationError

        raise ValidationError(_("Et svar kan ha høyst %(num)s vedlegg.", num=MAX_ATTACHMENTS), "attachment")
    attachment = Attachment(filename=checked.filename, content_type=checked.content_type, size=len(checked.data),
                            sha256=checked.sha256, content=checked.data, uploaded_at=now)
    response.attachments.append(attachment)
    _touch(response, now)
    db.session.flush()
    audit.record("attachment.add", consultation=invitation.consultation, target=invitation.consultee.name,
                 after={"filename": attachment.filename, "sha256": attachment.sha256}, now=now)
    return attachment


def remove(invitation: Invitation, attachment: Attachment, now: datetime) -> None:
    submission.require_draft_window(invitation, now)
    response = attachment.response
    response.attachments.remove(attachment)
    _touch(response, now)
    db.session.flush()
    audit.record("attachment.remove", consultation=invitation.consultation, target=invitation.consultee.name,
                 before={"filename": attachment.filename}, now=now)


def get_or_404(invitation: Invitation, attachment_id: int) -> Attachment:
    """One of this invitation's response's attachments; other consultees' files are not found."""
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.response.consultee_id != invitation.consultee_id \
            or attachment.response.consultation_id != invitation.consultation_id:
        abort(404)
    return attachment


def download(item: Attachment, name: str | None = None) -> Response:
    """The file as a download, under its own name (or `name`, as the public may see it)."""
    return send_file(BytesIO(item.content), mimetype=item.content_type, as_attachment=True,
                     download_name=one_line(item.filename if name is None else name) or "vedlegg")


def _touch(response, now: datetime) -> None:
    response.updated_at = now
    if response.status is ResponseStatus.SUBMITTED:
        response.has_unsubmitted_changes = True
