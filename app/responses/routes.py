from flask import abort, render_template
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.auth.access import public, roles_required
from app.extensions import db, limiter
from app.i18n import use_round_language
from app.models import Consultation, Role, Status
from app.responses import access, bp, confirmation, form_actions, pages, staff_routes  # noqa: F401  (they register routes)
from app.responses.public import SignupForm, sign_up
from app.timeutil import utcnow
from app.views import save_form


@bp.get("/mine")
@roles_required(Role.CONSULTEE)
def mine():
    """The rounds the signed-in user's organisation is invited to."""
    return render_template("responses/mine.html", invitations=access.invitations_for(current_user))


@bp.route("/horing/<slug>/innspill", methods=["GET", "POST"])
@limiter.limit("5 per minute;30 per hour", methods=["POST"])
@public
def public_signup(slug: str):
    """An open round: anyone gives name and e-mail and gets a link to the form by e-mail."""
    consultation = db.session.scalar(select(Consultation).where(Consultation.slug == slug))
    if consultation is None or not consultation.is_open_to_public or consultation.status is not Status.OPEN:
        abort(404)
    use_round_language(consultation.language.value)
    form = SignupForm()
    sent = None
    if form.validate_on_submit() and save_form(
            form, lambda: sign_up(consultation, name=form.name.data, organisation=form.organisation.data or "",
                                  email=form.email.data, now=utcnow()),
            _("Takk for påmeldingen.")):
        sent = form.email.data
    return render_template("responses/public_signup.html", consultation=consultation, form=form, sent=sent)
