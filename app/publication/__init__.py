from flask import Blueprint

#: Published rounds, for everyone
bp = Blueprint("public", __name__, url_prefix="/horing")
#: The secretariat's withholding of text from publication, nested in the round blueprint (app.blueprints)
staff_bp = Blueprint("publication", __name__)

from app.publication import routes, staff_routes  # noqa: E402,F401
