from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.access import roles_required
from app.commits import confirm_then, save_form
from app.consultees import services as consultees
from app.forms import conflicting_fields
from app.meetings import bp, services
from app.meetings.forms import expected_version, form_data, meeting_form_class, notes_from
from app.models import STAFF_ROLES, Role, Status
from app.round import current_round
from app.timeutil import format_long_date, utcnow

READERS = (*STAFF_ROLES, Role.COUNCIL)


@bp.get("/meetings")
@roles_required(*READERS)
def index():
    """The round's dialogue meetings with their minutes."""
    consultation = current_round()
    return render_template("meetings/index.html", consultation=consultation)


@bp.route("/meetings/new", methods=["GET", "POST"])
@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def edit(meeting_id: int | None = None):
    """Record a meeting, or change one: date, arena, place, description, who took part and notes under each question."""
    consultation = current_round()
    meeting = services.get_or_404(consultation, meeting_id) if meeting_id else None
    if consultation.status is Status.PUBLISHED:  # the form would only be refused on saving
        flash(_("Høringen er publisert; referatene kan ikke endres."), "info")
        return redirect(url_for(".index"))
    register = consultees.list_consultees(current_user.region, include_archived=True)
    form_class = meeting_form_class(consultation, register)
    form = form_class(data=form_data(meeting)) if meeting and request.method == "GET" else form_class()
    conflicts = None
    if form.validate_on_submit():
        if save_form(form, lambda: _save(consultation, meeting, form, register), _("Referatet er lagret.")):
            return redirect(url_for(".index"))
        if meeting is not None and form.version.data != str(meeting.version):  # saved elsewhere meanwhile
            conflicts = conflicting_fields(form, form_data(meeting))
            form.version.data = str(meeting.version)  # saving again is now a deliberate choice
    page = render_template("meetings/form.html", consultation=consultation, meeting=meeting, form=form,
                           conflicts=conflicts)
    return page, 409 if conflicts is not None else 200


@bp.route("/meetings/<int:meeting_id>/delete", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def delete(meeting_id: int):
    """Delete a meeting, its minutes and the comments the analysis took from them (GET asks first)."""
    consultation = current_round()
    meeting = services.get_or_404(consultation, meeting_id)
    back = url_for(".index")
    text = _("Møtet «%(arena)s» %(date)s slettes med referatet og innspillene analysen har hentet fra det. "
             "Dette kan ikke angres.", arena=meeting.arena, date=format_long_date(meeting.held_on))
    return confirm_then(consultation, lambda: services.delete_meeting(consultation, meeting),
                        title=_("Slette møtet"), text=text, done=_("Møtet er slettet."), back_url=back, next_url=back)


def _save(consultation, meeting, form, register):
    consultee = next((c for c in register if c.id == form.consultee_id.data), None)
    return services.save_meeting(consultation, meeting, consultee=consultee, held_on=form.held_on.data,
                                 arena=form.arena.data, place=form.place.data or "",
                                 description=form.description.data or "",
                                 attendees=form.attendees.data or "", notes=notes_from(form, consultation),
                                 user=current_user, now=utcnow(), expected_version=expected_version(form))
