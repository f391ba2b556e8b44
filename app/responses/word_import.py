"""Map a consultee's Word response onto a round's questions, for review before saving.

Pure module: stdlib, python-docx (through the draft reader) and plain data; no Flask.
A heading or short paragraph naming a focus area or a question starts a section; what
follows belongs to it. Everything else is the general comment. A ranking of the focus areas
is read from a table of areas and places, or from lines such as "1. Samferdsel" and
"Samferdsel: 1", into the ranking question rather than into any text. Bokmål and nynorsk.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import groupby

from app.draft_reader import Block, read_docx
from app.positions import Position

#: A response document read for import: its text and paragraphs (a response runs to a few pages;
#: each paragraph is matched against every focus area and question)
MAX_IMPORT_CHARS = 200_000
MAX_IMPORT_BLOCKS = 1_000


@dataclass(frozen=True)
class FocusAreaSpec:
    id: int
    title: str
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuestionSpec:
    id: int
    text: str
    #: "position" | "ranking" | "text" | "yes_no"
    kind: str


@dataclass(frozen=True)
class MappedText:
    """Text proposed as the answer to a question, or to the position question for an area."""

    question_id: int | None
    focus_area_id: int | None
    text: str
    #: the heading/paragraph that decided the mapping, "" when none
    source: str


@dataclass(frozen=True)
class ImportProposal:
    items: tuple[MappedText, ...]
    general_comment: str
    #: focus_area_id -> a position's code (app.positions.Position)
    positions: dict[int, str]
    #: question_id -> the yes (True) or no (False) stated under a yes/no question
    yes_no: dict[int, bool] = field(default_factory=dict)
    #: focus_area_id -> its place (1 first) in the document's ranking, for the round's ranking question
    ranks: dict[int, int] = field(default_factory=dict)
    #: What the document says of its own adoption, where it says so: "adopted_by" (an AdoptedBy value),
    #: "decision_date" (ISO) and "case_number" (read_decision)
    decision: dict[str, str] = field(default_factory=dict)


def propose_mapping(data: bytes, questions: list[QuestionSpec],
                    focus_areas: list[FocusAreaSpec]) -> ImportProposal:
    """Read a .docx response and propose where each part of it goes; raises DraftReadError."""
    blocks = read_docx(data, max_chars=MAX_IMPORT_CHARS, max_blocks=MAX_IMPORT_BLOCKS)
    return map_blocks(blocks, questions, focus_areas)


def map_blocks(blocks: list[Block], questions: list[QuestionSpec],
               focus_areas: list[FocusAreaSpec]) -> ImportProposal:
    """Propose the mapping of already-read blocks (see propose_mapping)."""
    return replace(_Mapper(questions, focus_areas).run(blocks), decision=read_decision(blocks))


# --- the document's own adoption: who adopted it, when, and its case number ---------------------------

#: Only lines this short are read for the adoption (a letterhead's or a minute's line, not the answer's text)
_MAX_DECISION_LINE = 300
_CASE_LABEL = (r"(?:vår|vår\s+ref(?:eranse)?|ref(?:eranse)?|saksnr|saks\s*nr|saksnummer|saksreferanse"
               r"|arkivsaksnr|arkivsaksnummer|arkivsak(?:\s*nr)?)")
#: (a case number as submission.CASE_NUMBER takes it, with a year of two or four digits; this module stays free
#: of the app's services)
_CASE_NUMBER = r"(\d{2}(?:\d{2})?/\d{1,7}(?:-\d{1,4})?)"
#: "Vår ref.: 19/1234-5", "Saksnr: 2019/1234", "Arkivsak 19/00234": the case in the body's archive
_CASE_LINE = re.compile(rf"\b{_CASE_LABEL}\.?\s*[:.]?\s*{_CASE_NUMBER}(?!\d)", re.IGNORECASE)
#: A cell or line that is the label alone, whose value is the next one («Vår ref.: | 19/1234-5»)
_CASE_LABEL_ALONE = re.compile(rf"\s*{_CASE_LABEL}\.?\s*:?\s*", re.IGNORECASE)
_CASE_ALONE = re.compile(rf"\s*{_CASE_NUMBER}\s*")
#: Words that say a body decided (bokmål and nynorsk); "innstilling" (a recommendation) is not one
_DECIDED = re.compile(r"\b(?:vedtak|vedtaket|vedtatt|vedteke|vedtekne|vedtok|vedtaksdato|behandlet|behandla|"
                      r"handsama|handsamet|handsaming|behandling|saksprotokoll|møtebehandling)\b", re.IGNORECASE)
#: … and words that say the line is a proposal to decide, not a decision («Innstilling til vedtak»)
_PROPOSED = re.compile(r"\b(?:innstilling|innstillinga|forslag til vedtak|framlegg til vedtak|tilråding|"
                       r"tilrådd|tilrår)\b", re.IGNORECASE)
#: The bodies that adopt an answer, as documents name them → AdoptedBy values
_BODIES = (
    (re.compile(r"\b(?:kommune|by)styre(?:t|ts|s)?\b", re.IGNORECASE), "kommunestyre"),
    (re.compile(r"\bformannskap(?:et|ets)?\b", re.IGNORECASE), "formannskap"),
    (re.compile(r"\bfylkesting(?:et|ets)?\b", re.IGNORECASE), "fylkesting"),
    (re.compile(r"\bfylkesutval(?:g|get|gets|et|ets)?\b", re.IGNORECASE), "fylkesutvalg"),
    (re.compile(r"\bstyre(?:t|ts)?\b", re.IGNORECASE), "styre"),
    (re.compile(r"\b(?:rådmann(?:en)?|kommunedirektør(?:en)?|administrasjonen|delegert)\b", re.IGNORECASE),
     "administrasjon"),
)
_MONTHS = {name: number for number, names in enumerate((
    ("januar",), ("februar",), ("mars",), ("april",), ("mai",), ("juni",), ("juli",), ("august",),
    ("september",), ("oktober",), ("november",), ("desember",)), start=1) for name in names}
_DATE = re.compile(r"\b(?:(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})|(\d{4})-(\d{2})-(\d{2})|(\d{1,2})\.\s*("
                   + "|".join(_MONTHS) + r")\s+(\d{4}))(?!\d)", re.IGNORECASE)


def read_decision(blocks: list[Block]) -> dict[str, str]:
    """Who adopted the answer, when and under which case number, where the document says so in a short
    line of its own: «Vår ref.: 19/1234-5» (or the label and the number in two cells), «Vedtatt i
    kommunestyret 20.06.2019», «Saksprotokoll i Formannskapet – 12. juni 2019», «Vedtaksdato: 20.06.2019».
    A line needs a word of deciding and a date to give the date (and the body it names); of several, the
    latest date decides (a case goes from the executive committee to the council). Reads each line once."""
    found: dict[str, str] = {}
    decided: tuple[date, int, str | None] | None = None
    texts = [block.text.strip() for block in blocks]
    for i, text in enumerate(texts):
        if not text or len(text) > _MAX_DECISION_LINE:
            continue
        if "case_number" not in found:
            match = _CASE_LINE.search(text)
            if match:
                found["case_number"] = match.group(1)
            elif _CASE_LABEL_ALONE.fullmatch(text) and i + 1 < len(texts) and _CASE_ALONE.fullmatch(texts[i + 1]):
                found["case_number"] = texts[i + 1].strip()
        if not _DECIDED.search(text) or _PROPOSED.search(text):
            continue
        day = _first_date(text)
        if day is not None and (decided is None or day >= decided[0]):
            decided = (day, i, _body(text))
    if decided is not None:
        found["decision_date"] = decided[0].isoformat()
        if decided[2]:
            found["adopted_by"] = decided[2]
    return found


def _first_date(text: str) -> date | None:
    for m in _DATE.finditer(text):
        if m.group(1):
            year = int(m.group(3)) + (2000 if len(m.group(3)) == 2 else 0)
            parts = (year, int(m.group(2)), int(m.group(1)))
        elif m.group(4):
            parts = (int(m.group(4)), int(m.group(5)), int(m.group(6)))
        else:
            parts = (int(m.group(9)), _MONTHS[m.group(8).lower()], int(m.group(7)))
        try:
            return date(*parts)
        except ValueError:
            continue
    return None


def _body(text: str) -> str | None:
    """The adopting body a line names; the first named in the line where it names several."""
    named = [(m.start(), body) for pattern, body in _BODIES for m in [pattern.search(text)] if m]
    return min(named)[1] if named else None


# --- matching -------------------------------------------------------------------------

_NUMBER_PREFIX = re.compile(r"^\s*(?:\d+(?:\.\d+)*[.):]?|[A-Za-z][.)])\s+")
_STOPWORDS = frozenset("""
    og i på til for av med om fra frå er var vi me dere de dei det den dette denne disse
    en et ei ein eit eitt som å at har skal kan vil bør må mener meiner hva kva hvilke
    kva korleis hvordan seg sin sitt sine vår vårt våre oss du jeg eg men eller så også òg
    ved etter under mot inn ut opp ned blir blei vert vart hele heile alle
    satsingsområde satsingsområdet spørsmål spørsmålet tema temaet
