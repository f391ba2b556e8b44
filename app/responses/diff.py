"""What changed between two submitted versions of a response, in readable values.

Pure module: stdlib and the snapshot types; no Flask, no database.
"""
from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass

from app.responses.receipt import long_date, size_kb, texts_for
from app.snapshot import (
    ADOPTED_BY_LABELS,
    MAX_ANSWER,
    POSITION_LABELS,
    Snapshot,
    SnapshotAnswer,
)

Key = tuple[int, int | None]


@dataclass(frozen=True)
class Change:
    """One changed value: of an answer, or of the response itself (question "")."""

    question: str
    focus_area: str | None
    #: "position" | "rank" | "yes" | "text" | "adopted_by" | "decision_date" | "case_number"
    #: | "attachments"
    field: str
    before: str
    after: str


def diff_snapshots(old: Snapshot | None, new: Snapshot) -> list[Change]:
    """Changes from old to new: the response's facts first, then answers in the new order.

    Answers are matched by (question_id, focus_area_id); an answer only one side has is
    compared with an empty one. With no old version every non-empty value is a change.
    """
    language = new.language
    changes = _fact_changes(old, new, language)
    old_answers = {_key(a): a for a in old.answers} if old else {}
    new_answers = {_key(a): a for a in new.answers}
    for key in merged_keys(list(old_answers), list(new_answers)):
        changes += _answer_changes(old_answers.get(key), new_answers.get(key), language)
    return changes


def merged_keys(old: list[Key], new: list[Key]) -> list[Key]:
    """New keys in order, each old-only key placed right after its predecessor in old."""
    merged = list(new)
    present = set(new)
    for i, key in enumerate(old):
        if key in present:
            continue
        position = merged.index(old[i - 1]) + 1 if i else 0
        merged.insert(position, key)
        present.add(key)
    return merged


def _key(answer: SnapshotAnswer) -> Key:
    return answer.question_id, answer.focus_area_id


def _answer_changes(old: SnapshotAnswer | None, new: SnapshotAnswer | None,
                    language: str) -> list[Change]:
    either = new or old
    changes = []
    for field in ("position", "rank", "yes", "text"):
        before, after = (answer_value(a, field, language) for a in (old, new))
        if before != after:
            changes.append(Change(either.question, either.focus_area, field, before, after))
    return changes


def answer_value(answer: SnapshotAnswer | None, field: str, language: str) -> str:
    """One field of an answer as shown to people; "" when empty or when there is no answer."""
    if answer is None:
        return ""
    if field == "position":
        labels = POSITION_LABELS.get(language, POSITION_LABELS["nb"])
        return labels.get(answer.position, answer.position) if answer.position else ""
    if field == "rank":
        return "" if answer.rank is None else str(answer.rank)
    if field == "yes":
        t = texts_for(language)
        return "" if answer.yes is None else t["yes"] if answer.yes else t["no"]
    return _normal_text(answer.text)


