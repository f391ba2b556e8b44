from flask import Blueprint

bp = Blueprint("invitations", __name__)  # nested in the round blueprint (app.blueprints)

# scheduled declares the worker's periodic task, so any app that is built (the worker's too) has it.
from app.invitations import routes, scheduled  # noqa: E402,F401
