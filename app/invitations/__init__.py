from flask import Blueprint

bp = Blueprint("invitations", __name__)  # nested in the round blueprint (app.blueprints)

from app.invitations import routes  # noqa: E402,F401
