"""Carrying out an analysis run with its progress visible, wherever it runs (worker or CLI)."""
from __future__ import annotations

import logging
from collections.abc import Callable

from app import runs
from app.analysis import services
from app.models import STEP_LABELS, AnalysisRun

log = logging.getLogger("app.analysis")


def run_job(run_id: int, echo: Callable[[int, str], None] | None = None) -> AnalysisRun:
    """Execute queued run `run_id`: progress is committed as it goes; results in one final commit.

    On failure the run records the reason and the previous results stay in place.
    """
    return runs.execute(AnalysisRun, run_id, _analyse, action="analysis", log=log, echo=echo,
                        label=lambda step: str(STEP_LABELS.get(step, step)))


def _analyse(run: AnalysisRun, progress: runs.Progress) -> dict:
    run.summary = services.execute(run, progress)
    return run.summary
