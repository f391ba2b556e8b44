from flask import render_template
from sqlalchemy import func, select

from app import run_views, runs
from app.analysis import bp, jobs
from app.auth.access import roles_required
from app.consultations.round import current_round
from app.extensions import db
from app.models import STAFF_ROLES, CommentUnit, Role, Theme
from app.timeutil import to_local, utcnow


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
                           state=runs.status(run, utcnow()))


@bp.get("/overview")
@roles_required(*STAFF_ROLES, Role.COUNCIL)
def council_overview():
    """For the council: the main findings and the support per focus area first, then the themes and the matrix."""
    from app.analysis import overview
    from app.reports.docx_writer import page_words
    from app.reports.services import collect

    consultation = current_round()
    findings = collect(consultation, to_local(utcnow()).date())
    return render_template("analysis/overview.html", consultation=consultation, overview=overview.build(consultation),
                           findings=findings, words=page_words(findings))


run_views.add_routes(bp, jobs.ANALYSIS)
