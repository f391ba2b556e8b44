"""Accounts: creating users, checking and changing passwords, ending sessions."""
from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from app import audit
from app.auth import lockout
from app.errors import DomainError, ValidationError
from app.extensions import db
from app.models import Consultee, Region, Role, User

MIN_PASSWORD_LENGTH = 10
# Checked against when the e-mail is unknown, so a wrong e-mail takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def hash_password(password: str) -> str:
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    return generate_password_hash(password, method=method)


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


class SignInLocked(DomainError):
    """Sign-ins for this address are refused for a while after too many failures (any address is locked so,
    known or not, so saying it tells nobody whether the address has an account)."""


class SignInStopped(DomainError):
    """The password is right, but the user may not sign in (deactivated, or their organisation archived)."""


def authenticate(email: str, password: str, now: datetime) -> User | None:
    """The user with this e-mail and password who may sign in (active, organisation not archived), or None
    (also while the address is locked). A user who gave the right password but has been deactivated is
    told so (SignInStopped), and whom to ask: only someone who knows the password learns the account exists."""
    user = find_user_by_email(email)
    if not _password_accepted(email, user, password):
        if lockout.is_locked(email):
            minutes = max(1, -(-int(lockout.seconds_left(email)) // 60))
            raise SignInLocked(_("For mange mislykkede innlogginger med denne e-postadressen. Vent %(time)s og "
                                 "prøv igjen, eller be administratoren om et nytt passord.",
                                 time=ngettext("%(num)s minutt", "%(num)s minutter", minutes)))
        if user is not None and not user.can_sign_in and not lockout.is_locked(email) \
                and check_password_hash(user.password_hash, password):
            raise SignInStopped(_("Brukeren din har ikke lenger tilgang. Ta kontakt med administratoren i regionen "
                                  "hvis du skal ha tilgang igjen."))
        return None
    user.last_login_at = now
    db.session.flush()
    return user


def _password_accepted(email: str, user: User | None, password: str) -> bool:
    """Check the password and count the outcome in the lockout (lockout.py).

    The hash is checked whatever happens, so an unknown address, an inactive user and a locked
    address take as long to refuse as a wrong password.
    """
    locked = lockout.is_locked(email)
    known = user is not None and user.can_sign_in
    matches = check_password_hash(user.password_hash if known else _DUMMY_HASH, password)
    if locked:
        return False
    if not (known and matches):
        lockout.record_failure(email)
        return False
    lockout.forget(email)
    return True


def end_sessions(user: User) -> None:
    """Sign the user out on every device: their sessions and remember cookies stop working."""
    user.end_sessions()
    db.session.flush()


def change_password(user: User, *, current: str, new: str) -> None:
    """A user's own new password, after the current one (a wrong one counts toward the lockout)."""
    if not _password_accepted(user.email, user, current):
        raise ValidationError(_("Passordet du har nå, er feil."), "current_password")
    set_password(user, new)


def set_password(user: User, password: str) -> None:
    """Give the user a new password; every session they had ends."""
    _check_length(password)
    user.password_hash = hash_password(password)
    end_sessions(user)
    lockout.forget(user.email)  # failures against the old password say nothing about the new
    audit.record("user.password", target=user.name)


def _check_length(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(_("Passordet må ha minst %(num)s tegn.", num=MIN_PASSWORD_LENGTH), "password")


def create_user(*, email: str, name: str, password: str, role: Role, region: Region,
                consultee: Consultee | None = None) -> User:
    """A new user; consultee users must belong to one consultee, and only they may."""
    email = email.strip().lower()
    _check_email_free(email)
    _check_length(password)
    _check_role(role, consultee, region)
    user = User(email=email, name=" ".join(name.split()), password_hash=hash_password(password), role=role,
                region=region, consultee=consultee)
    db.session.add(user)
    db.session.flush()
    audit.record("user.create", target=user.name, after=_account(user))
    return user


def _account(user: User) -> dict:
    """What the change log records of an account."""
    return {"email": user.email, "role": user.role.value, "consultee": user.consultee.name if user.consultee else None}


def update_user(user: User, *, name: str, email: str, role: Role, consultee: Consultee | None, by: User) -> None:
    """An administrator's change to a user of the region: name, e-mail, role and consultee.

    A changed role, consultee or e-mail ends the user's sessions, so nothing they had opened under
    the old one goes on. An administrator cannot change their own role, so a region always keeps one.
    """
    email = email.strip().lower()
    if email != user.email:
        _check_email_free(email)
    if user.id == by.id and role is not user.role:
        raise ValidationError(_("Du kan ikke endre din egen rolle."), "role")
    _check_role(role, consultee, user.region)
    changed = (role, consultee, email) != (user.role, user.consultee, user.email)
    before = {"name": user.name, **_account(user)}
    user.name, user.email, user.role, user.consultee = " ".join(name.split()), email, role, consultee
    if changed:
        end_sessions(user)
    db.session.flush()
    after = {"name": user.name, **_account(user)}
    if after != before:
        audit.record("user.update", target=user.name, before=before, after=after)


def _check_email_free(email: str) -> None:
    if find_user_by_email(email) is not None:
        raise ValidationError(_("Det finnes allerede en bruker med e-postadressen %(email)s.", email=email), "email")


def _check_role(role: Role, consultee: Consultee | None, region: Region) -> None:
    if (role is Role.CONSULTEE) != (consultee is not None):
        raise ValidationError(_("Brukere med rollen høringsinstans må høre til én høringsinstans, og bare de."), "consultee_id")
    if consultee is not None and consultee.region_id != region.id:
        raise ValidationError(_("Høringsinstansen hører til en annen region."), "consultee_id")


def set_active(user: User, active: bool, *, by: User) -> None:
    """Let a user sign in again, or shut them out (someone who has left): a deactivated user's sessions end
    at once. An administrator cannot shut themselves out, so a region always keeps one who can undo it."""
    if user.id == by.id and not active:
        raise ValidationError(_("Du kan ikke deaktivere din egen bruker."))
    user.is_active = active
    if not active:
        user.end_sessions()
    else:
        lockout.forget(user.email)  # let in again: at once
    db.session.flush()
    audit.record("user.activate" if active else "user.deactivate", target=user.name)
