"""What a consultee submitted, frozen: plain data, no database, no Flask.

A snapshot is stored as JSON with each submitted version and is what the receipt, the
differences between versions, the report and the archive are made from. Question and focus
area texts are copied in, so a snapshot reads the same whatever happens to the round later.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from app.positions import Position
from app.positions import legend as letters_legend

#: Longest answer text one field holds: the form, the Word import and the differences all keep to it
MAX_ANSWER = 20_000


def N_(message: str) -> str:
    """Mark a msgid for extraction; it is translated where labels are rendered (app.responses.labels)."""
    return message


#: The positions a consultee can take on a focus area, in form order, with their msgids (app.positions)
POSITIONS = {p.value: p.label for p in Position}
#: The positions' one-letter codes in the matrix, with their msgids
POSITION_LETTERS_MSGIDS = {p.value: p.letter for p in Position}
#: Who adopted the answer, with their msgids
ADOPTED_BY = {"administrasjon": N_("Administrasjonen"), "formannskap": N_("Formannskapet"),
              "kommunestyre": N_("Kommunestyret"), "fylkesutvalg": N_("Fylkesutvalget"),
              "fylkesting": N_("Fylkestinget"), "styre": N_("Styret"), "annet": N_("Annet")}
#: Who may have adopted the answer of each kind of consultee (ConsulteeKind values), in the form's order:
#: a county's answer goes to its county council, not to a «kommunestyre»
ADOPTERS = {"kommune": ("administrasjon", "formannskap", "kommunestyre", "annet"),
            "fylkeskommune": ("administrasjon", "fylkesutvalg", "fylkesting", "annet"),
            "statsforvalter": ("administrasjon", "annet"),
            "annet": ("administrasjon", "styre", "annet")}
#: The Word receipt's fixed texts (also used by the report and the differences), with their msgids
RECEIPT_TEXTS = {
    "title": N_("Kvittering for høringssvar"), "record_title": N_("Høringssvar"), "consultee": N_("Høringsinstans"),
    "round": N_("Høring"),
    "version": N_("Versjon"), "receipt_number": N_("Kvitteringsnummer"), "submitted_at": N_("Sendt inn"), "late": N_("Sendt etter fristen"),
    "adopted_by": N_("Vedtatt av"), "decision_date": N_("Vedtaksdato"), "case_number": N_("Saksnummer"),
    "intro": N_("Dette er en kopi av høringssvaret slik det ble sendt inn."), "unanswered": N_("Ikke besvart"),
    "focus_area": N_("Satsingsområde"), "position": N_("Standpunkt"), "comment": N_("Kommentar"),
    "yes": N_("Ja"), "no": N_("Nei"), "attachments": N_("Vedlegg"), "page": N_("Side"), "of": N_("av")}


@dataclass(frozen=True)
class Labels:
    """The words above in one language."""

    positions: dict[str, str]
    adopted_by: dict[str, str]
    texts: dict[str, str]
    letters: dict[str, str]


BOKMAL_MSGIDS = Labels(POSITIONS, ADOPTED_BY, RECEIPT_TEXTS, POSITION_LETTERS_MSGIDS)
#: Each language's labels, rendered from the catalogs when the app starts (app.responses.labels);
#: without an app (scripts, the pure modules' own tests) the bokmål msgids are the labels
_RENDERED: dict[str, Labels] = {}


def use_labels(language: str, labels: Labels) -> None:
    """Set the labels of `language` (called by app.responses.labels for every language the app speaks)."""
    _RENDERED[language] = labels


def labels_for(language: str) -> Labels:
    """The labels in `language`; bokmål for a language without any."""
    return _RENDERED.get(language) or _RENDERED.get("nb") or BOKMAL_MSGIDS


class _ByLanguage:
    """`X_LABELS[language]` (or `.get(language, …)`): key → label in that language."""

    def __init__(self, part: str) -> None:
        self._part = part

    def __getitem__(self, language: str) -> dict[str, str]:
        return getattr(labels_for(language), self._part)

    def get(self, language: str, default: object = None) -> dict[str, str]:
        return self[language]

    def __contains__(self, language: object) -> bool:
        # The documents' languages, as the dictionaries these replace held (without this,
        # `in` would try indices 0, 1, 2 … through __getitem__ for ever)
        return language in ("nb", "nn")


#: Labels of the positions, by language
POSITION_LABELS = _ByLanguage("positions")
#: Letters of the positions in the matrix, by language
POSITION_LETTERS = _ByLanguage("letters")
#: Labels of who adopted the answer, by language
ADOPTED_BY_LABELS = _ByLanguage("adopted_by")


def position_legend(language: str) -> str:
    """ "E = enig, D = delvis enig, U = uenig, – = ingen merknad" in `language`: what the matrix's letters mean."""
    return letters_legend(POSITION_LETTERS[language], POSITION_LABELS[language])


@dataclass(frozen=True)
class SnapshotAnswer:
    """One answer: to a question, or to a question about one focus area."""

    question_id: int
    question: str
    #: "position" | "ranking" | "text" | "yes_no"
    kind: str
    focus_area_id: int | None = None
    focus_area: str | None = None
    #: A position's code (app.positions.Position) for position questions
    position: str | None = None
    #: 1 is the most important, for ranking questions
    rank: int | None = None
    #: True/False for yes-no questions
    yes: bool | None = None
    text: str = ""


@dataclass(frozen=True)
class SnapshotAttachment:
    id: int
    filename: str
    size: int


@dataclass(frozen=True)
class Snapshot:
    """A submitted response as the consultee sent it."""

    consultation_title: str
    consultee: str
    #: "nb" or "nn": the round's language, for labels
    language: str
    version: int
    submitted_at: str  # ISO 8601, UTC
    is_late: bool = False
    adopted_by: str | None = None
    decision_date: str | None = None  # ISO date
    case_number: str = ""
    answers: tuple[SnapshotAnswer, ...] = ()
    attachments: tuple[SnapshotAttachment, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        return asdict(self)

    def answer_texts(self) -> str:
        """Every answer's text, one after the other: what a passage or a quote is looked up in."""
        return "\n".join(a.text or "" for a in self.answers)

    @classmethod
    def from_dict(cls, data: dict) -> Snapshot:
        return cls(**{**data,
                      "answers": tuple(SnapshotAnswer(**a) for a in data.get("answers", ())),
                      "attachments": tuple(SnapshotAttachment(**a) for a in data.get("attachments", ()))})
