"""Where a round stands for the report's status box: who has not answered, what may still come."""
from __future__ import annotations

from datetime import datetime

from app.consultees.names import document_name
from app.invitations.deadlines import extended
from app.models import Consultation, Status
from app.reports.data import RoundStatus, ThemeReport
from app.reports.summary import status_lines
from app.timeutil import format_long_date, to_local

OPEN_STATES = (Status.DRAFT, Status.OPEN)


def round_status(consultation: Consultation, responses, themes: list[ThemeReport], language: str,
                 now: datetime, analysed: bool = True) -> RoundStatus:
    """The status at `now`: provisional while the round is open, since answers may still come.

    While it is open, the status names the invited consultees without a submitted response whose own
    deadline (moved by a granted extension) is still ahead, or whose request for one awaits an answer.
    A closed round takes no answer (`submission.window`), whatever an extension said: its report is
    final, and no extension is said to run.
    """
    answered = {r.consultee_id for r in responses}
    waiting = sorted((i for i in consultation.invitations if not i.consultee.is_public and i.consultee_id not in answered),
                     key=lambda i: i.consultee.name)
    is_open = consultation.status in OPEN_STATES
    extensions = tuple((document_name(i.consultee, language), to_local(i.deadline_at).date())
                       for i in waiting if extended(i, now)) if is_open else ()
    requested = tuple(document_name(i.consultee, language) for i in waiting
                      if i.pending_extension is not None) if is_open else ()
    late = tuple(document_name(r.consultee, language) for r in responses if r.latest_version.snapshot.is_late)
    provisional = is_open
    not_answered = tuple(document_name(i.consultee, language) for i in waiting)
    unassessed = sum(1 for t in themes if not t.assessment)
    lines = status_lines(language=language, is_open=is_open, not_answered=not_answered,
                         extensions=[(name, format_long_date(day, language)) for name, day in extensions], requested=requested, late=late, unassessed=unassessed,
                         themes=len(themes), analysed=analysed, final=consultation.status is Status.PUBLISHED,
                         invited=any(not i.consultee.is_public for i in consultation.invitations))
    return RoundStatus(is_provisional=provisional, lines=lines, not_answered=not_answered, extensions=extensions,
                        late=late, unassessed=unassessed, themes=len(themes))

