"""The blueprint tree, put together once at import: the round's staff pages hang in the round blueprint.

    main  auth  admin  consultees       /, /login, /admin, /consultees
    consultations                       /consultations/ (the list, a new round)
    round                               /consultations/<slug> (the round's own pages; old paths' 308s)
      ├─ invitations  meetings          …/invitations (…/invitations/extensions/<id>), …/meetings
      ├─ responses                      …/responses, …/responses/<consultee_id>/form (answering on its behalf)
      ├─ publication                    …/responses/<consultee_id>/redactions, …/redactions (withholding text)
      ├─ analysis                       …/analysis
      └─ reports                        …/report, …/archive, …/overview
    responses                           /svar/<token>, /mine (the consultee's pages)
    public                              /horing (published rounds)
"""
from __future__ import annotations

from flask import Blueprint

from app.admin import bp as admin_bp
from app.analysis import bp as analysis_bp
from app.auth import bp as auth_bp
from app.consultations import bp as consultations_bp
from app.consultees import bp as consultees_bp
from app.invitations import bp as invitations_bp
from app.main import bp as main_bp
from app.meetings import bp as meetings_bp
from app.publication import bp as public_bp
from app.publication import staff_bp as publication_bp
from app.reports.routes import bp as reports_bp
from app.responses import bp as responses_bp
from app.responses import staff_bp as staff_responses_bp
from app.round import bp as round_bp

for child in (invitations_bp, meetings_bp, staff_responses_bp, publication_bp, analysis_bp, reports_bp):
    round_bp.register_blueprint(child)

#: What the app registers, in order
BLUEPRINTS: tuple[Blueprint, ...] = (main_bp, auth_bp, admin_bp, consultees_bp, consultations_bp, round_bp,
                                     responses_bp, public_bp)
