"""Cut a response text into comment units (paragraphs, list items, sentences) with offsets."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from nlp.types import Unit

#: Paragraphs longer than this are cut into sentences, so a unit stays readable and topical.
MAX_UNIT_CHARS = 1200
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_ITEM = re.compile(r"^[ \t]*(?:[-–—•*▪●]|\d{1,2}[.)]|[a-zA-Z][.)])[ \t]+", re.MULTILINE)
# A sentence ends at . ! ? followed by space and an upper-case letter or a digit; common
# Norwegian abbreviations ("bl.a.", "f.eks.", "jf.", "ca.") do not end one.
_ABBREV = r"(?<!\bbl\.a)(?<!\bf\.eks)(?<!\bm\.a)(?<!\bt\.d)(?<!\bjf)(?<!\bca)(?<!\bnr)(?<!\bkl)"
# Only from the first mark of a run: trying each mark of a long run ("!!!!…") again was quadratic.
_SENTENCE_END = re.compile(_ABBREV + r"(?<![.!?])[.!?]+[\"»”)]?\s+(?=[A-ZÆØÅ0-9«\"])")


def segment(text: str) -> list[Unit]:
    """Split a response into paragraphs and list items; overlong paragraphs into sentences."""
    units: list[Unit] = []
    for para_start, para_end in _paragraphs(text or ""):
        for start, end, kind in _items(text, para_start, para_end):
            if end - start > MAX_UNIT_CHARS:
                units.extend(sentences(text, start, end))
            else:
                units.append(Unit(text[start:end], start, end, kind))
    return units


def _paragraphs(text: str) -> list[tuple[int, int]]:
    cuts = [0, *(i for m in _BLANK_LINE.finditer(text) for i in m.span()), len(text)]
    spans = (_strip(text, a, b, "paragraph") for a, b in zip(cuts[::2], cuts[1::2], strict=True))
    return [(a, b) for a, b, _ in spans if b > a]


def sentences(text: str, start: int = 0, end: int | None = None) -> list[Unit]:
    """Sentences of ``text[start:end]`` as units with offsets into ``text``."""
    end = len(text) if end is None else end
    out, cursor = [], start
    for m in _SENTENCE_END.finditer(text, start, end):
        out.extend(_trimmed(text, cursor, m.start() + len(m.group().rstrip()), "sentence"))
        cursor = m.end()
    out.extend(_trimmed(text, cursor, end, "sentence"))
    return out


def split_mixed(text: str, units: Sequence[Unit],
                topic_of: Callable[[list[str]], list[str]]) -> list[Unit]:
    """Cut a paragraph into sentences where its sentences are about different topics."""
    out: list[Unit] = []
    for unit in units:
        parts = sentences(text, unit.start, unit.end) if unit.kind == "paragraph" else []
        topics = topic_of([p.text for p in parts]) if len(parts) > 1 else []
        if len({t for t in topics if t}) > 1:
            out.extend(_merge_same_topic(text, parts, topics))
        else:
            out.append(unit)
    return out


#: A sentence that opens with one of these points back at the one before it ("Dette gjeld …").
_BACK_WORDS = r"dette|denne|disse|desse|slik|slikt|her|derfor|difor|dermed|det samme|det same|samtidig"
#: "Det bør videreføres …", "Den må styrkes": a pronoun with a modal and a passive verb points back too,
#: unless a particle or preposition brings in what the sentence is about ("Det bør satses på …",
#: "Det må legges til rette for …": there "det" is only the formal subject).
_REFERS_BACK = re.compile(
    rf"^(?:(?:{_BACK_WORDS})\b|(?:det|den)\s+(?:bør|må|skal|kan|vil|burde|kunne|vert|blir)"
    r"\s+(?:\w+\s+)?\w+[^\W\d_]es\b(?!\s+(?:på|for|til|opp|ut|inn|fram|frem|av|mot|over|om|etter)\b))",
    re.IGNORECASE)


#: "Det passer bedre på kommunalt nivå.": verbs that never take the formal "det" of "Det er viktig å …",
#: "Det finnes …", so "det" or "den" before them is the thing the sentence before spoke of.
_REFERRING_VERBS = (r"passer|passar|gjelder|gjeld|handler|handlar|betyr|tyder|viser|fungerer|fungerar|virker|verkar|"
                    r"hjelper|koster|kostar|rammer|råkar|treffer|løser|løyser|svekker|svekkjer|styrker|styrkjer|"
                    r"bidrar|bidreg|krever|krev|hører|høyrer")
_REFERS_BY_VERB = re.compile(rf"^(?:det|den)\s+(?:{_REFERRING_VERBS})\b(?!\s+seg\b)", re.IGNORECASE)
#: "Det er for lite.", "Det er ikke godt nok.": "det er" with a short judgement and nothing after it
#: (not "Det er behov for bredbånd.", where a preposition brings in a topic of its own).
_SHORT_JUDGEMENT = re.compile(r"^(?:det|den)\s+(?:er|var|blir|vert|blei|ble)\s+((?:\w+\s+){0,2}\w+)\s*[.!]?\s*$",
                              re.IGNORECASE)
_TOPIC_PREPOSITIONS = frozenset({"av", "i", "på", "til", "med", "om", "mot", "ved", "hos", "fra", "frå", "for"})
#: "Vi bør heller møte dem som bestemmer.": a contrast early in the sentence answers the one before it.
_CONTRAST_EARLY = re.compile(r"^(?:\S+\s+){0,3}(?:heller|i stedet|i staden|isteden|derimot|likevel)\b",
                             re.IGNORECASE)


def _short_judgement(opening: str) -> bool:
    found = _SHORT_JUDGEMENT.match(opening)
    if not found:
        return False
    words = found.group(1).lower().split()
    # "for" opens a degree ("for lite"), elsewhere a topic ("behov for bredbånd")
    return not any(w in _TOPIC_PREPOSITIONS for w in words[1:] if not (w == "for" and words.index(w) == 0))


#: "Vi savner et eget avsnitt om det.": a sentence that ends on a pronoun after a preposition names
#: what it is about only in the sentence before.
_ENDS_BACK = re.compile(r"\b(?:om|til|på|med|for|av|i|mot|ved|under)\s+(?:det|dette|den|denne|dei|dem|disse|desse)"
                        r"\s*[.!?]*[»\"”)]?\s*$", re.IGNORECASE)


def refers_back(sentence: str) -> bool:
    """Whether a sentence leans on the one before it ("Det bør videreføres med egen finansiering.",
    "Det passer bedre på kommunalt nivå.", "Det er for lite.", "Vi bør heller møte dem som bestemmer.",
    "Vi savner et eget avsnitt om det.")."""
    opening = sentence.lstrip("«\"(– ")
    return bool(_REFERS_BACK.match(opening) or _REFERS_BY_VERB.match(opening) or _short_judgement(opening)
                or _CONTRAST_EARLY.match(opening) or _ENDS_BACK.search(sentence))


def _merge_same_topic(text: str, parts: list[Unit], topics: list[str]) -> list[Unit]:
    # A sentence without a topic of its own ("Dette er viktig.") stays with the one before it, and
    # so does one that points back at it, whatever its own words are about.
    groups: list[list[Unit]] = []
    current = None
    for part, topic in zip(parts, topics, strict=True):
        if groups and (not topic or topic == current or refers_back(part.text)):
            groups[-1].append(part)
        else:
            groups.append([part])
            current = topic or current
    kind = "sentence"
    return [Unit(text[g[0].start : g[-1].end], g[0].start, g[-1].end, kind) for g in groups]


def _items(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    marks = list(_ITEM.finditer(text, start, end))
    if not marks:
        return [(start, end, "paragraph")]
    spans = []
    if marks[0].start() > start:
        spans.append((start, marks[0].start(), "paragraph"))
    for m, nxt in zip(marks, marks[1:] + [None], strict=True):
        spans.append((m.end(), nxt.start() if nxt else end, "item"))
    return [(s, e, k) for s, e, k in (_strip(text, *span) for span in spans) if e > s]


def _strip(text: str, start: int, end: int, kind: str) -> tuple[int, int, str]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end, kind


def _trimmed(text: str, start: int, end: int, kind: str) -> list[Unit]:
    start, end, kind = _strip(text, start, end, kind)
    return [Unit(text[start:end], start, end, kind)] if end > start else []
