"""Learning curve: how much confirmed examples improve assignment of the other comments.

Three protocols, each over one or more rounds (a gold file with its focus areas):

- ``heldout``: examples drawn from a round's ``train`` rows, its ``heldout`` rows scored;
- ``within``: examples drawn from the scored rows themselves, as in a running round, and each
  draw scores only the rows that were not confirmed (a round too small to leave
  ``MIN_LEFT`` rows is left out of that size);
- ``loo``: leave one out: each row is scored with every other row of its round confirmed
  (for sets of many small rounds, such as the real statements);
- ``review``: the secretariat's way through «Mest usikre først»: the least confident 10, 20 and
  30 % of a round's rows (by the zero-shot confidence) are reviewed, so right, and confirmed;
  the others are placed again with those examples. Accuracy is over all rows, beside the same
  review with nothing learnt (the reviewed rows right, the others as zero-shot placed them).

Accuracy and macro-F1 are pooled over the rounds' scored rows and averaged over the draws.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from nlp import assign, confidence, encoder, evaluate, morphology, pipeline
from nlp.types import Example, FocusArea

PROTOCOLS = ("heldout", "within", "loo", "review")
#: Rows a ``within`` draw must leave to score in a round.
MIN_LEFT = 10


@dataclass
class Round:
    rows: list[dict]
    focus_areas: list[FocusArea]

    def __post_init__(self) -> None:
        texts = morphology.as_bokmal([r["text"] for r in self.rows])
        self.terms = pipeline.terms(texts)
        self.vectors = encoder.encode(texts) if encoder.enabled(len(texts)) else None
        self.sims = None if self.vectors is None else encoder.similarities(texts, self.focus_areas,
                                                                           vectors=self.vectors)

    @cached_property
    def zero_shot_assignments(self) -> list:
        """Each row's placement with nothing confirmed, with its confidence."""
        return self._assigned([], range(len(self.rows)))

    @cached_property
    def zero_shot(self) -> list[str]:
        """Where each row is placed with nothing confirmed."""
        return [a.label for a in self.zero_shot_assignments]

    def place(self, examples: Sequence[int], scored: Sequence[int]) -> list[str]:
        """Where each ``scored`` row is placed once the ``examples`` rows are confirmed."""
        return [a.label for a in self._assigned(examples, scored)]

    def _assigned(self, examples: Sequence[int], scored: Sequence[int]) -> list:
        confirmed = [Example(self.rows[i]["text"], self.rows[i]["labels"][0]) for i in examples]
        model = assign.build_model(self.focus_areas, confirmed)
        if self.vectors is not None:
            model = assign.with_head(model, self.focus_areas, confirmed)
        idx = list(scored)
        return assign.assign_terms(model, [self.terms[i] for i in idx],
                                   None if self.sims is None else self.sims[idx],
                                   None if self.vectors is None else self.vectors[idx])

    def reviewed(self, share: float) -> list[int]:
        """The rows a person reviews first: the least confident ``share`` of them."""
        trust = [a.confidence for a in self.zero_shot_assignments]
        order = sorted(range(len(self.rows)), key=lambda i: trust[i])
        return order[: round(share * len(self.rows))]


def read_rounds(gold_paths: Sequence[str], focus_areas_path: str | None = None,
                split: str | None = None) -> list[Round]:
    """Rounds from gold files; without ``focus_areas_path`` each file's focus areas are read
    from beside it (``X_gold.jsonl`` → ``X_focus_areas.json``). ``split`` keeps only its rows."""
    out = []
    for path in gold_paths:
        rows = [r for r in evaluate.read_gold(path) if split is None or r.get("split") == split]
        areas = focus_areas_path or str(Path(path)).replace("_gold.jsonl", "_focus_areas.json")
        if rows:
            out.append(Round(rows, evaluate.read_focus_areas(areas)))
    return out


