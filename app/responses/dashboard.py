"""The secretariat's view of what has come in for a round."""
from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.models import Consultation, Invitation, Response, ResponseStatus


class RowState(enum.Enum):
    INVITED = "invited"
    OPENED = "opened"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    LATE = "late"

    @property
    def label(self) -> str:
        return {"invited": _l("Invitert"), "opened": _l("Åpnet"), "draft": _l("Utkast"), "submitted": _l("Sendt inn"),
                "late": _l("Sendt etter fristen")}[self.value]


@dataclass(frozen=True)
class Row:
    invitation: Invitation
    response: Response | None
    state: RowState
    #: An extension request waits for the secretariat's answer
    extension_asked: bool


@dataclass(frozen=True)
class Dashboard:
    #: The invited consultees
    rows: list[Row]
    counts: Counter
    #: People and organisations that signed up to an open round
    public_rows: list[Row]

    def filtered(self, wanted: str | None) -> list[Row]:
        if not wanted:
            return self.rows
        if wanted == "extension":  # a person who signed up may ask for more time too
            return [r for r in self.rows + self.public_rows if r.extension_asked]
        return [r for r in self.rows if r.state.value == wanted]


def build(consultation: Consultation, now: datetime) -> Dashboard:
    """One row per invited consultee, with counts per state for the filters."""
    responses = {r.consultee_id: r for r in db.session.scalars(
        select(Response).where(Response.consultation_id == consultation.id))}
    rows, public_rows = [], []
    for invitation in sorted(consultation.invitations, key=lambda i: i.consultee.name):
        response = responses.get(invitation.consultee_id)
        row = Row(invitation, response, _state(invitation, response), invitation.pending_extension is not None)
        (public_rows if invitation.consultee.is_public else rows).append(row)
    counts = Counter(row.state.value for row in rows)
    counts["extension"] = sum(row.extension_asked for row in rows + public_rows)
    counts["all"] = len(rows)
    return Dashboard(rows, counts, public_rows)


def _state(invitation: Invitation, response: Response | None) -> RowState:
    if response is not None and response.status is ResponseStatus.SUBMITTED:
        return RowState.LATE if response.is_late else RowState.SUBMITTED
    if response is not None:
        return RowState.DRAFT
    return RowState.OPENED if invitation.opened_at else RowState.INVITED
