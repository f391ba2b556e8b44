"""The secretariat's pages for responses: the dashboard, one response with its versions, the audit trail."""

from flask import abort, render_template, request

from app.auth.access import roles_required
from app.extensions import db
from app.models import REDACTION_BASES, STAFF_ROLES, Redaction, Role
from app.responses import attachments, dashboard, staff_bp, submission, translation
from app.responses.diff import diff_snapshots, text_diff
from app.round import current_round
from app.snapshot import Snapshot
from app.timeutil import utcnow

FILTERS = ("invited", "opened", "draft", "submitted", "late", "extension")


@staff_bp.get("/responses")
@roles_required(*STAFF_ROLES)
def dashboard_page():
    """Per consultee: invited, opened, draft, submitted, late, extension asked."""
    consultation = current_round()
    board = dashboard.build(consultation, utcnow())
    wanted = request.args.get("vis") if request.args.get("vis") in FILTERS else None
    return render_template("responses/dashboard.html", consultation=consultation, board=board,
                           rows=board.filtered(wanted), wanted=wanted)


@staff_bp.get("/responses/<int:consultee_id>")
@roles_required(*STAFF_ROLES, Role.COUNCIL)
def response_page(consultee_id: int):
    """One consultee's latest submitted version, what changed since the one before, and its history."""
    consultation, invitation, response, version = _version_or_404(consultee_id)
    versions = response.versions if response else []
    number = version.number if version else None
    snapshot = version.snapshot if version else None
    previous = next((v for v in versions if v.number == number - 1), None) if version else None
    changes = diff_snapshots(previous.snapshot if previous else None, snapshot) if snapshot else []
    return render_template("responses/staff_response.html", consultation=consultation, invitation=invitation,
                           response=response, version=version, snapshot=snapshot, changes=changes,
                           has_previous=previous is not None, text_diff=text_diff, redactions=_redactions(response),
                           reading=_reading(snapshot), bases=BASES)


#: Each legal basis for withholding, by key, as the pages name it
BASES = {key: label for key, (_, _, label) in REDACTION_BASES.items()}


def _redactions(response) -> list[Redaction]:
    """What of the response is withheld from the public, in the order it was withheld."""
    if response is None:
        return []
    return list(db.session.scalars(db.select(Redaction).where(Redaction.response_id == response.id)
                                   .order_by(Redaction.id)))


@staff_bp.get("/responses/<int:consultee_id>/attachments/<int:attachment_id>")
@roles_required(*STAFF_ROLES, Role.COUNCIL)
def response_attachment(consultee_id: int, attachment_id: int):
    """A file a consultee sent with its response, as those who read the response read it."""
    _, invitation, _, _ = _version_or_404(consultee_id)
    item = attachments.get_or_404(invitation, attachment_id)
    return attachments.download(item)


@staff_bp.get("/responses/<int:consultee_id>/translation")
@roles_required(*STAFF_ROLES, Role.COUNCIL)
def translated_response(consultee_id: int):
    """A submitted version in the other written standard, machine translated (at most MAX_CHARS of it)."""
    consultation, invitation, response, version = _version_or_404(consultee_id)
    if version is None:
        abort(404)
    snapshot = version.snapshot
    if not translation.available(snapshot):
        abort(404)
    return render_template("responses/translated_response.html", consultation=consultation, invitation=invitation,
                           version=version, snapshot=snapshot, read=translation.translate_response(snapshot),
                           max_chars=translation.MAX_CHARS, response=response, redactions=_redactions(response),
                           bases=BASES)


def _version_or_404(consultee_id: int):
    """The round in the user's region, the invitation, its response and the version asked for (?versjon=)."""
    consultation = current_round()
    invitation = next((i for i in consultation.invitations if i.consultee_id == consultee_id), None)
    if invitation is None:
        abort(404)
    response = submission.response_for(invitation)
    versions = response.versions if response else []
    number = request.args.get("versjon", type=int) or (versions[-1].number if versions else None)
    return consultation, invitation, response, next((v for v in versions if v.number == number), None)


def _reading(snapshot: Snapshot | None) -> dict | None:
    """The offer to read the response in the other written standard (None without a version)."""
    if snapshot is None:
        return None
    return {"available": translation.available(snapshot), "target": translation.target_standard(snapshot)}


@staff_bp.get("/audit")
@roles_required(*STAFF_ROLES)
def audit_page():
    """Every recorded change in the round: who, when, what, before and after."""
    from app import audit

    consultation = current_round()
    return render_template("responses/audit.html", consultation=consultation, events=audit.events_for(consultation),
                           audit_action=audit.action_label, audit_changes=audit.shown_changes,
                           audit_actor=audit.shown_actor)
