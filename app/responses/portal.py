"""The consultee's pages exist twice: behind the invitation link and behind a consultee account."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import url_for
from flask_login import current_user

from app.auth.access import public, roles_required
from app.extensions import csrf
from app.models import Role
from app.responses import access, bp
from app.timeutil import utcnow


@dataclass(frozen=True)
class Portal:
    """How the consultee reached the round, so pages link within the same way in."""

    #: "link" (invitation token) or "account" (signed-in consultee user)
    via: str
    key: str

    def url(self, name: str, **values) -> str:
        if self.via == "link":
            return url_for(f"responses.{name}_by_token", token=self.key, **values)
        return url_for(f"responses.{name}_by_account", slug=self.key, **values)


def portal_route(rule: str, name: str, methods: tuple[str, ...] = ("GET",)) -> Callable:
    """Register `handler(invitation, portal, **values)` under /svar/<token>{rule} and /mine/<slug>{rule}.

    The link is public (the unguessable token is the key); the account route is for consultee
    users and finds only their own organisation's invitation. CSRF is checked by each page's
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

        by_token.__name__, by_account.__name__ = f"{name}_by_token", f"{name}_by_account"
        by_token.__doc__ = by_account.__doc__ = handler.__doc__
        bp.add_url_rule(f"/svar/<token>{rule}", by_token.__name__, csrf.exempt(public(by_token)), methods=methods)
        bp.add_url_rule(f"/mine/<slug>{rule}", by_account.__name__,
                        csrf.exempt(roles_required(Role.CONSULTEE)(by_account)), methods=methods)
        return handler

    return decorator
