"""The secretariat's part of publication: withholding passages and attachments of a response from the public."""
from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.access import roles_required
from app.commits import press_button
from app.extensions import db
from app.forms import posted_text
from app.models import STAFF_ROLES, Redaction, Response, Status
from app.publication import redaction, services, staff_bp
from app.responses import submission
from app.round import current_round
from app.timeutil import to_local, utcnow


@staff_bp.post("/responses/<int:consultee_id>/redactions")
@roles_required(*STAFF_ROLES)
def redact(consultee_id: int):
    """Withhold a passage (or an attachment) of a response from publication, with a reason."""
    consultation = current_round()
    response = _response_or_404(consultation, consultee_id)
    reason, attachment_id = posted_text("reason"), request.form.get("attachment_id", type=int)
    basis = request.form.get("basis", "personal")
    if attachment_id:
        item = next((a for a in response.attachments if a.id == attachment_id), None)
        if item is None:
            abort(404)
        done = press_button(lambda: redaction.withhold_attachment(response, item, reason, current_user, utcnow(),
                                                                  basis=basis),
                            _("%(filename)s er unntatt offentlighet.", filename=item.filename))
    else:
        done = press_button(lambda: redaction.add_passage(response, posted_text("passage")[:redaction.MAX_PASSAGE + 1],
                                                          reason, current_user, utcnow(), basis=basis),
                            _("Teksten er unntatt offentlighet."))
    if consultation.status is Status.PUBLISHED and done:
        _still_public(consultation)
    return redirect(url_for("round.responses.response_page", consultee_id=consultee_id, _anchor="unntak"))


@staff_bp.post("/redactions/<int:redaction_id>/remove")
@roles_required(*STAFF_ROLES)
def remove_redaction(redaction_id: int):
    """Publish a withheld passage after all."""
    consultation = current_round()
    item = db.session.get(Redaction, redaction_id)
    if item is None or item.consultation_id != consultation.id:
        abort(404)
    consultee_id = db.session.get(Response, item.response_id).consultee_id
    press_button(lambda: redaction.remove(item, utcnow()), _("Unntaket er fjernet."))
    return redirect(url_for("round.responses.response_page", consultee_id=consultee_id, _anchor="unntak"))


def _response_or_404(consultation, consultee_id: int):
    invitation = next((i for i in consultation.invitations if i.consultee_id == consultee_id), None)
    response = submission.response_for(invitation) if invitation else None
    if response is None or not response.versions:
        abort(404)
    return response


def _still_public(consultation) -> None:
    """After publication, where withheld words can still be read by the public (an attachment's text):
    said at once, for the secretariat to withhold that too."""
    problems = services.publication_problems(consultation, to_local(utcnow()).date())
    if problems:
        flash(_("Den offentlige siden er oppdatert, men de unntatte ordene står fortsatt her: %(places)s",
                places="; ".join(problems)), "error")
