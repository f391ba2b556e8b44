"""Finding withheld passages in any text derived from a response: by word runs, not whole strings.

Pure module (no Flask, no database). A withheld passage is matched word by word, ignoring case,
punctuation and spacing, so that a quote of one of its sentences, a comment unit cut from its
middle or a text that spells it with other line breaks is found as surely as the passage itself:

- a text shares a *run* with a passage when it holds the same words in the same order: a name
  or a number with a meaningful word beside it ("Kari Hansen", "Storgata 5"), three words of
  which two carry meaning (are not stop words), four with one, any five, or the whole passage
  when it is shorter than that;
- a short text (a quote, a unit) that is itself a piece of a passage is withheld whole;
- a theme label, made of the comments' own words, loses every phrase that holds a meaningful
  word of a withheld passage, compared by stem and by the stems of a compound's parts («møtetider»
  in a label goes with «møtene» withheld, and «tider» with «møtetider»).

The cost is linear in the words of the text and of the passages (set lookups per word).
"""
from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from nlp.lexicon import stem, stem_terms, stop_words

#: Shared runs: (words in a row, how many of them must carry meaning). Two meaningful words
#: count only where one of them is a name or a number ("Kari Hansen", "Storgata 5").
RUNS = ((2, 2), (3, 2), (4, 1), (5, 0))
#: A text this short that is itself a piece of a passage is withheld whole.
LONG_RUN = 5
_WORD = re.compile(r"\w+")
#: Fields of the public data that hold keys, codes and times rather than anyone's words
MACHINE_FIELDS = frozenset({"slug", "language", "submitted_at", "decision_date", "kind", "position", "adopted_by"})
#: Fields that hold a theme label (made of the comments' own words)
LABEL_FIELDS = frozenset({"label", "theme"})
Kind = Literal["text", "label"]
#: A theme label with nothing left once its withheld words are gone, in the round's written standard
HIDDEN_LABELS = {"nb": "Tema (navnet er unntatt offentlighet)", "nn": "Tema (namnet er unnateke offentlegheit)"}


@dataclass(frozen=True)
class Passage:
    """Words withheld from the public and the reason shown in their place."""

    text: str
    reason: str


@dataclass(frozen=True)
class _Word:
    norm: str
    start: int
    end: int


def words(text: str) -> list[_Word]:
    """The words of a text with their places, compared without case or compatibility forms."""
    return [_Word(unicodedata.normalize("NFKC", m.group()).casefold(), m.start(), m.end())
            for m in _WORD.finditer(text or "")]


