"""Learning curve: how much confirmed examples improve assignment of the other comments.

Three protocols, each over one or more rounds (a gold file with its focus areas):

- ``heldout``: examples drawn from a round's ``train`` rows, its ``heldout`` rows scored;
- ``within``: examples drawn from the scored rows themselves, as in a running round, and each
  draw scores only the rows that were not confirmed (a round too small to leave
  ``MIN_LEFT`` rows is left out of that size);
- ``loo``: leave one out: each row is scored with every other row of its round confirmed
  (for sets of many small rounds, such as the real statements).

Accuracy and macro-F1 are pooled over the rounds' scored rows and averaged over the draws.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from nlp import assign, encoder, evaluate, morphology, pipeline
from nlp.types import Example, FocusArea

PROTOCOLS = ("heldout", "within", "loo")
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
    def zero_shot(self) -> list[str]:
        """Where each row is placed with nothing confirmed."""
        return self.place([], range(len(self.rows)))

    def place(self, examples: Sequence[int], scored: Sequence[int]) -> list[str]:
        """Where each ``scored`` row is placed once the ``examples`` rows are confirmed."""
        confirmed = [Example(self.rows[i]["text"], self.rows[i]["labels"][0]) for i in examples]
        model = assign.build_model(self.focus_areas, confirmed)
        if self.vectors is not None:
            model = assign.with_head(model, self.focus_areas, confirmed)
        idx = list(scored)
        found = assign.assign_terms(model, [self.terms[i] for i in idx],
                                    None if self.sims is None else self.sims[idx],
                                    None if self.vectors is None else self.vectors[idx])
        return [a.label for a in found]


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
