"""The analysis as a kind of background run (see app.runs): who may start it, its page and its command."""
from __future__ import annotations

import logging
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app import runs
from app.analysis import review, services
from app.consultees.names import document_name
from app.extensions import db
from app.models import STAFF_ROLES, AnalysisRun, CommentUnit, Consultation, ResponseStatus


def _check(consultation, now, **_options) -> dict:
    """A published round keeps the analysis it was published with (its public summary is a record)."""
    review.require_unpublished(consultation.id)
    return {}


ANALYSIS = runs.declare(runs.RunKind(
    name="analysis", model=AnalysisRun, work=services.execute, roles=STAFF_ROLES,
    busy=_l("Analysen av denne høringen kjører allerede. Vent til den er ferdig."),
    stale_after=timedelta(hours=1), stale_reason="Avbrutt: analysen svarte ikke på over en time.",
    started=_l("Analysen er startet."), page="round.analysis.show",
    status_rule="/analysis/status", status_endpoint="status",
    start_rule="/analysis/start", start_endpoint="start",
    command="analysis run", command_help="Analyse a round now, printing progress; exits non-zero on failure.",
    done=lambda run: f"Done: {run.summary}", log=logging.getLogger("app.analysis"), check=_check))

start, latest_run, run_job = ANALYSIS.start, ANALYSIS.latest, ANALYSIS.execute


def not_in_analysis(consultation: Consultation) -> list[str] | None:
    """Who sent an answer, or which meeting's minutes changed, after the latest finished analysis read the
    round: what its themes and summary leave out. None when no analysis has finished."""
    run = ANALYSIS.latest_done(consultation)
    if run is None:
        return None
    read_at = run.started_at or run.created_at
    answers = [document_name(r.consultee, consultation.language.value) for r in consultation.responses
               if r.status is ResponseStatus.SUBMITTED and r.latest_version is not None
               and r.latest_version.submitted_at > read_at]
    return sorted(answers) + [m.arena for m in consultation.meetings if m.updated_at > read_at]


def checked_since_analysis(consultation: Consultation) -> int:
    """How many comments a person confirmed or moved after the latest finished analysis read the round:
    the examples the next run learns from when it places the others again (``nlp.head``). 0 when no
    analysis has finished."""
    run = ANALYSIS.latest_done(consultation)
    if run is None:
        return 0
    return db.session.scalar(select(func.count()).select_from(CommentUnit).where(
        CommentUnit.consultation_id == consultation.id, CommentUnit.is_confirmed.is_(True),
        CommentUnit.corrected_at > (run.started_at or run.created_at))) or 0
