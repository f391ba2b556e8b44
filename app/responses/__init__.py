from flask import Blueprint

#: The consultee's pages (/svar/<token>, /mine)
bp = Blueprint("responses", __name__)
#: The secretariat's pages of a round's responses, nested in the round blueprint (app.blueprints)
staff_bp = Blueprint("responses", __name__)

from app.responses.kinds import kind_of  # noqa: E402

#: `answer_kind(question or kind)` in templates: the kind class, whose `template` shows it
bp.add_app_template_global(kind_of, "answer_kind")

from app.responses import routes  # noqa: E402,F401
from app.responses.confirmation import answer_groups  # noqa: E402

#: `answer_groups(snapshot)` in templates: the answers by question, a ranking's in rank order
bp.add_app_template_global(answer_groups, "answer_groups")
