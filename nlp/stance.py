"""Stance of a comment: supports / objects / proposes / neutral, from cues in bokmål and nynorsk.

Cues (``nlp/data/stance.json``, our own writing) are phrases matched on word boundaries of the
lower-cased text, a few patterns for free word order ("slutter Søndre Land kommune seg helt og
fullt til"), and two signals of form, no parser needed: a sentence that opens with a verb of
request ("Tenk …", "Utvikle vidare …", "Ruste opp …") and a short unit with no finite verb at
all, the wish-list item of real statements ("Gang- og sykkelvei langs Fv 2040 fram til skolen").
A request outweighs praise, an objection outweighs a request of equal weight, a negated
support cue ("støtter difor ikkje") is an objection, and what follows "men" weighs double.

A list item without a cue of its own takes the stance of the line that opens its list
(``under_lead_in``): the items under "Innsigelser til arealdelen" are objections, however
much each reads like a wish.

A structured position from the form comes first when given: "Enig" is support (a proposal in
the text makes it "proposes"), "Uenig" is an objection, "Ingen merknad" is neutral. "Delvis
enig" is never support: the text decides between "objects" and "proposes", and without either
it is "objects" (the partial disagreement the form records).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import cache
from importlib import resources

from nlp.types import Stance, StanceResult

_POSITIONS: dict[str, Stance] = {
    "enig": "supports", "einig": "supports", "samd": "supports", "agree": "supports",
    "uenig": "objects", "ueinig": "objects", "usamd": "objects", "disagree": "objects",
    "ingen merknad": "neutral", "ingen merknader": "neutral", "no comment": "neutral",
}
_PARTLY = ("delvis enig", "delvis einig", "delvis samd", "partly", "partly agree")
_NEGATION_WINDOW = 3
#: Units longer than this many words are not read as wish-list items.
_WISH_LIST_WORDS = 16
#: Only this many characters of a unit are read (a unit is a paragraph or a sentence).
_MAX_CHARS = 20_000
_WORD = re.compile(r"[\wæøåÆØÅ-]+")
_SENTENCE_START = re.compile(r"(?:^|[.!?;:\n•–—]\s*|\s-\s)([\wæøåÆØÅ]+)")
# Only from the start of a token: "\S+://" tried at every position of a long token was quadratic.
_URL = re.compile(r"(?<!\S)(?:\S+?://|www\.)\S*")
_KINDS = ("neutral_markers", "objects", "proposes", "supports")


@cache
def _cues() -> dict:
    text = resources.files("nlp.data").joinpath("stance.json").read_text(encoding="utf-8")
    return json.loads(text)


@cache
def _pattern(kind: str) -> re.Pattern:
    return _alternation(_cues()[kind])


@cache
def _all_cues() -> tuple[re.Pattern, dict[str, str]]:
    # One pass over the text: the longest cue wins ("støtter ikke" over "støtter"), and a
    # phrase listed under several kinds keeps the first kind of _KINDS.
    kind_of: dict[str, str] = {}
    for kind in _KINDS:
        for phrase in _cues()[kind]:
            kind_of.setdefault(phrase, kind)
    return _alternation(kind_of), kind_of


@cache
def _patterns() -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((kind, re.compile(p)) for kind, ps in _cues()["patterns"].items() for p in ps)


@cache
def _word_set(kind: str) -> frozenset[str]:
    return frozenset(_cues()[kind])


def _alternation(phrases) -> re.Pattern:
    alternatives = "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))
    return re.compile(rf"(?<![\wæøå])(?:{alternatives})(?![\wæøå])")


def stance(text: str, position: str | None = None) -> StanceResult:
    """Stance of one comment, combining the form's position (if any) with cues in the text."""
    from_text = _decide(_found((text or "")[:_MAX_CHARS]))
    pos = (position or "").strip().lower()
    if pos in _PARTLY:
        if from_text.stance in ("objects", "proposes"):
            return StanceResult(from_text.stance, from_text.score, ("position:" + pos, *from_text.cues))
        return StanceResult("objects", 0.5, ("position:" + pos, *from_text.cues))
    if pos in _POSITIONS:
        kind = _POSITIONS[pos]
        if kind == "supports" and from_text.stance == "proposes":
            return StanceResult("proposes", from_text.score, ("position:" + pos, *from_text.cues))
        return StanceResult(kind, 1.0, ("position:" + pos, *from_text.cues))
    return from_text


def under_lead_in(item: StanceResult, lead_in: StanceResult) -> StanceResult:
    """A list item's stance read with the line that opens its list ("Innsigelser til arealdelen:",
    "Vi støtter disse forslagene:", "Vi ber om at følgende tas inn:"): an item with no cue of its
    own, or only the wish-list form, takes the lead-in's stance; an item's own cue, and the form's
    position, win."""
    if any(c != "wish-list" for c in item.cues) or lead_in.stance == "neutral" or lead_in.cues == ("wish-list",):
        return item
    return StanceResult(lead_in.stance, lead_in.score, ("lead-in", *lead_in.cues))


