"""A round's staff pages: one blueprint at /consultations/<slug>, with the areas' blueprints nested in it.

The round is loaded once, in the user's region, before any of its views (Indico's RH._process_args, in
Flask): first the view's declared roles are checked (anonymous → the login page, another role → 403),
then the round is found or the request ends in 404. Views read it with `current_round()`, and `url_for`
to a round page fills in the slug of the round being shown.
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, g, request
from flask_login import current_user

from app.auth.access import declared_roles, refusal
from app.extensions import db
from app.models import Consultation, Region

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
