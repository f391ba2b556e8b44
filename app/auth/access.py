"""Who may use which view: every view declares its roles, and nothing else gets in."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user

from app.extensions import db, login_manager
from app.models import Role, User

#: Marker for views anyone may use (login page, invitation links, published rounds)
PUBLIC = "public"


def load_user(user_id: str) -> User | None:
    """The user a session or remember cookie names, if it was issued since their last logout or password
    change (the id is "<id>:<session_version>", see User.get_id) and they may still sign in.

    Checked on every request, so archiving a consultee ends its users' sessions at once."""
    number, _, version = user_id.partition(":")
    if not (number.isdigit() and version.isdigit()):
        return None
    user = db.session.get(User, int(number))
    if user is None or not user.can_sign_in or user.session_version != int(version):
        return None
    return user


def roles_required(*roles: Role) -> Callable:
    """Allow the view to signed-in users with one of `roles`; others get 403, anonymous users the login page."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            refused = refusal(frozenset(roles))
            return refused if refused is not None else view(*args, **kwargs)

        wrapped.allowed_roles = frozenset(roles)
        return wrapped

    return decorator


def refusal(roles: frozenset[Role]):
    """The login page for an anonymous user, 403 for a user without one of `roles`; None lets them in."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if current_user.role not in roles:
        abort(403)
    return None


def public(view: Callable) -> Callable:
    """Declare a view open to everyone, signed in or not."""
    view.allowed_roles = PUBLIC
    return view


def declared_roles(view: Callable) -> frozenset[Role] | str | None:
    """What a view declared (None when it declared nothing, which the tests refuse)."""
    return getattr(view, "allowed_roles", None)
