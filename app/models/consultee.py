"""The regional council that owns the rounds, and its register of consultees."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, enum_type, utcnow

if TYPE_CHECKING:
    from app.models.user import User


class Region(Base):
    """A regional council (regionråd) and its secretariat."""

    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ConsulteeKind(enum.Enum):
    MUNICIPALITY = "kommune"
    COUNTY = "fylkeskommune"
    STATE = "statsforvalter"
    OTHER = "annet"

    @property
    def label(self) -> str:
        return CONSULTEE_KIND_LABELS[self]


CONSULTEE_KIND_LABELS = {
    ConsulteeKind.MUNICIPALITY: _l("Kommune"),
    ConsulteeKind.COUNTY: _l("Fylkeskommune"),
    ConsulteeKind.STATE: _l("Statsforvalter"),
    ConsulteeKind.OTHER: _l("Annet"),
}


class Consultee(Base):
    """A body that can be invited to answer (høringsinstans)."""

    __tablename__ = "consultees"
    __table_args__ = (
        UniqueConstraint("region_id", "name_key"),
        UniqueConstraint("region_id", "org_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    #: Case- and space-folded name, so "Tinn kommune" and "tinn  Kommune" are one consultee
    name_key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[ConsulteeKind] = mapped_column(enum_type(ConsulteeKind))
    email: Mapped[str] = mapped_column(String(254))
    #: Nine digits, mod-11 check digit validated (organisasjonsnummer)
    org_number: Mapped[str | None] = mapped_column(String(9))
    #: Contact person, and for public respondents the person who signed up
    contact_name: Mapped[str | None] = mapped_column(String(200))
    #: A private person or organisation that answered an open round; not part of the register.
    #: Its `name` is the person marked «åpen høring», never the bare name of an organisation
    is_public: Mapped[bool] = mapped_column(default=False)
    #: For a public respondent: the organisation it said it answers for, as typed and never checked
    stated_organisation: Mapped[str | None] = mapped_column(String(200))
    #: For a public respondent: the language it signed up in (nb, nn or en), which its mails and link pages
    #: speak; None for an invited consultee, which is written to in the round's language
    language: Mapped[str | None] = mapped_column(String(2))
    is_archived: Mapped[bool] = mapped_column(default=False)
    archived_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    region: Mapped[Region] = relationship()
    users: Mapped[list[User]] = relationship(back_populates="consultee")

    def archive(self, now: datetime) -> None:
        self.is_archived, self.archived_at = True, now

    def restore(self) -> None:
        self.is_archived, self.archived_at = False, None

    @staticmethod
    def key_for(name: str) -> str:
        return " ".join(name.split()).casefold()

    def __repr__(self) -> str:
        return f"<Consultee {self.name}>"
