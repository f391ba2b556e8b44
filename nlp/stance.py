"""Stance of a comment: supports / objects / proposes / neutral, from cues in bokmål and nynorsk.

Cues are phrases (``nlp/data/stance.json``, our own writing) matched on word boundaries of
the lower-cased text. An objection cue outweighs a support cue, a negated support cue
("ikkje einig") counts as an objection, and a proposal cue decides when neither support nor
objection is stated. A structured position from the form ("Enig", "Delvis enig", "Uenig",
"Ingen merknad") comes first when given, and the text refines "Delvis enig".
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


@cache
def _cues() -> dict:
    text = resources.files("nlp.data").joinpath("stance.json").read_text(encoding="utf-8")
    return json.loads(text)


_KINDS = ("neutral_markers", "objects", "proposes", "supports")


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


def _alternation(phrases) -> re.Pattern:
    alternatives = "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))
    return re.compile(rf"(?<![\wæøå])(?:{alternatives})(?![\wæøå])")


def stance(text: str, position: str | None = None) -> StanceResult:
    """Stance of one comment, combining the form's position (if any) with cues in the text."""
    found = _found(text or "")
    from_text = _decide(found)
    pos = (position or "").strip().lower()
    if pos in _PARTLY:
        # Partly agreeing is support with reservations; the text says which one dominates.
        if from_text.stance == "neutral":
            return StanceResult("proposes", 0.5, ("position:" + pos, *from_text.cues))
        return from_text
    if pos in _POSITIONS:
        return StanceResult(_POSITIONS[pos], 1.0, ("position:" + pos, *from_text.cues))
    return from_text


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
    for m in pattern.finditer(lower):
        cue, kind = m.group(), kind_of[m.group()]
        weight = 2.0 if m.start() >= turn else 1.0
        if kind == "supports" and _negated(lower, m.start()):
            found["objects"].append((f"ikke {cue}", weight))
        else:
            found[kind].append((cue, weight))
    return found


def _negated(lower: str, start: int) -> bool:
    before = re.findall(r"[\wæøå]+", lower[max(0, start - 40) : start])[-_NEGATION_WINDOW:]
    return any(w in _cues()["negations"] for w in before)


def _decide(found: dict[str, list[tuple[str, float]]]) -> StanceResult:
    weight = {k: sum(w for _, w in v) for k, v in found.items()}
    sup, obj, pro = weight["supports"], weight["objects"], weight["proposes"]
    total = sup + obj + pro
    if total == 0:
        neutral = tuple(c for c, _ in found["neutral_markers"])
        return StanceResult("neutral", 1.0 if neutral else 0.0, neutral)
    if obj >= sup and obj > 0:
        kind: Stance = "objects"
    elif pro > sup or (pro and not sup):
        kind = "proposes"
    else:
        kind = "supports"
    return StanceResult(kind, round(weight[kind] / total, 3), tuple(c for c, _ in found[kind]))
