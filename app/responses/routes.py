from flask import render_template
from flask_login import current_user

from app.auth.access import roles_required
from app.models import Role
from app.responses import access, bp, confirmation, form_actions, pages, staff_routes, submission  # noqa: F401  (they register routes)


@bp.get("/mine")
@roles_required(Role.CONSULTEE)
def mine():
    """The rounds the signed-in user's organisation is invited to, and where its answer to each stands."""
    invitations = access.invitations_for(current_user)
    unsent = {i.id for i in invitations if (r := submission.response_for(i)) is not None and r.has_unsubmitted_changes}
    return render_template("responses/mine.html", invitations=invitations, unsent=unsent)