def curve(rounds: Sequence[Round], sizes: Sequence[int] = (10, 30, 100), repeats: int = 5,
          protocol: str = "heldout", log: Callable[[str], None] = lambda _: None) -> dict:
    """Pooled accuracy and macro-F1 with 0 and ``sizes`` confirmed examples (``loo``: with all
    the others), averaged over ``repeats`` random draws, each beside the zero-shot figures of
    the same scored rows (``zero_shot_accuracy``): the gain is the difference."""
    if protocol not in PROTOCOLS:
        raise ValueError(f"protocol must be one of {PROTOCOLS}")
    result = {"protocol": protocol, "rounds": len(rounds), "repeats": repeats,
              "zero_shot": _pooled(rounds, lambda rd, rng: ([], _scored(rd, protocol)), 1)}
    log(_line("zero-shot", result["zero_shot"]))
    if protocol == "loo":
        result["leave_one_out"] = _pooled(rounds, None, 1)
        log(_line("all others", result["leave_one_out"]))
        return result
    if protocol == "review":
        for share in confidence.REVIEW_SHARES:
            name = f"review_{round(share * 100)}%"
            result[name] = _after_review(rounds, share)
            log(f"{name:>12}: accuracy={result[name]['accuracy']:.3f} macro_f1={result[name]['macro_f1']:.3f} "
                f"(nothing learnt: {result[name]['without_learning_accuracy']:.3f} / "
                f"{result[name]['without_learning_macro_f1']:.3f})")
        return result
    for size in sizes:
        def draw(rd: Round, rng: random.Random, size: int = size):
            scored = _scored(rd, protocol)
            pool = scored if protocol == "within" else [i for i, r in enumerate(rd.rows)
                                                        if r.get("split", "train") == "train"]
            if protocol == "within" and size > len(pool) - MIN_LEFT:
                return None
            picked = rng.sample(pool, min(size, len(pool)))
            return picked, [i for i in scored if i not in set(picked)]

        found = _pooled(rounds, draw, repeats)
        result[f"examples_{size}"] = found
        if found:
            log(_line(f"{size} examples", found))
    return result


def _scored(rd: Round, protocol: str) -> list[int]:
    if protocol == "heldout":
        return [i for i, r in enumerate(rd.rows) if r.get("split") == "heldout"] or list(range(len(rd.rows)))
    return list(range(len(rd.rows)))


def _after_review(rounds: Sequence[Round], share: float) -> dict:
    """Accuracy over all rows once the least confident ``share`` of each round is reviewed (right)
    and confirmed, the others placed again; beside the same review with nothing learnt."""
    gold, learnt, unlearnt = [], [], []
    for n, rd in enumerate(rounds):
        reviewed = rd.reviewed(share)
        seen = set(reviewed)
        rest = [i for i in range(len(rd.rows)) if i not in seen]
        placed = dict(zip(rest, rd.place(reviewed, rest), strict=True))
        for i, row in enumerate(rd.rows):
            right = row["labels"][0]
            gold.append([f"{n}:{label}" for label in row["labels"]])
            learnt.append(f"{n}:{placed.get(i, right)}")
            unlearnt.append(f"{n}:{rd.zero_shot[i] if i in placed else right}")
    after, before = evaluate.scores(gold, learnt), evaluate.scores(gold, unlearnt)
    return {"accuracy": round(after["accuracy"], 4), "macro_f1": round(after["macro_f1"], 4), "n": len(gold),
            "without_learning_accuracy": round(before["accuracy"], 4),
            "without_learning_macro_f1": round(before["macro_f1"], 4)}


def _pooled(rounds: Sequence[Round], draw, repeats: int) -> dict | None:
    runs = []
    for seed in range(repeats):
        gold, predicted, before = [], [], []
        for n, rd in enumerate(rounds):
            if draw is None:  # leave one out
                scored = list(range(len(rd.rows)))
                placed = [rd.place([j for j in scored if j != i], [i])[0] for i in scored]
            else:
                picked = draw(rd, random.Random(seed * 1000 + n))
                if picked is None:
                    continue
                placed = rd.place(*picked)
                scored = picked[1]
            # Keys are per round: "2" of one round is not "2" of another.
            gold += [[f"{n}:{label}" for label in rd.rows[i]["labels"]] for i in scored]
            predicted += [f"{n}:{label}" for label in placed]
            before += [f"{n}:{rd.zero_shot[i]}" for i in scored]
        if not predicted:
            return None
        s, zero = evaluate.scores(gold, predicted), evaluate.scores(gold, before)
        runs.append({"accuracy": s["accuracy"], "macro_f1": s["macro_f1"], "n": len(predicted),
                     "zero_shot_accuracy": zero["accuracy"], "zero_shot_macro_f1": zero["macro_f1"]})
    # The same rows without confirmations: rounds too small for a size are left out of both.
    return {k: round(float(np.mean([r[k] for r in runs])), 4) for k in runs[0]}


def _line(name: str, found: dict | None) -> str:
    if not found:
        return f"{name:>12}: -"
    return (f"{name:>12}: accuracy={found['accuracy']:.3f} macro_f1={found['macro_f1']:.3f} n={found['n']:.0f} "
            f"(same rows zero-shot: {found['zero_shot_accuracy']:.3f} / {found['zero_shot_macro_f1']:.3f})")
