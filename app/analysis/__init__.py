from flask import Blueprint

bp = Blueprint("analysis", __name__, url_prefix="/consultations")

from app.analysis import routes  # noqa: E402,F401
