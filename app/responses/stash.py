"""Nothing typed is lost when a signed-in consultee's session runs out before saving.

The form carries a signed proof of whom it was shown to (`proof`: the user id, the page and
the time, signed with the app's secret key). When the session is gone by the time the form is
posted, that proof is what says whose text it is: the form's CSRF token cannot, since its secret
went with the session. With a valid proof the posted form is kept server-side for that user under
a random key, the user signs in again, and the same page shows the text again to that user only
(not saved: the user saves it, now with a valid session). A post without a valid proof keeps
nothing. A cross-site page cannot read a proof (it is only in a no-store page of our own origin),
and a proof of one's own account only ever keeps text for oneself.
"""
from __future__ import annotations

import secrets
from collections.abc import Collection
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete, select
from werkzeug.datastructures import MultiDict

from app.errors import DomainError
from app.extensions import db
from app.invitations.tokens import hash_token
from app.models import FormStash, Role, User
from app.text import xml_safe_all

#: How long a stash waits for its owner to sign in again
KEEP_FOR = timedelta(hours=24)
#: How long after a page was shown its proof still keeps what is posted from it
PROOF_VALID_FOR = timedelta(days=7)
#: Kept forms per user; a new one replaces the oldest
MAX_PER_USER = 5
#: The hidden field holding the proof
PROOF_FIELD = "stash_owner"
_SALT = "responses.stash-owner"


class StashTooLarge(DomainError):
    """The posted form holds more than the form could ever hold validly: nothing is kept."""


def proof(user: User, path: str, now: datetime) -> str:
    """A signed statement that the page at `path` was shown to `user` at `now`, for the form to carry."""
    return _serializer().dumps({"u": user.id, "p": path, "t": int(now.timestamp())})


def owner(signed: str | None, path: str, now: datetime) -> User | None:
    """The active consultee user a proof was made for, when it is ours, for `path`, and fresh; else None."""
    if not signed or len(signed) > 500:
        return None
    try:
        claim = _serializer().loads(signed)
    except BadSignature:
        return None
    if not isinstance(claim, dict) or claim.get("p") != path or not isinstance(claim.get("u"), int):
        return None
    if not isinstance(claim.get("t"), int) or now.timestamp() - claim["t"] > PROOF_VALID_FOR.total_seconds():
        return None
    user = db.session.get(User, claim["u"])
    return user if user is not None and user.is_active and user.role is Role.CONSULTEE else None


def keep(user: User, path: str, form: MultiDict, *, fields: Collection[str], max_chars: int,
         now: datetime) -> str:
    """Keep the posted `fields` of a form for `user` at `path`; returns the key to carry through the login page.

    Only the form's own fields are kept, and nothing at all when their text runs over `max_chars`
    (StashTooLarge). The user's oldest kept forms go when there are MAX_PER_USER.
    """
    data = {name: form.getlist(name) for name in fields if name in form}
    # Counted as the browser counts against maxlength: a line break (sent as CR LF) is one character.
    if sum(len(value.replace("\r\n", "\n")) for values in data.values() for value in values) > max_chars:
        raise StashTooLarge(_("Du var blitt logget ut. Skjemaet du sendte, var større enn et høringssvar kan være, så det er ikke tatt vare på."))
    make_room(FormStash, FormStash.user_id == user.id, keep_for=KEEP_FOR, most=MAX_PER_USER, now=now)
    key = secrets.token_urlsafe(24)
    # Cleaned as forms clean text: PostgreSQL's JSON cannot hold NUL, nor UTF-8 a lone surrogate.
    # A path longer than the column (an invented slug) is cut: it then matches no page, and is never given back
    db.session.add(FormStash(key_hash=hash_token(key), user_id=user.id, path=path[:500], data=xml_safe_all(data),
                             created_at=now))
    db.session.flush()
    return key


def take(key: str | None, path: str, user: User | None, now: datetime) -> MultiDict | None:
    """The form kept under `key` for this `user` and `path`, once; None when there is none.

    Another user following the same link gets nothing, and the stash stays for its owner.
    """
    if not key or len(key) > 100 or user is None or not user.is_authenticated:
        return None
    stash = db.session.scalar(select(FormStash).where(FormStash.key_hash == hash_token(key)))
    if stash is None or stash.user_id != user.id or stash.path != path or stash.created_at < now - KEEP_FOR:
        return None
    data = MultiDict([(name, value) for name, values in stash.data.items() for value in values])
    db.session.delete(stash)
    db.session.flush()
    return data


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=_SALT)



def make_room(model, owned, *, keep_for: timedelta, most: int, now: datetime) -> None:
    """Before keeping one more row of `model` (a kept form, a held document) for one owner (`owned`, a
    condition on its owner column): remove every row older than `keep_for`, and the owner's oldest beyond
    `most` - 1, so that with the new one at most `most` are kept."""
    db.session.execute(delete(model).where(model.created_at < now - keep_for))
    kept = db.session.scalars(select(model.id).where(owned).order_by(model.created_at.desc(), model.id.desc())).all()
    if len(kept) >= most:
        db.session.execute(delete(model).where(model.id.in_(kept[most - 1:])))
