"""Accounts: creating users and checking passwords."""
from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from app.errors import ValidationError
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


def authenticate(email: str, password: str, now: datetime) -> User | None:
    """The user with this e-mail and password who may sign in (active, organisation not archived), or None."""
    user = find_user_by_email(email)
    if user is None or not user.can_sign_in:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password):
        return None
    user.last_login_at = now
    db.session.flush()
    return user


def create_user(*, email: str, name: str, password: str, role: Role, region: Region,
                consultee: Consultee | None = None) -> User:
    """A new user; consultee users must belong to one consultee, and only they may."""
    email = email.strip().lower()
    if find_user_by_email(email) is not None:
        raise ValidationError(_("Det finnes allerede en bruker med e-postadressen %(email)s.", email=email), "email")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(_("Passordet må ha minst %(num)s tegn.", num=MIN_PASSWORD_LENGTH), "password")
    if (role is Role.CONSULTEE) != (consultee is not None):
        raise ValidationError(_("Brukere med rollen høringsinstans må høre til én høringsinstans, og bare de."), "consultee")
    if consultee is not None and consultee.region_id != region.id:
        raise ValidationError(_("Høringsinstansen hører til en annen region."), "consultee")
    user = User(email=email, name=name.strip(), password_hash=hash_password(password), role=role,
                region=region, consultee=consultee)
    db.session.add(user)
    db.session.flush()
    return user
