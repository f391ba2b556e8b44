"""What the public sees of a published round: only submitted versions, always redacted."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from flask import abort
from sqlalchemy import select

from app.consultees.names import attributed
from app.extensions import db
from app.models import Attachment, Consultation, Response, ResponseStatus, Status
from app.public import redaction
from app.reports.data import ReportData
from app.reports.services import collect
from app.responses.snapshot import Snapshot


def published_or_404(slug: str) -> Consultation:
    consultation = db.session.scalar(select(Consultation).where(Consultation.slug == slug))
    if consultation is None or consultation.status is not Status.PUBLISHED:
        abort(404)
    return consultation


def responses(consultation: Consultation) -> list[Response]:
    """Submitted responses only; drafts never reach the public."""
    return [r for r in sorted(consultation.responses, key=lambda r: r.consultee.name)
            if r.status is ResponseStatus.SUBMITTED and r.latest_version is not None]


def response_or_404(consultation: Consultation, consultee_id: int) -> Response:
    found = next((r for r in responses(consultation) if r.consultee_id == consultee_id), None)
    if found is None:
        abort(404)
    return found


def public_snapshot(consultation: Consultation, response: Response) -> Snapshot:
    """The latest submitted version with every withheld passage and attachment taken out, its sender
    named as documents name it (a public respondent marked as such)."""
    text = redaction.public_text(consultation)
    withheld = redaction.withheld_attachment_ids(consultation)
    snapshot = attributed(Snapshot.from_dict(response.latest_version.snapshot), response.consultee)
    answers = tuple(replace(a, text=text(a.text)) for a in snapshot.answers)
    attachments = tuple(a for a in snapshot.attachments if a.id not in withheld)
    return replace(snapshot, answers=answers, attachments=attachments)


def public_attachment_or_404(consultation: Consultation, response: Response, attachment_id: int) -> Attachment:
    allowed = {a.id for a in public_snapshot(consultation, response).attachments}
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.id not in allowed or attachment.response_id != response.id:
        abort(404)
    return attachment


def public_report(consultation: Consultation, today: date) -> ReportData:
    return collect(consultation, today, redaction.public_text(consultation))


