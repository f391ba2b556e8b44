"""Archive packages made in the background: one build per run, with its progress and its zip."""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.analysis import RunStatus
from app.models.base import Base, enum_type, utcnow
from app.models.user import User

#: What a build is doing, by the code stored in ArchiveRun.step
STEPS = {"queued": _l("Venter på tur"), "collect": _l("Samler dokumentene"),
         "convert": _l("Lager PDF/A-versjoner"), "noark": _l("Skriver arkivstrukturen"),
         "store": _l("Lagrer pakken"), "done": _l("Ferdig")}


class ArchiveRun(Base):
    """One build of a round's archive package; the same columns and states as ReportRun (see app.runs)."""

    __tablename__ = "archive_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    status: Mapped[RunStatus] = mapped_column(enum_type(RunStatus), default=RunStatus.QUEUED)
    #: The round's id while queued or running, else NULL: a unique column, so a second
    #: concurrent build fails at the database whatever process asks for it
    active_key: Mapped[int | None] = mapped_column(unique=True)
    #: 0–100
    progress: Mapped[int] = mapped_column(default=0)
    #: A key of STEPS
    step: Mapped[str] = mapped_column(String(20), default="queued")
    error: Mapped[str] = mapped_column(Text, default="")
    #: SHA-256 of what the package holds (all but the moment it was made): equal to the round's
    #: current one while the package is up to date
    fingerprint: Mapped[str] = mapped_column(String(64), default="")
    zip: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    zip_name: Mapped[str] = mapped_column(String(300), default="")
    #: Journal entries and documents in the package (for the page; the zip says it all)
    entries: Mapped[int] = mapped_column(default=0)
    documents: Mapped[int] = mapped_column(default=0)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    requested_by: Mapped[User | None] = relationship()

    @property
    def is_active(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)

    @property
    def step_label(self) -> str:
        return STEPS.get(self.step, self.step)