class Withheld:
    """The withheld passages of a round, ready to find and mark in any text the public may see."""

    def __init__(self, passages: Iterable[Passage], mark: str = "[Unntatt offentlighet: {}]",
                 public: Iterable[str] = ()) -> None:
        """`public`: texts the public reads anyway (the round's title, questions and focus areas); their
        words, where no withheld run covers them, never make a theme label withheld («Andre merknader
        til utkastet» stays, though a withheld sentence says «merknad»)."""
        self.mark = mark
        #: The marks this object writes, whatever their reason (a legal basis: never a withheld word)
        self._marks = re.compile(re.escape(mark).replace(re.escape("{}"), r"[^\]]*"))
        self.passages = tuple(p for p in passages if words(p.text))
        self._stop = stop_words()
        self._runs: dict[int, dict[tuple[str, ...], str]] = {}
        self._pieces: dict[tuple[str, ...], str] = {}
        #: The stems of the passages' meaningful words, and of their compounds' parts
        self._stems: set[str] = set()
        self._parts: set[str] = set()
        for passage in self.passages:
            self._index(passage)
        # What of those texts the public reads: with the withheld runs in them marked, and not the marks
        shown = (self._marks.sub(" ", self.text(text)) for text in public)
        seen = {stem(w.norm) for text in shown for w in words(text)}
        self._stems -= seen
        self._parts -= seen

    def __bool__(self) -> bool:
        return bool(self.passages)

    def text(self, text: str) -> str:
        """The text with every run it shares with a withheld passage replaced by the mark and reason."""
        found = self._covered(text)
        if not found:
            return text or ""
        out, last = [], 0
        for start, end, reason in found:
            out += [text[last:start], self.mark.format(reason)]
            last = end
        return "".join(out) + text[last:]

    def label(self, label: str, fallback: str) -> str:
        """A theme label without the phrases that hold a meaningful word of a withheld passage.

        A label is a list of key words ("Diagnose, trafikksikkerhet") or noun phrases joined
        by "og" ("Bredbånd og mobildekning"); each part is kept or left out whole.
        """
        if not self._stems or not (label or "").strip():
            return label  # no label (a comment in no theme) hides nothing
        listed = bool(re.search(r"[,;·/]", label or ""))
        parts = re.split(r"\s*[,;·/]\s*" if listed else r"\s+og\s+", label or "")
        kept = [phrase for phrase in parts if phrase and not self._names(phrase)]
        if not kept:
            return fallback
        joined = (", " if listed else " og ").join(kept)
        return joined[:1].upper() + joined[1:]

    def overlaps(self, text: str) -> list[str]:
        """The pieces of `text` that share a run with a withheld passage (empty when none).

        The marks in it are left out: what a mark says is a legal basis, not the response's words.
        """
        text = self._marks.sub(" ", text or "")
        return [text[start:end] for start, end, _ in self._covered(text)]

    def label_overlaps(self, label: str) -> bool:
        """Whether a label holds a meaningful word of a withheld passage."""
        return bool(self._stems) and self._names(label)

    def _index(self, passage: Passage) -> None:
        found = words(passage.text)
        norms = [w.norm for w in found]
        content = [n not in self._stop for n in norms]
        named = [c and (w.norm.isdigit() or passage.text[w.start].isupper()) for w, c in zip(found, content, strict=True)]
        for norm in (n for n, c in zip(norms, content, strict=True) if c and not n.isdigit()):
            self._stems.add(stem(norm))
            self._parts.update(stem_terms(norm)[1:])
        if len(norms) <= LONG_RUN:
            self._runs.setdefault(len(norms), {})[tuple(norms)] = passage.reason
        for size, meaningful in RUNS:
            for i in range(len(norms) - size + 1):
                if sum(content[i:i + size]) < meaningful or (size == 2 and not any(named[i:i + size])):
                    continue
                self._runs.setdefault(size, {}).setdefault(tuple(norms[i:i + size]), passage.reason)
        # Every piece up to LONG_RUN words long, for texts that are themselves a piece of a passage.
        for i in range(len(norms)):
            for j in range(i + 2, min(i + LONG_RUN, len(norms)) + 1):
                if any(content[i:j]):
                    self._pieces.setdefault(tuple(norms[i:j]), passage.reason)

    def _covered(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, reason) of each stretch of `text` covered by shared runs, in order."""
        if not self.passages or not text:
            return []
        found = words(text)
        norms = [w.norm for w in found]
        reasons: list[str | None] = [None] * len(found)
        piece = self._pieces.get(tuple(norms)) if 2 <= len(norms) < LONG_RUN else None
        if piece is not None:
            return [(found[0].start, found[-1].end, piece)]
        for size, runs in self._runs.items():
            for i in range(len(norms) - size + 1):
                reason = runs.get(tuple(norms[i:i + size]))
                if reason is not None:
                    for k in range(i, i + size):
                        reasons[k] = reasons[k] or reason
        return _stretches(found, reasons)

    def _names(self, phrase: str) -> bool:
        """Whether a phrase holds a passage's word: the same stem, a part of one of the passage's compounds, or a
        compound with one of the passage's words as a part (two compounds that only share a part do not count:
        «samfunnsutvikling» is not «samfunnssikkerhet»)."""
        for word in words(phrase):
            if word.norm in self._stop or word.norm.isdigit():
                continue
            whole, *parts = stem_terms(word.norm) or (stem(word.norm),)
            if whole in self._stems or whole in self._parts or not self._stems.isdisjoint(parts):
                return True
        return False


def _stretches(found: list[_Word], reasons: list[str | None]) -> list[tuple[int, int, str]]:
    """Neighbouring covered words with the same reason joined into one stretch."""
    stretches: list[tuple[int, int, str]] = []
    for i, (word, reason) in enumerate(zip(found, reasons, strict=True)):
        if reason is None:
            continue
        if stretches and reasons[i - 1] == reason:
            stretches[-1] = (stretches[-1][0], word.end, reason)
        else:
            stretches.append((word.start, word.end, reason))
    return stretches


def may_mark(text: str, passage: str) -> bool:
    """Whether `Withheld.text` could mark anything of `passage` in `text`, in one cheap pass over both.

    Every run and piece is two words or more, except a passage of one word: so the two must share two
    words in a row, or the passage be one word that `text` holds. Used to index only the passages that
    matter for a few short texts (the titles of the public list) instead of all of them.
    """
    mine = [w.norm for w in words(text)]
    pairs = set(zip(mine, mine[1:], strict=False))
    theirs = [w.norm for w in words(passage)]
    return (len(theirs) == 1 and theirs[0] in mine) or any(pair in pairs for pair in zip(theirs, theirs[1:], strict=False))


def contains(text: str, passage: str) -> bool:
    """Whether `passage` stands in `text` word for word (case, spacing and punctuation aside)."""
    needle = " ".join(w.norm for w in words(passage))
    return bool(needle) and f" {needle} " in " " + " ".join(w.norm for w in words(text)) + " "


def rewrite(value: Any, change: Callable[[str, Kind], str], field: str = "") -> Any:
    """`value` with every string in it (through dataclasses, tuples, lists and dict values) changed.

    Walking the whole structure means a field added later to the report or the snapshot is
    covered without anyone remembering to redact it.
    """
    if isinstance(value, str):
        if field in MACHINE_FIELDS:
            return value
        return change(value, "label" if field in LABEL_FIELDS else "text")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: rewrite(getattr(value, f.name), change, f.name)
                                             for f in dataclasses.fields(value) if f.init})
    if isinstance(value, tuple | list):
        return type(value)(rewrite(item, change, field) for item in value)
    if isinstance(value, dict):
        return {key: rewrite(item, change, field) for key, item in value.items()}
    return value


def redact(value: Any, withheld: Withheld, fallback_label: str) -> Any:
    """`value` as the public may see it: withheld runs marked, labels without withheld words."""
    if not withheld:
        return value
    return rewrite(value, lambda text, kind: withheld.label(text, fallback_label) if kind == "label"
                   else withheld.text(text))


def leaks(value: Any, withheld: Withheld) -> list[str]:
    """Every piece of text in `value` that still overlaps a withheld passage."""
    found: list[str] = []

    def check(text: str, kind: Kind) -> str:
        if kind == "label" and withheld.label_overlaps(text):
            found.append(text)
        found.extend(withheld.overlaps(text))
        return text

    if withheld:
        rewrite(value, check)
    return found
