from flask import Blueprint

bp = Blueprint("consultations", __name__, url_prefix="/consultations")

from app.consultations import routes, structure_routes  # noqa: E402,F401