""".split())
#: Column labels of a ranking («Satsingsområde | Rangering»)
_RANK_LABELS = frozenset({"rangering", "rang", "plass", "prioritet", "prioritering", "rekkefølge",
                          "rekkjefølgje", "nr", "nummer"})
#: Lines that only label a table column or a field, and carry nothing of their own
_BARE_LABELS = frozenset({"satsingsområde", "satsingsområder", "standpunkt", "kommentar",
                          "kommentarer", "merknad", "merknader", "merknadar"}) | _RANK_LABELS
_MAX_NAMING_WORDS = 12
#: A heading longer than this names a target only by its exact title
_MAX_HEADING_WORDS = 30
_EXACT, _KEYWORD = 2.0, 0.4


def normalise(text: str) -> str:
    """Case-folded words without numbering or punctuation, "&" read as "og"."""
    text = _NUMBER_PREFIX.sub("", text.casefold().replace("&", " og "))
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def significant(words: list[str]) -> list[str]:
    """Words that carry meaning: no stop words, no bare numbers."""
    return [w for w in words if w not in _STOPWORDS and not w.isdigit()]


def _same_word(a: str, b: str) -> bool:
    """Equal, or one an inflection or compound of the other ("samferdsel", "samferdselen")."""
    return a == b or (min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)))


@dataclass(frozen=True)
class _Target:
    """A focus area or question as the matching needs it, normalised once per import."""

    kind: str
    id: int
    norm: str
    words: tuple[str, ...]
    keywords: tuple[str, ...] = ()

    @classmethod
    def of(cls, kind: str, target_id: int, title: str, keywords: tuple[str, ...] = ()) -> _Target:
        norm = normalise(title)
        return cls(kind, target_id, norm, tuple(significant(norm.split()) or norm.split()),
                   tuple(k for k in map(normalise, keywords) if k))


def title_score(text: str, text_words: list[str], target: _Target) -> float:
    """How strongly normalised text (and its significant words) names a target: 2 exact, 0.5–1 most words, else 0."""
    if not target.norm or not text:
        return 0.0
    if text == target.norm:
        return _EXACT
    if not text_words or not target.words:
        return 0.0
    coverage = sum(any(_same_word(w, v) for v in text_words) for w in target.words) / len(target.words)
    if coverage <= 0.5:
        return 0.0
    precision = sum(any(_same_word(v, w) for w in target.words) for v in text_words) / len(text_words)
    if precision < 0.4:
        return 0.0
    return 0.8 * coverage + 0.2 * precision


def keyword_score(text: str, keywords: tuple[str, ...]) -> float:
    """A focus area's (normalised) keyword as whole words of the text, or as the start of one of them."""
    words = text.split()
    for keyword in keywords:
        if f" {keyword} " in f" {text} " or (
                " " not in keyword and len(keyword) >= 4 and any(w.startswith(keyword)
                                                                  for w in words)):
            return _KEYWORD
    return 0.0


