from flask import render_template
from flask_login import current_user

from app.auth.access import public, roles_required
from app.extensions import db
from app.models import Role
from app.responses import bp, services
from app.timeutil import utcnow


@bp.get("/svar/<token>")
@public
def by_token(token: str):
    """The consultee's page for a round, reached through the invitation link."""
    invitation = services.open_by_token(token, now=utcnow())
    db.session.commit()
    return render_template("responses/round.html", invitation=invitation, now=utcnow())


@bp.get("/mine")
@roles_required(Role.CONSULTEE)
def mine():
    """The rounds the signed-in user's organisation is invited to."""
    return render_template("responses/mine.html", invitations=services.invitations_for(current_user))


@bp.get("/mine/<slug>")
@roles_required(Role.CONSULTEE)
def round_for_user(slug: str):
    """The same page as the invitation link, for a signed-in consultee user."""
    invitation = services.invitation_for_user_or_404(current_user, slug)
    invitation.mark_opened(utcnow())
    db.session.commit()
    return render_template("responses/round.html", invitation=invitation, now=utcnow())
