from datetime import time

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.auth.access import roles_required
from app.consultations import services as consultations
from app.consultations.forms import ConfirmForm
from app.consultees import services as consultees
from app.errors import DomainError
from app.extensions import db
from app.forms import apply_domain_error, choices
from app.invitations import bp, services
from app.invitations.forms import DeadlineOverrideForm, InviteForm
from app.models import STAFF_ROLES
from app.timeutil import local_to_utc, to_local, utcnow


@bp.route("/<slug>/invitations", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def index(slug: str):
    """Who is invited, and the register to pick more from."""
    consultation = consultations.get_by_slug_or_404(current_user.region, slug)
    invited_ids = {i.consultee_id for i in consultation.invitations}
    available = [c for c in consultees.list_consultees(current_user.region) if c.id not in invited_ids]
    form = InviteForm()
    form.consultees.choices = choices((c.id, c.name) for c in available)
    if form.validate_on_submit():
        chosen = [consultees.get_or_404(current_user.region, cid) for cid in form.consultees.data]
        try:
            added = services.invite(consultation, chosen, now=utcnow())
        except DomainError as error:
            db.session.rollback()
            apply_domain_error(form, error)
        else:
            db.session.commit()
            flash(f"{len(added)} høringsinstanser er invitert.", "success")
            return redirect(url_for(".index", slug=slug))
    invitations = sorted(consultation.invitations, key=lambda i: i.consultee.name)
    return render_template("invitations/index.html", consultation=consultation, form=form,
                           invitations=invitations, confirm=ConfirmForm())


@bp.post("/<slug>/invitations/<int:invitation_id>/<any(resend, remove):action>")
@roles_required(*STAFF_ROLES)
def change(slug: str, invitation_id: int, action: str):
    """Send an invitation again with a new link, or remove one not yet sent."""
    consultation = consultations.get_by_slug_or_404(current_user.region, slug)
    invitation = services.get_or_404(consultation, invitation_id)
    name = invitation.consultee.name
    if not ConfirmForm().validate_on_submit():
        flash("Skjemaet var utløpt. Prøv igjen.", "error")
        return redirect(url_for(".index", slug=slug))
    try:
        if action == "resend":
            services.resend(invitation, now=utcnow())
        else:
            services.uninvite(invitation)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(f"Ny lenke er sendt til {name}." if action == "resend" else f"{name} er fjernet fra høringen.", "success")
    return redirect(url_for(".index", slug=slug))


@bp.route("/<slug>/invitations/<int:invitation_id>/deadline", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def deadline(slug: str, invitation_id: int):
    """Give one consultee its own deadline."""
    consultation = consultations.get_by_slug_or_404(current_user.region, slug)
    invitation = services.get_or_404(consultation, invitation_id)
    form = DeadlineOverrideForm(data=_deadline_data(invitation)) if request.method == "GET" else DeadlineOverrideForm()
    if form.validate_on_submit():
        when = local_to_utc(form.deadline_on.data, form.deadline_time.data or time(23, 59)) if form.deadline_on.data else None
        try:
            services.set_deadline_override(invitation, when)
        except DomainError as error:
            db.session.rollback()
            apply_domain_error(form, error)
        else:
            db.session.commit()
            flash(f"Fristen for {invitation.consultee.name} er lagret.", "success")
            return redirect(url_for(".index", slug=slug))
    return render_template("invitations/deadline.html", consultation=consultation, invitation=invitation, form=form)


def _deadline_data(invitation) -> dict:
    if invitation.deadline_override_at is None:
        return {}
    local = to_local(invitation.deadline_override_at)
    return {"deadline_on": local.date(), "deadline_time": local.time().replace(tzinfo=None)}
