"""The consultee's pages exist twice: behind the invitation link and behind a consultee account."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import abort, url_for
from flask_login import current_user

from app.auth.access import public, roles_required
from app.extensions import csrf
from app.models import STAFF_ROLES, Invitation, Role
from app.responses import access, bp
from app.timeutil import utcnow


@dataclass(frozen=True)
class Portal:
    """How the consultee reached the round, so pages link within the same way in."""

    #: "link" (invitation token), "account" (signed-in consultee user) or "secretariat" (on its behalf)
    via: str
    key: str
    consultee_id: int | None = None

    def url(self, name: str, **values) -> str:
        if self.via == "link":
            return url_for(f"responses.{name}_by_token", token=self.key, **values)
        if self.via == "secretariat":
            return url_for(f"responses.{name}_by_staff", slug=self.key, consultee_id=self.consultee_id, **values)
        return url_for(f"responses.{name}_by_account", slug=self.key, **values)


def portal_route(rule: str, name: str, methods: tuple[str, ...] = ("GET",)) -> Callable:
    """Register `handler(invitation, portal, **values)` under /svar/<token>{rule}, /mine/<slug>{rule}
    and /consultations/<slug>/svar/<consultee_id>{rule}.

    The link is public (the unguessable token is the key); the account route is for consultee
    users and finds only their own organisation's invitation; the third is the secretariat
    answering on a consultee's behalf (e.g. from its adopted Word document). CSRF is checked by each page's
    form instead of before the view, so a page left open past its token's life shows the
    form again with everything typed, instead of an error page.
    """

    def decorator(handler: Callable) -> Callable:
        def by_token(token: str, **values):
            invitation = access.open_by_token(token, now=utcnow())
            return handler(invitation, Portal("link", token), **values)

        def by_account(slug: str, **values):
            invitation = access.invitation_for_user_or_404(current_user, slug)
            invitation.mark_opened(utcnow())
            return handler(invitation, Portal("account", slug), **values)

        def by_staff(slug: str, consultee_id: int, **values):
            invitation = _staff_invitation_or_404(slug, consultee_id)
            return handler(invitation, Portal("secretariat", slug, consultee_id), **values)

        by_token.__name__, by_account.__name__ = f"{name}_by_token", f"{name}_by_account"
        by_staff.__name__ = f"{name}_by_staff"
        by_token.__doc__ = by_account.__doc__ = by_staff.__doc__ = handler.__doc__
        bp.add_url_rule(f"/svar/<token>{rule}", by_token.__name__, csrf.exempt(public(by_token)), methods=methods)
        bp.add_url_rule(f"/mine/<slug>{rule}", by_account.__name__,
                        csrf.exempt(roles_required(Role.CONSULTEE)(by_account)), methods=methods)
        bp.add_url_rule(f"/consultations/<slug>/svar/<int:consultee_id>{rule}", by_staff.__name__,
                        csrf.exempt(roles_required(*STAFF_ROLES)(by_staff)), methods=methods)
        return handler

    return decorator


def _staff_invitation_or_404(slug: str, consultee_id: int) -> Invitation:
    from app.consultations import services as consultations

    consultation = consultations.get_by_slug_or_404(current_user.region, slug)
    invitation = next((i for i in consultation.invitations if i.consultee_id == consultee_id), None)
    if invitation is None:
        abort(404)
    return invitation
