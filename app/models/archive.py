"""Archive packages made in the background: one build per run, with its progress and its zip."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base
from app.models.run import RunMixin

#: What a build is doing, by the code stored in ArchiveRun.step
STEPS = {"queued": _l("Venter på tur"), "collect": _l("Samler dokumentene"),
         "convert": _l("Lager PDF/A-versjoner"), "noark": _l("Skriver arkivstrukturen"),
         "store": _l("Lagrer pakken"), "done": _l("Ferdig")}


class ArchiveRun(RunMixin, Base):
    """One build of a round's archive package; at most one queued or running per round (see RunMixin)."""

    __tablename__ = "archive_runs"
    STEPS = STEPS

    #: SHA-256 of what the package holds (all but the moment it was made): equal to the round's
    #: current one while the package is up to date
    fingerprint: Mapped[str] = mapped_column(String(64), default="")
    zip: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    zip_name: Mapped[str] = mapped_column(String(300), default="")
    #: Journal entries and documents in the package (for the page; the zip says it all)
    entries: Mapped[int] = mapped_column(default=0)
    documents: Mapped[int] = mapped_column(default=0)
