from flask import render_template
from sqlalchemy import func, select

from app import run_views, runs
from app.analysis import bp, jobs, overview
from app.auth.access import roles_required
from app.extensions import db
from app.models import CommentUnit, Theme
from app.round import current_round
from app.timeutil import utcnow


@bp.get("/analysis")
@roles_required(*jobs.ANALYSIS.roles)
def show():
    """The latest run with its progress, and what the analysis found per focus area."""
    consultation = current_round()
    run = jobs.latest_run(consultation)
    themes = list(db.session.scalars(select(Theme).where(Theme.consultation_id == consultation.id)
                                     .order_by(Theme.position)))
    counts = dict(db.session.execute(select(CommentUnit.theme_id, func.count(CommentUnit.id))
                                     .where(CommentUnit.consultation_id == consultation.id)
                                     .group_by(CommentUnit.theme_id)).all())
    return render_template("analysis/show.html", consultation=consultation, run=run, themes=themes, counts=counts,
                           quotes=overview.build(consultation).quotes, state=runs.status(run, utcnow()),
                           checked_since=jobs.checked_since_analysis(consultation))


run_views.add_routes(bp, jobs.ANALYSIS)
