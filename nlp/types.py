"""Frozen dataclasses that go in and out of the nlp package."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

#: Label used when no focus area fits a comment (the gold files use the same key).
OTHER = "other"
#: Values of ``Analysis.method``: word profiles, with the sentence encoder or not, each
#: with "+apertium" where Apertium's lemmas fed the word profiles.
LEXICAL, ENCODER = "lexical", "lexical+encoder"
APERTIUM = "+apertium"


def method_name(with_encoder: bool, with_apertium: bool) -> str:
    """The ``Analysis.method`` of a run: "lexical", "lexical+encoder", each maybe "+apertium"."""
    return (ENCODER if with_encoder else LEXICAL) + (APERTIUM if with_apertium else "")

Stance = Literal["supports", "objects", "proposes", "neutral"]
UnitKind = Literal["paragraph", "item", "sentence"]


@dataclass(frozen=True)
class FocusArea:
    """A focus area (satsingsområde) of the round, as the secretariat confirmed it."""

    key: str
    title: str
    description: str = ""
    keywords: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: dict) -> FocusArea:
        """Build from the JSON focus-area format ({key, title, description, keywords?})."""
        return cls(
            key=str(data["key"]),
            title=str(data.get("title", "")),
            description=str(data.get("description", "")),
            keywords=tuple(data.get("keywords") or ()),
        )


@dataclass(frozen=True)
class Unit:
    """One comment unit cut out of a response text; ``text == source[start:end]``."""

    text: str
    start: int
    end: int
    kind: UnitKind = "paragraph"


@dataclass(frozen=True)
class Comment:
    """A comment unit as the rest of the analysis sees it: an id, its text and who wrote it."""

    id: str
    text: str
    consultee: str = ""
    focus_area: str | None = None
    position: str | None = None
    #: The free-text or meeting question it answers where no focus area asked for it
    #: (``Question.key``): if it fits no focus area, it stays with that question.
    question: str | None = None


@dataclass(frozen=True)
class Question:
    """A free-text or meeting question of the round: comments that fit no focus area stay with it."""

    key: str
    text: str


@dataclass(frozen=True)
class Answer:
    """One answer text of a response (or a meeting note), as the app stores it."""

    id: str
    text: str
    consultee: str = ""
    #: The focus area the form asked about, if the answer belongs to one.
    focus_area: str | None = None
    #: The structured position given with it ("Enig", "Delvis enig", "Uenig", "Ingen merknad").
    position: str | None = None
    #: The question it answers (``Question.key``), if any.
    question: str | None = None
    #: Spans (start, end) of the text a person already decided on: the analysis cuts no new
    #: unit that overlaps one (the decided units come back as ``analyse``'s ``kept`` comments).
    decided: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Example:
    """A confirmed assignment: a person said this text belongs to this focus area."""

    text: str
    label: str


@dataclass(frozen=True)
class Assignment:
    """Focus-area assignment of one text: best label, its score, and every label's score."""

    label: str
    score: float
    labels: tuple[str, ...] = ()
    scores: tuple[tuple[str, float], ...] = ()
    #: The calibrated probability that ``label`` is right (``nlp.confidence``); NaN unfitted
    confidence: float = float("nan")


@dataclass(frozen=True)
class Quote:
    """A verbatim piece of a comment, attributed to its consultee."""

    comment_id: str
    consultee: str
    text: str


@dataclass(frozen=True)
class Theme:
    """A group of comments within one focus area, labelled with the comments' own words."""

    id: str
    focus_area: str
    label: str
    key_phrases: tuple[str, ...]
    comment_ids: tuple[str, ...]
    quotes: tuple[Quote, ...] = field(default=())


@dataclass(frozen=True)
class StanceResult:
    """Stance of one comment with the cues that decided it."""

    stance: Stance
    score: float
    cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class AnalysedUnit:
    """A comment unit of an answer with its focus-area assignment and stance."""

    id: str
    answer_id: str
    consultee: str
    unit: Unit
    assignment: Assignment
    stance: StanceResult
    #: The analysis placed it outside the focus area its consultee wrote it under
    moved: bool = False


@dataclass(frozen=True)
class Analysis:
    """Everything the analysis of a round produces, ready to be stored by the app."""

    #: The new units (none overlapping a decided span of its answer)
    units: tuple[AnalysedUnit, ...]
    #: Themes of the new units and the kept comments together: clusters per focus area, then
    #: one per question for the comments that fit no focus area
    themes: tuple[Theme, ...]
    #: Theme id → the extractive summary of that theme.
    summaries: dict[str, tuple[Quote, ...]]
    #: How units were assigned: ``LEXICAL`` (word profiles) or ``ENCODER`` (with the encoder).
    method: str = LEXICAL
