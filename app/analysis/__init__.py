from flask import Blueprint

bp = Blueprint("analysis", __name__, url_prefix="/consultations")

from app.analysis import review_routes, routes  # noqa: E402,F401
