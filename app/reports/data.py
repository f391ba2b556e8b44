"""The summary report's input: plain frozen data, filled by a service, read by the writers.

No database, no Flask: the Word and Excel writers render exactly what is here.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class OverviewRow:
    """One response or meeting in the overview table."""

    #: "Tinn kommune", or "Alle" for a joint meeting
    consultee: str
    date: date | None
    #: Adopting body with case number ("Kommunestyret, sak 19/4976") or meeting arena
    arena: str
    #: "Vedtak", "Høringssvar", "Innspill i åpen høring", "Arbeidsmøte ca. 3 timer"
    description: str
    #: An open round's respondent (`consultee` is then its marked name), not an invited consultee
    is_public: bool = False


@dataclass(frozen=True)
class ThemeReport:
    """A theme found in the comments on one focus area."""

    label: str
    #: Who raised it
    consultees: tuple[str, ...]
    #: (consultee, verbatim text)
    quotes: tuple[tuple[str, str], ...]
    #: "Tatt til følge" | "Delvis tatt til følge" | "Ikke tatt til følge" | "Til orientering"
    assessment: str | None
    assessment_text: str = ""


@dataclass(frozen=True)
class AreaReport:
    """One focus area: support at a glance and the themes raised."""

    title: str
    group: str | None
    #: "enig", "delvis_enig", "uenig", "ingen_merknad" -> consultee names
    support: dict[str, tuple[str, ...]]
    themes: tuple[ThemeReport, ...]


@dataclass(frozen=True)
class Minutes:
    """One response or meeting written out."""

    #: "Referat formannskapet i Tinn", "Høringssvar fra Tinn kommune" or
    #: "Innspill fra Ola Nordmann (åpen høring, oppgitt organisasjon: Tinn kommune)"
    heading: str
    #: "11. mars 2019 · Formannskapet · Arbeidsmøte ca. 3 timer"
    meta: str
    #: (question as heading, answer text; blank lines separate paragraphs)
    sections: tuple[tuple[str, str], ...]
    #: An open round's respondent, not an invited consultee
    is_public: bool = False


@dataclass(frozen=True)
class CommentRow:
    """One comment, one row of the Excel file."""

    consultee: str
    question: str
    focus_area: str
    theme: str
    stance: str
    text: str
    assessment: str
    #: Written by an open round's respondent (`consultee` is then its marked name)
    is_public: bool = False


@dataclass(frozen=True)
class ReportData:
    """Everything the summary report shows about one round."""

    #: "nb" or "nn": headings and labels in that language
    language: str
    region: str
    #: The round
    title: str
    draft_name: str
    period_start: date
    period_end: date
    invited: int
    answered: int
    meetings: int
    generated: date
    overview: tuple[OverviewRow, ...]
    areas: tuple[AreaReport, ...]
    minutes: tuple[Minutes, ...]
    #: The matrix's columns
    focus_areas: tuple[str, ...]
    #: (consultee, position key per focus area or None)
    matrix: tuple[tuple[str, tuple[str | None, ...]], ...]
    comments: tuple[CommentRow, ...] = ()
    #: The Excel file's sheet per question, in this order
    questions: tuple[str, ...] = ()