def _normal_text(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _fact_changes(old: Snapshot | None, new: Snapshot, language: str) -> list[Change]:
    labels = ADOPTED_BY_LABELS.get(language, ADOPTED_BY_LABELS["nb"])
    values = {
        "adopted_by": lambda s: labels.get(s.adopted_by, s.adopted_by) if s.adopted_by else "",
        "decision_date": lambda s: long_date(s.decision_date) if s.decision_date else "",
        "case_number": lambda s: s.case_number.strip(),
    }
    changes = []
    for field, value in values.items():
        before, after = (value(old) if old else ""), value(new)
        if before != after:
            changes.append(Change("", None, field, before, after))
    return changes + _attachment_changes(old, new)


def _attachment_changes(old: Snapshot | None, new: Snapshot) -> list[Change]:
    """One change per removed and per added file, matched by name and size."""
    def files(snapshot):
        return Counter((a.filename, a.size) for a in snapshot.attachments) if snapshot else Counter()
    before, after = files(old), files(new)
    removed = [Change("", None, "attachments", _file_label(f), "") for f in before - after]
    added = [Change("", None, "attachments", "", _file_label(f)) for f in after - before]
    return removed + added


def _file_label(file: tuple[str, int]) -> str:
    return f"{file[0]} ({size_kb(file[1])})"


# --- inline text differences ----------------------------------------------------------
#
# Two levels, each bounded: difflib over sentences and lines (a few hundred per answer),
# then word by word only inside changed runs small enough for it. difflib's matcher is
# cubic at worst, so each level has a cap; past it the text is shown changed as a whole.

#: Either side longer than this (the answer field's cap) is not compared: shown whole
MAX_DIFF_CHARS = MAX_ANSWER
#: Sentences and lines per side compared; more is shown whole
MAX_DIFF_UNITS = 2_000
#: A sentence or line found more often than this in the newer text does not anchor the matching
MAX_REPEATS = 8
#: A changed run is compared word by word when its tokens, before times after, are at most this …
MAX_WORD_PAIRS = 20_000
#: … and while all word-by-word comparisons together stay under this; later runs are shown whole
WORD_PAIR_BUDGET = 200_000

_TOKENS = re.compile(r"\w+|[^\w\s]|\s+")
#: The end of a sentence (its final mark and the space after it) or of a line (and blank lines after)
_UNIT_END = re.compile(r"(?<=[.!?…])\s+|\n\s*")


def text_diff(before: str, after: str) -> list[tuple[str, str]] | None:
    """Segments ("equal" | "delete" | "insert", text) turning before into after; None when too long.

    Joining the equal and delete texts gives before; the equal and insert texts give after.
    Sentences and lines are matched first, then words inside changed ones; None means a side
    is over MAX_DIFF_CHARS or MAX_DIFF_UNITS, and the text is shown whole, before and after.
    """
    if len(before) > MAX_DIFF_CHARS or len(after) > MAX_DIFF_CHARS:
        return None
    a, b = units(before), units(after)
    if len(a) > MAX_DIFF_UNITS or len(b) > MAX_DIFF_UNITS:
        return None
    budget = [WORD_PAIR_BUDGET]
    raw: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in _matcher(a, b).get_opcodes():
        old, new = "".join(a[i1:i2]), "".join(b[j1:j2])
        raw += [("equal", old)] if op == "equal" else _changed_run(old, new, budget)
    return _merge(_absorb_spaces(raw))


def _matcher(a: list[str], b: list[str]) -> difflib.SequenceMatcher:
    """A matcher that ignores, as anchors, sentences repeated over MAX_REPEATS times in after.

    The matcher's work grows with the pairs of equal items; a sentence written 300 times
    would make it cubic. Such sentences still join the matches next to them.
    """
    counts = Counter(b)
    return difflib.SequenceMatcher(lambda unit: counts[unit] > MAX_REPEATS, a, b, autojunk=False)


def units(text: str) -> list[str]:
    """The sentences and lines of a text, each with the space after it; joined they give the text."""
    cuts = [m.end() for m in _UNIT_END.finditer(text)]
    return [text[i:j] for i, j in zip([0, *cuts], [*cuts, len(text)], strict=True) if j > i]


def _changed_run(before: str, after: str, budget: list[int]) -> list[tuple[str, str]]:
    """A changed run of sentences: word by word when small enough and the budget allows, else whole."""
    a, b = _TOKENS.findall(before), _TOKENS.findall(after)
    pairs = len(a) * len(b)
    if pairs > MAX_WORD_PAIRS or pairs > budget[0]:
        return [("delete", before), ("insert", after)]
    budget[0] -= pairs
    raw: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            raw.append(("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            raw.append(("delete", "".join(a[i1:i2])))
        if j2 > j1:
            raw.append(("insert", "".join(b[j1:j2])))
    return raw


def _absorb_spaces(segments: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Fold a lone space between two changes into them, so changed words read as one run."""
    out: list[tuple[str, str]] = []
    for i, (op, text) in enumerate(segments):
        between = 0 < i < len(segments) - 1 and segments[i - 1][0] != "equal" \
            and segments[i + 1][0] != "equal"
        if op == "equal" and between and not text.strip():
            out += [("delete", text), ("insert", text)]
        else:
            out.append((op, text))
    return out


def _merge(segments: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Each run of changes as one delete then one insert; neighbouring equals joined."""
    out: list[tuple[str, str]] = []
    pending = {"delete": "", "insert": ""}
    for op, text in [*segments, ("equal", "")]:
        if op != "equal":
            pending[op] += text
            continue
        out += [(kind, pending[kind]) for kind in ("delete", "insert") if pending[kind]]
        pending = {"delete": "", "insert": ""}
        if text and out and out[-1][0] == "equal":
            out[-1] = ("equal", out[-1][1] + text)
        elif text:
            out.append(("equal", text))
    return out