# --- positions ------------------------------------------------------------------------

_POSITION = re.compile(
    r"^(?P<label>(?:vårt\s+|kommunens\s+)?standpunkt(?:\s+er)?\s*[:\-–]?\s*)?"
    r"(?:(?:vi|me|kommunen|formannskapet|kommunestyret|[\w-]+\s+(?:fylkes)?kommune)\s+"
    r"(?:er\s+)?)?"
    r"(?P<pos>delvis\s+ei?nige?|ikke\s+enige?|ikkje\s+einige?|uei?nige?|ei?nige?"
    r"|ingen\s+(?:merknad\w*|kommentar\w*))\b", re.I)
#: words after a position that still make a bare statement ("Einig i forslaget.")
_TRAILING_WORDS = 3


def parse_position(text: str) -> tuple[str, str] | None:
    """(position code, remaining text) when a paragraph states a position, else None.

    "Enig", "Vi er einig i dette.", "Standpunkt: delvis enig" state one; so does a position
    that is its own sentence before more text ("Uenig. Vegen mangler."), which keeps the rest.
    "Vi er enige i at vegen er viktig" is a comment, not a position.
    """
    text = text.strip()
    match = _POSITION.match(text)
    if not match:
        return None
    after = text[match.end():]
    rest = after.lstrip(" .,;:!–-")
    if re.match(r"\s*[.!:;–-]", after):
        pass  # the position is a sentence of its own; what follows is a comment
    elif len(rest.split()) <= _TRAILING_WORDS:
        rest = ""  # "Enig i dette." says nothing more than the position
    elif match.group("label"):
        rest = text[match.start("pos"):]  # "Standpunkt: enig i hovudsak, men …" reads whole
        rest = rest[0].upper() + rest[1:]
    else:
        return None
    words = match.group("pos").casefold().split()
    if words[0] == "delvis":
        return Position.PARTLY.value, rest
    if words[0] in ("ikke", "ikkje") or words[0].startswith("u"):
        return Position.DISAGREE.value, rest
    if words[0] == "ingen":
        return Position.NO_COMMENT.value, rest
    return Position.AGREE.value, rest