def stances(texts: Sequence[str], positions: Sequence[str | None] | None = None) -> list[StanceResult]:
    """Stance of many comments, with their positions when the answers have them."""
    positions = positions if positions is not None else [None] * len(texts)
    return [stance(t, p) for t, p in zip(texts, positions, strict=True)]


def _found(text: str) -> dict[str, list[tuple[str, float]]]:
    lower = text.lower()
    # What follows "men" ("but") is what the writer lands on, so it weighs double.
    turn = max((m.end() for m in _pattern("contrast").finditer(lower)), default=len(lower))
    pattern, kind_of = _all_cues()
    found: dict[str, list[tuple[str, float]]] = {kind: [] for kind in _KINDS}

    weak = _word_set("weak")

    def add(kind: str, cue: str, start: int) -> None:
        # A complaint of degree ("for detaljert", "alt for lett") weighs half an objection.
        weight = (2.0 if start >= turn else 1.0) * (0.5 if cue in weak else 1.0)
        found[kind].append((cue, weight))

    for m in pattern.finditer(lower):
        cue, kind = m.group(), kind_of[m.group()]
        if cue in _word_set("reported_wishes") and _previous_word(lower, m.start()) in _word_set("reporting"):
            continue  # "de ønsker å …" reports someone else's wish
        if kind == "supports" and _negated(lower, m.start()):
            add("objects", f"ikke {cue}", m.start())
        elif kind == "objects" and _previous_word(lower, m.start()) in _cues()["negations"]:
            continue  # "må styrkes og ikke svekkes"
        else:
            add(kind, cue, m.start())
    for kind, regex in _patterns():
        for m in regex.finditer(lower):
            add(kind, m.group().strip(), m.start())
    for start, word in _opening_verbs(text):
        add("proposes", f"imperative:{word}", start)
    if not any(found[k] for k in _KINDS) and _is_wish_list(lower):
        found["proposes"].append(("wish-list", 1.0))
    return found


def _previous_word(lower: str, start: int) -> str:
    words = re.findall(r"[\wæøå]+", lower[max(0, start - 20) : start])
    return words[-1] if words else ""


def _negated(lower: str, start: int) -> bool:
    before = re.findall(r"[\wæøå]+", lower[max(0, start - 40) : start])[-_NEGATION_WINDOW:]
    return any(w in _cues()["negations"] for w in before)


def _opening_verbs(text: str) -> list[tuple[int, str]]:
    """Sentences that open with a verb of request: "Tenk små distrikter …", "Utvikle vidare …"."""
    verbs, exceptions = _word_set("imperatives"), _word_set("not_imperative")
    found = []
    for m in _SENTENCE_START.finditer(text):
        word = m.group(1)
        lower = word.lower()
        if not word[0].isupper() or lower in exceptions:
            continue
        if lower in verbs or (len(lower) >= 7 and lower.endswith(("ere", "era"))):
            found.append((m.start(1), lower))
    return found


def _is_wish_list(lower: str) -> bool:
    """A short unit with no finite verb: a wish-list item ("Betre kollektivtilbod til Os.")."""
    if len(lower) > _WISH_LIST_WORDS * 40:  # far too long to be one item, whatever it holds
        return False
    words = _WORD.findall(_URL.sub(" ", lower))
    if not words or len(words) > _WISH_LIST_WORDS or "?" in lower:
        return False
    if not any(len(w) > 2 and not w.isdigit() for w in words):
        return False
    # A finite verb, or a pronoun that needs one, makes it a clause.
    return not any(w in _word_set("finite_verbs") or w in _word_set("clause_words") for w in words)


def _decide(found: dict[str, list[tuple[str, float]]]) -> StanceResult:
    weight = {k: sum(w for _, w in v) for k, v in found.items()}
    sup, obj, pro = weight["supports"], weight["objects"], weight["proposes"]
    total = sup + obj + pro
    if total == 0:
        neutral = tuple(c for c, _ in found["neutral_markers"])
        return StanceResult("neutral", 1.0 if neutral else 0.0, neutral)
    if obj and obj >= pro and obj >= sup:
        kind: Stance = "objects"
    elif pro:
        # A request outweighs praise: "Vi støttar planen, men saknar landbruket."
        kind = "proposes"
    elif obj > sup:
        kind = "objects"
    else:
        kind = "supports"
    return StanceResult(kind, round(weight[kind] / total, 3), tuple(c for c, _ in found[kind]))
