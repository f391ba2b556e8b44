from flask import Blueprint

bp = Blueprint("analysis", __name__)  # nested in the round blueprint (app.blueprints)

from app.analysis import review_routes, routes  # noqa: E402,F401
