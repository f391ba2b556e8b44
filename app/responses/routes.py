from flask import render_template
from flask_login import current_user

from app.auth.access import roles_required
from app.models import Role
from app.responses import access, bp, confirmation, form_actions, pages, staff_routes  # noqa: F401  (they register routes)


@bp.get("/mine")
@roles_required(Role.CONSULTEE)
def mine():
    """The rounds the signed-in user's organisation is invited to."""
    return render_template("responses/mine.html", invitations=access.invitations_for(current_user))


