from flask import Blueprint

bp = Blueprint("invitations", __name__, url_prefix="/consultations")

from app.invitations import routes  # noqa: E402,F401
