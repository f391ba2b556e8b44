"""Summary reports made in the background: one build per run, with its progress and its files."""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.analysis import RunStatus
from app.models.base import Base, enum_type, utcnow
from app.models.user import User

#: What a build is doing, by the code stored in ReportRun.step
STEPS = {"queued": _l("Venter på tur"), "collect": _l("Samler innholdet"),
         "translate": _l("Oversetter sekretariatets tekster"), "docx": _l("Skriver Word-dokumentet"),
         "xlsx": _l("Skriver Excel-filen"), "store": _l("Lagrer filene"), "done": _l("Ferdig")}


class ReportRun(Base):
    """One build of a round's Word and Excel report; at most one queued or running per round (see active_key)."""

    __tablename__ = "report_runs"

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
    #: SHA-256 of the report's content (all but the date it was made): equal to the round's
    #: current one while the files are up to date
    fingerprint: Mapped[str] = mapped_column(String(64), default="")
    docx: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    xlsx: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    docx_name: Mapped[str] = mapped_column(String(300), default="")
    xlsx_name: Mapped[str] = mapped_column(String(300), default="")
    #: "" for the report in the round's own written standard; "nb" or "nn" for the machine-translated
    #: edition in the other one (its own files, built by the same job; see app.reports.translation)
    translated_to: Mapped[str] = mapped_column(String(2), default="", server_default="")
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    requested_by: Mapped[User | None] = relationship()

    @property
    def is_active(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)

    @property
    def is_translation(self) -> bool:
        return bool(self.translated_to)

    @property
    def step_label(self) -> str:
        return STEPS.get(self.step, self.step)
