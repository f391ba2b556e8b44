"""A round's staff pages: one blueprint at /consultations/<slug>, with the areas' blueprints nested in it.

The round is loaded once, in the user's region, before any of its views (Indico's RH._process_args, in
Flask): first the view's declared roles are checked (anonymous → the login page, another role → 403),
then the round is found or the request ends in 404. Views read it with `current_round()`, and `url_for`
to a round page fills in the slug of the round being shown. Staff paths that moved redirect here (MOVED).
"""
from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, current_app, g, redirect, request, url_for
from flask_login import current_user

from app.auth.access import declared_roles, refusal, roles_required
from app.extensions import csrf, db
from app.models import STAFF_ROLES, Consultation, Region

bp = Blueprint("round", __name__, url_prefix="/consultations/<slug>")


@bp.url_value_preprocessor
def take_slug(endpoint: str | None, values: dict | None) -> None:
    """Keep the slug for load_round; the views do not take it."""
    g.round_slug = values.pop("slug") if values else None


@bp.before_request
def load_round():
    """Refuse who the view refuses, then load the round of the user's region into g.consultation (or 404)."""
    roles = declared_roles(current_app.view_functions[request.endpoint])
    refused = refusal(roles if isinstance(roles, frozenset) else frozenset())
    if refused is not None:
        return refused
    g.consultation = get_by_slug_or_404(current_user.region, g.round_slug)
    return None


@bp.url_defaults
def add_slug(endpoint: str, values: dict) -> None:
    """Within a round's page, links to the round's pages need not name it."""
    if "consultation" in g:
        values.setdefault("slug", g.consultation.slug)


def get_by_slug_or_404(region: Region, slug: str) -> Consultation:
    """The round with this slug in `region`; 404 for a round of another region, as for none."""
    consultation = db.session.scalar(db.select(Consultation).where(Consultation.slug == slug))
    if consultation is None or consultation.region_id != region.id:
        abort(404)
    return consultation


def current_round() -> Consultation:
    """The round of the request's round page, loaded by load_round."""
    return g.consultation


#: Staff paths that moved, old rule (under /consultations/<slug>) → the endpoint that serves it now. Each old
#: path answers 308 Permanent Redirect to the new one (method, body and query string kept, so a form posted
#: from a page opened before the move still lands), refused first as its target is: the same roles, and a
#: round of another region or none is not found (README, "URL rule").
MOVED = (
    ("/svar/<int:consultee_id>", "responses.respond_by_staff"),
    ("/svar/<int:consultee_id>/autosave", "responses.autosave_by_staff"),
    ("/svar/<int:consultee_id>/import", "responses.word_import_by_staff"),
    ("/svar/<int:consultee_id>/kvittering/<int:number>", "responses.receipt_by_staff"),
    ("/svar/<int:consultee_id>/kvittering/<int:number>.docx", "responses.receipt_docx_by_staff"),
    ("/svar/<int:consultee_id>/utkast.docx", "responses.draft_by_staff"),
    ("/svar/<int:consultee_id>/utsatt-frist", "responses.extension_by_staff"),
    ("/svar/<int:consultee_id>/vedlegg", "responses.upload_by_staff"),
    ("/svar/<int:consultee_id>/vedlegg/<int:attachment_id>", "responses.attachment_by_staff"),
    ("/svar/<int:consultee_id>/vedlegg/<int:attachment_id>/slett", "responses.delete_attachment_by_staff"),
    ("/extensions/<int:request_id>/<any(grant, decline):decision>", "invitations.decide_extension"),
)
#: Who may follow the old paths: their targets' roles (tests/app/test_access.py checks they stay the same)
MOVED_ROLES = STAFF_ROLES


def moved_endpoint(target: str) -> str:
    """The redirect's endpoint in this blueprint, e.g. moved_respond_by_staff."""
    return "moved_" + target.rpartition(".")[2]


def _redirect_to(target: str) -> Callable:
    def view(**values):
        location = url_for(f"round.{target}", **values)
        if request.query_string:
            location += "?" + request.query_string.decode("latin-1")
        return redirect(location, 308)

    view.__name__ = moved_endpoint(target)
    view.__doc__ = f"The old path of round.{target}: 308 Permanent Redirect to it."
    # The body is not read here: the target checks the CSRF token and takes the files
    return csrf.exempt(roles_required(*MOVED_ROLES)(view))


for _old, _target in MOVED:
    bp.add_url_rule(_old, moved_endpoint(_target), _redirect_to(_target), methods=("GET", "POST"))
