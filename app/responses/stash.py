"""Nothing typed is lost when a signed-in consultee's session runs out before saving.

The posted form is kept server-side under a random key, the user signs in again, and the
same page shows the text again (not saved: the user saves it, now with a valid session).
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from werkzeug.datastructures import MultiDict

from app.extensions import db
from app.models import FormStash
from app.text import xml_safe_all

#: How long a stash waits for its owner to sign in again
KEEP_FOR = timedelta(hours=24)
MAX_FIELDS = 2000


def keep(path: str, form: MultiDict, now: datetime) -> str:
    """Store a posted form for `path`; returns the key to carry through the login page."""
    db.session.execute(delete(FormStash).where(FormStash.created_at < now - KEEP_FOR))
    key = secrets.token_urlsafe(24)
    # Cleaned as forms clean text: PostgreSQL's JSON cannot hold NUL, nor UTF-8 a lone surrogate
    data = xml_safe_all({name: form.getlist(name) for name in list(form.keys())[:MAX_FIELDS] if name != "csrf_token"})
    db.session.add(FormStash(key_hash=_hash(key), path=path, data=data, created_at=now))
    db.session.flush()
    return key


def take(key: str | None, path: str, now: datetime) -> MultiDict | None:
    """The form kept under `key` for this `path`, once; None when there is none."""
    if not key or len(key) > 100:
        return None
    stash = db.session.scalar(select(FormStash).where(FormStash.key_hash == _hash(key)))
    if stash is None or stash.path != path or stash.created_at < now - KEEP_FOR:
        return None
    data = MultiDict([(name, value) for name, values in stash.data.items() for value in values])
    db.session.delete(stash)
    db.session.flush()
    return data


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()
