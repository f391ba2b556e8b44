"""Reaching a round as a consultee: by invitation link or by account."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import abort, current_app
from sqlalchemy import select

from app.extensions import db
from app.invitations import services as invitations
from app.models import Consultation, Invitation, Status, User

#: Rounds a consultee can see through its link or its account
VISIBLE_TO_CONSULTEES = (Status.OPEN, Status.CLOSED, Status.REPORTED, Status.PUBLISHED)


class RoundEnded(Exception):
    """The link is the consultee's own, but its round has closed (and LINK_DAYS_AFTER_CLOSE has passed):
    the page says so instead of a bare «not found» (portal.py)."""

    def __init__(self, invitation: Invitation) -> None:
        super().__init__(invitation.consultation.slug)
        self.invitation = invitation


class ConsulteeArchived(Exception):
    """The link is the consultee's own, but the consultee has been archived: its access to the round is closed
    and the page says so, that its draft is kept and whom to ask (portal.py), instead of a bare «not found».
    Only a working link of a round consultees can see gets this; anything else is a plain 404."""

    def __init__(self, invitation: Invitation) -> None:
        super().__init__(invitation.consultation.slug)
        self.invitation = invitation


def open_by_token(token: str, now: datetime) -> Invitation:
    """The invitation behind a link, marked as opened; 404 for unknown, revoked or expired links;
    ConsulteeArchived for the link of a consultee that has been archived, RoundEnded for a closed round's link."""
    invitation = invitations.find_by_token(token)
    if invitation is None:
        abort(404)
    if invitation.consultee.is_archived:
        if invitation.consultation.status in VISIBLE_TO_CONSULTEES:
            raise ConsulteeArchived(invitation)
        abort(404)
    if not link_is_valid(invitation.consultation, now):
        if invitation.consultation.status in VISIBLE_TO_CONSULTEES:
            raise RoundEnded(invitation)
        abort(404)
    invitation.mark_opened(now)
    db.session.flush()
    return invitation


def link_is_valid(consultation: Consultation, now: datetime) -> bool:
    """Links work while the round is open, and LINK_DAYS_AFTER_CLOSE days after it closed."""
    if consultation.status is Status.OPEN:
        return True
    grace = timedelta(days=current_app.config.get("LINK_DAYS_AFTER_CLOSE", 0))
    return (consultation.status in VISIBLE_TO_CONSULTEES and consultation.closed_at is not None
            and now < consultation.closed_at + grace)


def invitations_for(user: User) -> list[Invitation]:
    """The rounds a consultee user's organisation is invited to, newest deadline first."""
    query = (select(Invitation).join(Invitation.consultation)
             .where(Invitation.consultee_id == user.consultee_id,
                    Consultation.status.in_(VISIBLE_TO_CONSULTEES))
             .order_by(Consultation.deadline_at.desc()))
    return list(db.session.scalars(query))


def invitation_for_user_or_404(user: User, slug: str) -> Invitation:
    """The user's organisation's invitation to the round `slug`; 404 when there is none."""
    for invitation in invitations_for(user):
        if invitation.consultation.slug == slug:
            return invitation
    abort(404)
