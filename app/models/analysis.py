"""The analysis of a round: runs with progress, comment units, and themes."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, enum_type, utcnow
from app.models.run import RunMixin

if TYPE_CHECKING:
    from app.models.consultation import Consultation, FocusArea
    from app.models.consultee import Consultee


#: What an analysis run is doing: stored as a key, shown in the reader's language
STEP_LABELS = {
    "queued": _l("Venter på tur"),
    "collecting": _l("Samler svar og møtereferater"),
    "analysing": _l("Analyserer tekstene"),
    "saving": _l("Lagrer resultatet"),
    "done": _l("Ferdig"),
}


class AnalysisRun(RunMixin, Base):
    """One run of the analysis; at most one queued or running per round (see RunMixin)."""

    __tablename__ = "analysis_runs"
    STEPS = STEP_LABELS
    STEP_LENGTH = 200

    #: Figures of a finished run: comments, themes, kept corrections …
    summary: Mapped[dict | None] = mapped_column(JSON)


class Assessment(enum.Enum):
    """The secretariat's answer to a theme (vurdering)."""

    ACCEPTED = "tatt_til_folge"
    PARTLY = "delvis_tatt_til_folge"
    NOT_ACCEPTED = "ikke_tatt_til_folge"
    NOTED = "til_orientering"

    @property
    def label(self) -> str:
        return {"tatt_til_folge": _l("Tatt til følge"), "delvis_tatt_til_folge": _l("Delvis tatt til følge"),
                "ikke_tatt_til_folge": _l("Ikke tatt til følge"), "til_orientering": _l("Til orientering")}[self.value]


class Theme(Base):
    """A group of comments within a focus area, labelled in the comments' own words."""

    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    #: None: comments that fit no focus area
    focus_area_id: Mapped[int | None] = mapped_column(ForeignKey("focus_areas.id"))
    label: Mapped[str] = mapped_column(String(300))
    key_phrases: Mapped[list] = mapped_column(JSON, default=list)
    #: Verbatim sentences that sum the theme up, each with its consultee: [{"comment_id", "consultee", "text"}]
    summary: Mapped[list] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(default=0)
    #: A person renamed, merged, filled or assessed this theme: reruns keep it and its comments
    is_kept: Mapped[bool] = mapped_column(default=False)
    assessment: Mapped[Assessment | None] = mapped_column(enum_type(Assessment, length=30))
    assessment_text: Mapped[str] = mapped_column(Text, default="")
    assessed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    assessed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    focus_area: Mapped[FocusArea | None] = relationship()
    comments: Mapped[list[CommentUnit]] = relationship(back_populates="theme")


class CommentUnit(Base):
    """One unit of text from an answer or a meeting note, with where the analysis put it."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    #: Which text it came from: "r<response>:q<question>[:fa<focus area>]" or "m<meeting note>"
    source_key: Mapped[str] = mapped_column(String(100), index=True)
    #: SHA-256 of the whole source text when analysed: a changed hash means an amended answer
    source_hash: Mapped[str] = mapped_column(String(64))
    response_id: Mapped[int | None] = mapped_column(ForeignKey("responses.id"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    question_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id"))
    #: The focus area the form asked about (not the analysis' answer)
    asked_focus_area_id: Mapped[int | None] = mapped_column(ForeignKey("focus_areas.id"))
    consultee_id: Mapped[int | None] = mapped_column(ForeignKey("consultees.id"))
    #: The position given with the answer in the form (a Position code), if any
    position: Mapped[str | None] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    #: Offsets into the source text
    start: Mapped[int]
    end: Mapped[int]
    focus_area_id: Mapped[int | None] = mapped_column(ForeignKey("focus_areas.id"), index=True)
    #: Other focus areas the text clearly names ("also about …"); the form's own focus area
    #: when the analysis moved the unit away from it
    also_about: Mapped[list | None] = mapped_column(JSON, default=list)
    score: Mapped[float] = mapped_column(default=0.0)
    #: The calibrated probability that the placement is right (nlp.confidence); None when unknown
    confidence: Mapped[float | None]
    #: "supports" | "objects" | "proposes" | "neutral"
    stance: Mapped[str] = mapped_column(String(20), default="neutral")
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id"), index=True)
    #: A person confirmed or corrected the focus area (such units survive reruns and teach the model)
    is_confirmed: Mapped[bool] = mapped_column(default=False)
    is_relevant: Mapped[bool] = mapped_column(default=True)
    corrected_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    corrected_at: Mapped[datetime | None]

    theme: Mapped[Theme | None] = relationship(back_populates="comments")
    consultation: Mapped[Consultation] = relationship()
    focus_area: Mapped[FocusArea | None] = relationship(foreign_keys=[focus_area_id])
    consultee: Mapped[Consultee | None] = relationship()

    @property
    def is_moved(self) -> bool:
        """Placed outside the focus area its consultee wrote it under (by the analysis or a person)."""
        return self.asked_focus_area_id is not None and self.focus_area_id != self.asked_focus_area_id

    @property
    def also_about_ids(self) -> list[int]:
        """Other focus areas the text is also about, without the one it is placed in."""
        return [i for i in (self.also_about or []) if i != self.focus_area_id]

class ThemeMerge(Base):
    """Two themes merged into one, kept so that the merge can be undone exactly (`review.undo_merge`).

    Undo is offered while the merged theme is as the merge left it (`after`) and until the next
    analysis run, which removes the round's merges.
    """

    __tablename__ = "theme_merges"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    #: The theme that took the comments; no foreign key, since a rerun may remove it
    target_id: Mapped[int]
    #: The theme that was removed; restored under the same id
    source_id: Mapped[int]
    #: Both themes as they were and each moved comment's theme, focus area and confirmed flag
    before: Mapped[dict] = mapped_column(JSON)
    #: The merged theme's state right after the merge: undo only while it is unchanged
    after: Mapped[str] = mapped_column(String(64))
    merged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    merged_at: Mapped[datetime] = mapped_column(default=utcnow)
