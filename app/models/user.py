"""Users and their roles."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, enum_type, utcnow

if TYPE_CHECKING:
    from app.models.consultee import Consultee, Region


class Role(enum.Enum):
    ADMIN = "admin"
    SECRETARIAT = "secretariat"
    CONSULTEE = "consultee"
    COUNCIL = "council"
    #: The records office (arkivet): sets a round's case number and makes its archive package, nothing else
    RECORDS = "records"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.SECRETARIAT: _l("Sekretariat"),
    Role.CONSULTEE: _l("Høringsinstans"),
    Role.COUNCIL: _l("Regionråd (lesetilgang)"),
    Role.RECORDS: _l("Arkivar"),
}

#: Roles that run consultation rounds and keep the consultee register
STAFF_ROLES = (Role.ADMIN, Role.SECRETARIAT)
#: Roles that file a round with the records office: its case number and archive package
ARCHIVE_ROLES = (*STAFF_ROLES, Role.RECORDS)


class User(UserMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Login name; stored lower-case
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_type(Role))
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"))
    #: Set for consultee users only: the body they answer for
    consultee_id: Mapped[int | None] = mapped_column(ForeignKey("consultees.id"))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    #: Part of every session's and remember cookie's user id: raising it ends them all (logout,
    #: a new password), on every device, since the user loader accepts only the current value
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")

    region: Mapped[Region] = relationship()
    consultee: Mapped[Consultee | None] = relationship(back_populates="users")

    def get_id(self) -> str:
        """The id Flask-Login keeps in the session and the remember cookie: "<id>:<session_version>"."""
        return f"{self.id}:{self.session_version}"

    def end_sessions(self) -> None:
        """Sign this user out everywhere: every session and remember cookie issued so far stops working."""
        self.session_version += 1

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    @property
    def can_sign_in(self) -> bool:
        """An active account, and for a consultee user, an organisation still in the register (not archived)."""
        return self.is_active and (self.consultee is None or not self.consultee.is_archived)

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role.value}>"
