from flask import Blueprint

bp = Blueprint("consultees", __name__, url_prefix="/consultees")

from app.consultees import routes  # noqa: E402,F401
