from datetime import time

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from app.auth.access import roles_required
from app.commits import press_button, save_form
from app.consultees import services as consultees
from app.extensions import db
from app.forms import choices, posted_text
from app.invitations import bp, deadlines, services
from app.invitations.forms import DeadlineOverrideForm, InviteForm
from app.models import STAFF_ROLES, ExtensionRequest
from app.round import current_round
from app.timeutil import local_to_utc, to_local, utcnow


@bp.route("/invitations", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def index():
    """Who is invited, and the register to pick more from."""
    consultation = current_round()
    invited_ids = {i.consultee_id for i in consultation.invitations}
    available = [c for c in consultees.list_consultees(current_user.region) if c.id not in invited_ids]
    form = InviteForm()
    form.consultees.choices = choices((c.id, c.name) for c in available)
    if form.validate_on_submit() and save_form(
            form, lambda: services.invite(consultation, _chosen(form), now=utcnow()),
            lambda added: ngettext("%(num)s høringsinstans er invitert.", "%(num)s høringsinstanser er invitert.", len(added))):
        return redirect(url_for(".index"))
    invitations = sorted(consultation.invitations, key=lambda i: i.consultee.name)
    return render_template("invitations/index.html", consultation=consultation, form=form,
                           invitations=invitations, started=consultation.has_started(utcnow()),
                           preview=services.invitation_preview(consultation))


#: What asking first says before a link stops working (GET shows it; the page's button POSTs)
CONFIRMATIONS = {
    "resend": (_l("Sende ny lenke"), _l("%(name)s får en ny lenke på e-post. Den gamle lenken slutter å virke straks.")),
    "revoke": (_l("Sperre lenken"), _l("Lenken til %(name)s slutter å virke straks. Et lagret utkast blir liggende; "
                                       "send en ny lenke for å slippe dem til igjen.")),
    "remove": (_l("Fjerne høringsinstansen"), _l("%(name)s fjernes fra høringen. Invitasjonen er ikke sendt ennå.")),
}


@bp.route("/invitations/<int:invitation_id>/<any(resend, remove, revoke):action>", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def change(invitation_id: int, action: str):
    """Send an invitation again with a new link, block its link, or remove one not yet sent (GET asks first)."""
    consultation = current_round()
    invitation = services.get_or_404(consultation, invitation_id)
    name = invitation.consultee.name
    if request.method == "GET":
        refusal = services.link_change_refusal(invitation, action)
        if refusal:  # said before asking, not after confirming
            flash(refusal, "error")
            return redirect(url_for(".index"))
        title, text = CONFIRMATIONS[action]
        return render_template("consultations/confirm.html", consultation=consultation, title=title,
                               text=str(text) % {"name": name}, action_url=request.path, action=action,
                               cancel_url=url_for(".index"))
    if action == "resend":
        press_button(lambda: services.resend(invitation, now=utcnow()), _("Ny lenke er sendt til %(name)s.", name=name))
    elif action == "revoke":
        press_button(lambda: services.revoke_link(invitation), _("Lenken til %(name)s er sperret.", name=name))
    else:
        press_button(lambda: services.uninvite(invitation), _("%(name)s er fjernet fra høringen.", name=name))
    return redirect(url_for(".index"))


@bp.route("/invitations/<int:invitation_id>/deadline", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def deadline(invitation_id: int):
    """Give one consultee its own deadline."""
    consultation = current_round()
    invitation = services.get_or_404(consultation, invitation_id)
    form = DeadlineOverrideForm(data=_deadline_data(invitation)) if request.method == "GET" else DeadlineOverrideForm()
    if form.validate_on_submit() and save_form(
            form, lambda: services.set_deadline_override(invitation, _override(form), utcnow()),
            lambda told: (_("Fristen for %(name)s er lagret, og de har fått e-post om den.", name=invitation.consultee.name)
                          if told else _("Fristen for %(name)s er lagret.", name=invitation.consultee.name))):
        return redirect(url_for(".index"))
    return render_template("invitations/deadline.html", consultation=consultation, invitation=invitation, form=form)


@bp.post("/invitations/extensions/<int:request_id>/<any(grant, decline):decision>")
@roles_required(*STAFF_ROLES)
def decide_extension(request_id: int, decision: str):
    """Grant or decline a consultee's request for a later deadline."""
    consultation = current_round()
    item = db.session.get(ExtensionRequest, request_id)
    if item is None or item.invitation.consultation_id != consultation.id:
        abort(404)
    granted = decision == "grant"
    press_button(lambda: deadlines.decide_extension(item, granted=granted, answer=posted_text("answer"),
                                                     by_id=current_user.id, now=utcnow()),
                 (_("Utsatt frist for %(name)s er innvilget.", name=item.invitation.consultee.name) if granted
                  else _("Utsatt frist for %(name)s er avslått.", name=item.invitation.consultee.name)))
    return redirect(url_for("round.responses.dashboard_page", vis="extension"))


def _chosen(form: InviteForm) -> list:
    return [consultees.get_or_404(current_user.region, cid) for cid in form.consultees.data]


def _override(form: DeadlineOverrideForm):
    if not form.deadline_on.data:
        return None
    return local_to_utc(form.deadline_on.data, form.deadline_time.data or time(23, 59))


def _deadline_data(invitation) -> dict:
    if invitation.deadline_override_at is None:
        return {}
    local = to_local(invitation.deadline_override_at)
    return {"deadline_on": local.date(), "deadline_time": local.time().replace(tzinfo=None)}