_YES_NO = re.compile(r"^(?P<word>ja|jo|nei)\b", re.I)


def parse_yes_no(text: str) -> tuple[bool, str] | None:
    """(yes, remaining text) when a paragraph answers a yes/no question, else None.

    "Ja", "Nei." and "Ja takk" answer it and say nothing more; "Nei. Vi har ikke midler." answers it
    and keeps the comment; "Ja, fra 2026." answers it and is kept whole as the comment, as written.
    "Jakt og fiske …" and "Nei-siden …" do not answer it.
    """
    text = text.strip()
    match = _YES_NO.match(text)
    if not match:
        return None
    yes = match.group("word").casefold() != "nei"
    after = text[match.end():]
    if after.startswith("-"):
        return None  # "Nei-siden", "Ja-sida": a word, not an answer
    if re.match(r"\s*[.!:;–]", after):
        return yes, after.lstrip(" .!:;–").strip()
    if after.startswith(","):
        return yes, text
    if len(after.split()) <= _TRAILING_WORDS and not after.strip().endswith("?"):
        return yes, ""
    return None


# --- rankings -------------------------------------------------------------------------

#: A place in a ranking: a table cell of its own («1», «1.»)
_RANK = re.compile(r"^(\d{1,2})\.?$")
#: A line ranking a focus area: «1. Samferdsel», «1) Samferdsel», «Samferdsel: 1», «Samferdsel – 1»
_RANK_FIRST = re.compile(r"^(?P<rank>\d{1,2})\s*[.):]?\s+(?P<name>\S.*)$")
_RANK_LAST = re.compile(r"^(?P<name>.*\S)\s*[:–-]\s*(?P<rank>\d{1,2})\.?$")


def parse_rank_line(text: str, *, numbered_first: bool) -> tuple[int, str] | None:
    """(place, the words naming what is ranked) when a line gives a place, else None.

    "Samferdsel: 1" and "Samferdsel – 1" give one anywhere; "1. Samferdsel" only when numbered_first
    (under the ranking question: elsewhere it is a numbered heading or list).
    """
    text = text.strip()
    match = _RANK_LAST.match(text) or (_RANK_FIRST.match(text) if numbered_first else None)
    if not match:
        return None
    return int(match.group("rank")), match.group("name").strip().rstrip(".,;:–- ")


#: A heading that only names the document as a response: «Høringssvar fra …», «Høyringsfråsegn», «Uttalelse»
_RESPONSE_TITLE = re.compile(
    r"^(?:(?:vår|vårt|kommunens)\s+)?(?:høringssvar|høyringssvar|høringsuttalelse|høyringsuttale|høyringsfråsegn"
    r"|høringsinnspill|høyringsinnspel|uttalelse|uttale|fråsegn|innspill|innspel)\b[^.!?]{0,150}$", re.I)


# --- sections -------------------------------------------------------------------------

@dataclass
class _Section:
    question_id: int | None
    focus_area_id: int | None
    source: str
    #: heading level that started it; None for a paragraph, which any heading ends
    level: int | None
    parts: list[str] = field(default_factory=list)
    fresh: bool = True  # nothing read under it yet: a position may follow
    list_run: int = 0  # items in the list being read, for numbering
    ranked: int = 0  # list items read as places in the ranking, for their order


