from flask import Blueprint

bp = Blueprint("meetings", __name__)  # nested in the round blueprint (app.blueprints)

from app.meetings import routes  # noqa: E402,F401
