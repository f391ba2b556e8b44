"""The summary report's input: plain frozen data, filled by a service, read by the writers.

No database, no Flask: the Word and Excel writers render exactly what is here.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

#: What a dated row is: a dialogue meeting, a response adopted on its date, or one received on it
MEETING, ADOPTED, RECEIVED = "meeting", "adopted", "received"


@dataclass(frozen=True)
class OverviewRow:
    """One response or meeting in the overview tables."""

    #: "Tinn kommune", or "Alle" for a joint meeting
    consultee: str
    date: date | None
    #: Adopting body with case number ("Kommunestyret, sak 19/4976") or meeting arena
    arena: str
    #: "Vedtak", "Høringssvar", "Innspill i åpen høring", "Arbeidsmøte ca. 3 timer"
    description: str
    #: An open round's respondent (`consultee` is then its marked name), not an invited consultee
    is_public: bool = False
    #: MEETING, ADOPTED or RECEIVED: how the date is labelled
    kind: str = RECEIVED
    #: A municipality, or a joint meeting with them all: the first table; other bodies the second
    is_municipality: bool = True


@dataclass(frozen=True)
class Quote:
    """A verbatim sentence and who said it."""

    consultee: str
    text: str
    #: "nb" or "nn": the quote's own written standard, which may differ from the round's
    language: str = ""
    #: RECEIVED when the sentence is in the consultee's submitted response, MEETING when from meeting notes
    kind: str = RECEIVED
    #: Written in the answer box of the focus area it is reported under (not moved there from another question)
    in_own_box: bool = False


@dataclass(frozen=True)
class ThemeReport:
    """A theme found in the comments on one focus area."""

    label: str
    #: Who raised it
    consultees: tuple[str, ...]
    quotes: tuple[Quote, ...]
    #: "Tatt til følge" | "Delvis tatt til følge" | "Ikke tatt til følge" | "Til orientering"
    assessment: str | None
    assessment_text: str = ""
    #: "nb" or "nn" when the label's words lean that way (a bokmål label in a nynorsk report is tagged so)
    label_language: str = ""


@dataclass(frozen=True)
class AreaReport:
    """One focus area: support at a glance and the themes raised."""

    title: str
    group: str | None
    #: A position's code (app.positions.Position) -> consultee names
    support: dict[str, tuple[str, ...]]
    themes: tuple[ThemeReport, ...]
    #: The comments that fit no focus area («Andre innspill»): no positions are asked there
    is_other: bool = False


@dataclass(frozen=True)
class Minutes:
    """One response or meeting written out."""

    #: "Referat formannskapet i Tinn", "Høringssvar fra Tinn kommune" or
    #: "Innspill fra Ola Nordmann (åpen høring, oppgitt organisasjon: Tinn kommune)"
    heading: str
    #: "11. mars 2019 · Formannskapet · Rjukan rådhus · Arbeidsmøte ca. 3 timer"
    meta: str
    #: (question as heading, answer text; blank lines separate paragraphs)
    sections: tuple[tuple[str, str], ...]
    #: An open round's respondent, not an invited consultee
    is_public: bool = False
    #: MEETING for a dialogue meeting's notes, RECEIVED for a response
    kind: str = RECEIVED
    #: "Til stede: …", who took part in a meeting as the notes name them ("" when not recorded)
    attendees: str = ""
    #: Per section, "nb" or "nn" when its text is in the writer's own standard ("" for the round's words only)
    languages: tuple[str, ...] = ()


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
    #: MEETING or RECEIVED: from a dialogue meeting's notes or from a response
    kind: str = RECEIVED
    #: The meeting's date, or the day the response was received
    date: date | None = None
    #: The consultee's own position (a Position code) in its latest response on the focus area whose answer box
    #: the comment was written in ("" when not written under a focus area), or its answer ("yes" or "no") to
    #: the yes/no question the comment was written under; "" for a meeting note
    position: str = ""
    #: The secretariat's reasons for its assessment of the comment's theme (`assessment` is its label)
    assessment_text: str = ""


@dataclass(frozen=True)
class AreaSummary:
    """A focus area in two to four sentences, each drawn from the data below it."""

    title: str
    #: Who agrees, partly agrees and disagrees, by name; the main points; a quote; the assessments
    sentences: tuple[str, ...]
    #: Which sentence holds a verbatim quote («…»), -1 for none, and the quote's written standard
    quoted: int = -1
    language: str = ""


@dataclass(frozen=True)
class RankRow:
    """A focus area's place in the combined ranking."""

    title: str
    #: Average rank over those who ranked it (1 is the most important)
    mean_rank: float
    #: Borda count: with n areas, a first place gives n - 1 points, a last place none
    borda: int
    #: How many responses ranked it
    ranked_by: int
    #: Its place: areas with the same mean rank and Borda count share one (1, 1, 3 …)
    place: int = 0


@dataclass(frozen=True)
class YesNoRow:
    """A yes/no question and who answered yes and who no, by name (latest submitted versions)."""

    question: str
    yes: tuple[str, ...]
    no: tuple[str, ...]


@dataclass(frozen=True)
class RoundStatus:
    """Where the round stands: what is still to come, what came late, what is not yet assessed."""

    #: The round is open, or an answer may still come: the report is provisional («Foreløpig»)
    is_provisional: bool
    #: Sentences for the status box, in the round's language
    lines: tuple[str, ...]
    #: Invited consultees without a submitted response
    not_answered: tuple[str, ...] = ()
    #: (consultee, last day) of extensions still running for consultees that have not answered
    extensions: tuple[tuple[str, date], ...] = ()
    #: Consultees whose latest response came after their deadline
    late: tuple[str, ...] = ()
    #: Themes without the secretariat's assessment, of all themes
    unassessed: int = 0
    themes: int = 0


@dataclass(frozen=True)
class ReportData:
    """Everything the summary report shows about one round."""

    #: "nb" or "nn": headings and labels in that language
    language: str
    region: str
    #: The round
    title: str
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
    status: RoundStatus = RoundStatus(is_provisional=False, lines=())
    #: «Sammendrag»: per focus area, sentences drawn from `areas`
    summary: tuple[AreaSummary, ...] = ()
    #: The combined ranking, most important first, and a sentence on how many ranked
    ranking: tuple[RankRow, ...] = ()
    ranking_note: str = ""
    #: Each consultee's own ranking: (name, focus-area titles from its first place down), in answer order
    rankings: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: The yes/no questions' answers, in the round's order
    yes_no: tuple[YesNoRow, ...] = ()
    #: Answers from the public (people and bodies who signed up themselves), not counted in `answered`
    public_input: int = 0
    #: Whether the round's comments have been analysed (a finished analysis run): before that, no theme
    #: anywhere says nothing about the comments, and the report must not say that none were made
    analysed: bool = True
    #: A line for the first page on how this edition was made («Maskinomsett frå bokmål …»); "" for the original
    note: str = ""
    #: The passages withheld from the public, in the staff's and the council's edition (which shows them,
    #: marked, and says so on its first page); none in the public edition (publication clears them)
    withheld: tuple[str, ...] = ()