class _Mapper:
    def __init__(self, questions: list[QuestionSpec], focus_areas: list[FocusAreaSpec]) -> None:
        self.targets = [_Target.of("focus_area", a.id, a.title, a.keywords) for a in focus_areas] + [
            _Target.of("question", q.id, q.text) for q in questions]
        self.position_question = next((q.id for q in questions if q.kind == "position"), None)
        self.ranking_question = next((q.id for q in questions if q.kind == "ranking"), None)
        self.places = len(focus_areas)  # a ranking's places run from 1 to the number of focus areas
        self.yes_no_questions = {q.id for q in questions if q.kind == "yes_no"}
        self.yes_no: dict[int, bool] = {}
        self.general = _Section(None, None, "", None)
        self.current = self.general
        self.sections: list[_Section] = []
        self.positions: dict[int, str] = {}
        self.ranks: dict[int, int] = {}

    def run(self, blocks: list[Block]) -> ImportProposal:
        for table, group in groupby(blocks, key=lambda b: b.cell[0] if b.cell else None):
            if table is not None:
                self._table(list(group))
                continue
            for block in group:
                if block.kind == "heading":
                    self._heading(block)
                else:
                    self._text(block)
        return ImportProposal(self._items(), "\n\n".join(self.general.parts), self.positions, self.yes_no,
                              self.ranks)

    def _in_ranking(self) -> bool:
        """Whether the section being read is the ranking question's."""
        return (self.ranking_question is not None and self.current.question_id == self.ranking_question
                and self.current.focus_area_id is None)

    def _table(self, blocks: list[Block]) -> None:
        """A table that ranks the focus areas gives the ranking and nothing else; any other table is read
        cell by cell, as paragraphs (a row naming a focus area starts its section)."""
        rows: dict[int, dict[int, list[str]]] = {}
        for block in blocks:
            _number, row, column = block.cell
            rows.setdefault(row, {}).setdefault(column, []).append(block.text)
        ranks = self._ranking_table([[" ".join(texts) for _c, texts in sorted(row.items())] for row in rows.values()])
        if ranks:
            for area_id, rank in ranks.items():
                self.ranks.setdefault(area_id, rank)
            return
        for block in blocks:
            self._text(block)

    def _ranking_table(self, rows: list[list[str]]) -> dict[int, int] | None:
        """focus_area_id -> place when every row names one focus area and gives a place, each in a cell of
        its own, after at most one heading row («Satsingsområde | Rangering»); None for any other table.

        Under the ranking question, or under a heading row that says so, the places are taken as they
        stand (the review shows them); elsewhere only places 1, 2, 3 … in some order make a ranking.
        """
        if self.ranking_question is None:
            return None
        rows = [filled for filled in ([text for text in row if text.strip()] for row in rows) if filled]
        labelled = False
        if rows and self._ranked_cells(rows[0]) is None and self._heading_row(rows[0]):
            labelled = any(word in _RANK_LABELS for text in rows[0] for word in normalise(text).split())
            rows = rows[1:]
        ranks: dict[int, int] = {}
        for row in rows:
            found = self._ranked_cells(row)
            if found is None or found[0] in ranks:
                return None
            ranks[found[0]] = found[1]
        if not ranks:
            return None
        if self._in_ranking() or labelled:
            return ranks
        return ranks if len(ranks) > 1 and sorted(ranks.values()) == list(range(1, len(ranks) + 1)) else None

    def _heading_row(self, cells: list[str]) -> bool:
        """A row of column labels: short cells, none naming a focus area or giving a place."""
        return all(len(text.split()) <= _MAX_NAMING_WORDS and not _RANK.match(text.strip())
                   and self._area_named(text) is None for text in cells)

    def _ranked_cells(self, cells: list[str]) -> tuple[int, int] | None:
        """(focus_area_id, place) when a row is exactly a cell naming a focus area and a cell giving a place."""
        if len(cells) != 2:
            return None
        for number, name in (cells, cells[::-1]):
            match = _RANK.match(number.strip())
            if match and 1 <= int(match.group(1)) <= self.places:
                area_id = self._area_named(name)
                return (area_id, int(match.group(1))) if area_id is not None else None
        return None

    def _area_named(self, text: str) -> int | None:
        """The focus area a short text names, else None."""
        target = self.names(text, heading=False)
        return target[1] if target and target[0] == "focus_area" else None

    def _rank(self, block: Block) -> bool:
        """Record a place in the ranking stated by a line; True when the line was read so.

        "Samferdsel: 1" ranks anywhere; "1. Samferdsel" and a list item naming a focus area only under
        the ranking question (a list's items take their places in order). The line is text no comment gets.
        """
        if self.ranking_question is None:
            return False
        in_ranking = self._in_ranking()
        found = parse_rank_line(block.text, numbered_first=in_ranking)
        if found is None and in_ranking and block.kind == "list_item":
            found = self.current.ranked + 1, block.text.strip().rstrip(".,;: ")
        if found is None or not 1 <= found[0] <= self.places:
            return False
        area_id = self._area_named(found[1])
        if area_id is None:
            return False
        self.ranks.setdefault(area_id, found[0])
        if in_ranking:
            self.current.fresh = False
            if block.kind == "list_item":
                self.current.ranked += 1
        return True

    def _heading(self, block: Block) -> None:
        target = self.names(block.text, heading=True)
        if target:
            self._start(target, block.text, block.level)
        elif self.current.level is not None and block.level > self.current.level:
            self._add(block.text, listed=False)  # a sub-heading inside the section
        else:
            self.current = self.general
            # The document's title («Høringssvar fra Tinn kommune», at any heading level) says nothing of its own
            if block.level > 0 and not _RESPONSE_TITLE.match(block.text.strip()):
                self._add(block.text, listed=False)

    def _text(self, block: Block) -> None:
        text = block.text
        if block.kind == "paragraph" and normalise(text) in _BARE_LABELS:
            return
        if self._rank(block):
            return
        if block.kind == "paragraph" and (self._answer(text) or self._named(text)):
            return
        self._add(text, listed=block.kind == "list_item", numbered=block.numbered)

    def _named(self, text: str) -> bool:
        """A paragraph naming a target, alone or as a "Title: text" lead, starts a section."""
        target = self.names(text, heading=False)
        if target:
            self._start(target, text, None)
            return True
        label, colon, rest = text.partition(":")
        target = self.names(label, heading=False) if colon and rest.strip() else None
        if not target:
            return False
        self._start(target, label.strip(), None)
        if not self._answer(rest.strip()):
            self._add(rest.strip(), listed=False)
        return True

    def _answer(self, text: str) -> bool:
        """Record a position stated right under its focus area, or a yes or no right under its yes/no
        question (the rest of the paragraph is its comment); True when the paragraph was read so."""
        section = self.current
        if not section.fresh:
            return False
        if section.focus_area_id is not None:
            parse, found_in, key = parse_position, self.positions, section.focus_area_id
        elif section.question_id in self.yes_no_questions:
            parse, found_in, key = parse_yes_no, self.yes_no, section.question_id
        else:
            return False
        found = parse(text)
        if not found:
            return False
        found_in.setdefault(key, found[0])
        if found[1]:
            self._add(found[1], listed=False)
        section.fresh = False
        return True

    def names(self, text: str, heading: bool) -> tuple[str, int] | None:
        """("focus_area" | "question", id) that the text names, the strongest match first."""
        norm = normalise(text)
        words = norm.split()
        naming = len(words) <= _MAX_HEADING_WORDS if heading else (
            len(words) <= _MAX_NAMING_WORDS and not text.rstrip().endswith((".", ",", ";")))
        if not naming:  # a long line names a target only by its exact title
            return next(((t.kind, t.id) for t in self.targets if t.norm and norm == t.norm), None)
        text_words = significant(words)
        best, best_score = None, 0.0
        for target in self.targets:
            score = max(title_score(norm, text_words, target), keyword_score(norm, target.keywords))
            if score > best_score:  # strictly: ties keep the earlier, focus areas first
                best, best_score = (target.kind, target.id), score
        return best

    def _start(self, target: tuple[str, int], source: str, level: int | None) -> None:
        kind, target_id = target
        if kind == "focus_area":
            self.current = _Section(self.position_question, target_id, source.strip(), level)
        else:
            self.current = _Section(target_id, None, source.strip(), level)
        self.sections.append(self.current)

    def _add(self, text: str, listed: bool, numbered: bool = False) -> None:
        section = self.current
        section.fresh = False
        if not listed:
            section.parts.append(text)
            section.list_run = 0
            return
        section.list_run += 1
        line = f"{section.list_run}. {text}" if numbered else f"- {text}"
        if section.list_run > 1 and section.parts:
            section.parts[-1] += "\n" + line
        else:
            section.parts.append(line)

    def _items(self) -> tuple[MappedText, ...]:
        """One item per question and focus area, in order of first appearance."""
        merged: dict[tuple[int | None, int | None], tuple[str, list[str]]] = {}
        for section in self.sections:
            key = (section.question_id, section.focus_area_id)
            source, parts = merged.setdefault(key, (section.source, []))
            parts.extend(section.parts)
        return tuple(MappedText(q, a, "\n\n".join(parts), source)
                     for (q, a), (source, parts) in merged.items() if parts)
