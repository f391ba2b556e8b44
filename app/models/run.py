"""What every background run of a round has: its state, its progress and who asked for it (see app.runs)."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import ClassVar

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from app.models.base import enum_type, utcnow
from app.models.user import User


class RunStatus(enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return {"queued": _l("Venter på tur"), "running": _l("Kjører"), "done": _l("Ferdig"), "failed": _l("Feilet")}[self.value]


class RunMixin:
    """The columns and states of a run; a model adds its results and its STEPS.

    At most one run of a kind is queued or running per round: `active_key` holds the round's id
    while it is, else NULL, and is unique, so a second concurrent run fails at the database
    whatever process asks for it.
    """

    #: What a run is doing, by the code stored in `step`: shown in the reader's language
    STEPS: ClassVar[dict]
    #: The width of the `step` column
    STEP_LENGTH: ClassVar[int] = 20

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    status: Mapped[RunStatus] = mapped_column(enum_type(RunStatus), default=RunStatus.QUEUED)
    #: The round's id while queued or running, else NULL (see the class docstring)
    active_key: Mapped[int | None] = mapped_column(unique=True)
    #: 0–100
    progress: Mapped[int] = mapped_column(default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    @declared_attr
    def step(cls) -> Mapped[str]:
        """A key of STEPS."""
        return mapped_column(String(cls.STEP_LENGTH), default="queued")

    @declared_attr
    def requested_by(cls) -> Mapped[User | None]:
        return relationship(User)

    @property
    def is_active(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)

    @property
    def step_label(self) -> str:
        return self.label_of(self.step)

    @classmethod
    def label_of(cls, step: str) -> str:
        """A step in the reader's language (a step stored as text before steps were keys keeps it)."""
        return str(cls.STEPS.get(step, step))
