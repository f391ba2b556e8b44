"""Summary reports made in the background: one build per run, with its progress and its files."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base
from app.models.run import RunMixin

#: What a build is doing, by the code stored in ReportRun.step
STEPS = {"queued": _l("Venter på tur"), "collect": _l("Samler innholdet"),
         "translate": _l("Oversetter sekretariatets tekster"), "docx": _l("Skriver Word-dokumentet"),
         "xlsx": _l("Skriver Excel-filen"), "store": _l("Lagrer filene"), "done": _l("Ferdig")}


class ReportRun(RunMixin, Base):
    """One build of a round's Word and Excel report; at most one queued or running per round (see RunMixin)."""

    __tablename__ = "report_runs"
    STEPS = STEPS

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

    @property
    def is_translation(self) -> bool:
        return bool(self.translated_to)
