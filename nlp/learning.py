"""Learning curve: how much confirmed examples improve assignment on held-out comments."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

import numpy as np

from nlp import assign, encoder, evaluate, pipeline
from nlp.types import Example


def curve(gold_path: str, focus_areas_path: str, sizes: Sequence[int] = (10, 30, 100),
          repeats: int = 5, within: bool = False,
          log: Callable[[str], None] = lambda _: None) -> dict:
    """Accuracy and macro-F1 after n confirmed examples, averaged over random draws.

    By default the examples come from the train split and the held-out split is scored.
    With ``within`` they come from the same rows that are scored, as in a running round,
    and each draw scores only the rows that were not confirmed.
    """
    rows = evaluate.read_gold(gold_path)
    focus_areas = evaluate.read_focus_areas(focus_areas_path)
    train = [r for r in rows if r.get("split", "train") == "train"]
    test = rows if within else [r for r in rows if r.get("split") == "heldout"] or train
    pool = test if within else train
    terms = dict(zip((id(r) for r in test), pipeline.terms([r["text"] for r in test]), strict=True))
    similarities = _similarities_once(test, focus_areas)
    result = {"protocol": "within" if within else "train→heldout", "n_test": len(test),
              "n_pool": len(pool), "repeats": repeats}
    for size in [0, *sizes]:
        if within and size >= len(pool):  # nothing would be left to score
            result[f"examples_{size}"] = None
            continue
        runs = []
        for seed in range(repeats if size else 1):
            picked = random.Random(seed).sample(pool, min(size, len(pool)))
            scored = [r for r in test if not within or all(r is not p for p in picked)]
            runs.append(_score(focus_areas, _examples(picked), scored, terms, similarities))
        mean = {k: round(sum(r[k] for r in runs) / len(runs), 4) for k in ("accuracy", "macro_f1")}
        result["zero_shot" if size == 0 else f"examples_{size}"] = mean
        log(f"{size:>4} examples: accuracy={mean['accuracy']:.3f} macro_f1={mean['macro_f1']:.3f}")
    return result


def _examples(rows: list[dict]) -> list[Example]:
    # What a secretariat confirms: the first label of comments it happened to look at.
    return [Example(r["text"], r["labels"][0]) for r in rows]


def _similarities_once(rows: list[dict], focus_areas) -> Callable[[list[dict]], np.ndarray]:
    """The encoder's similarities of any of `rows`, all of them encoded on first use only.

    Every size and draw scores the same rows (or some of them): a row's similarities do not
    depend on the other texts (a text's vector does not, and each row is centred on its own),
    so they are taken from one table instead of encoding the texts again for each draw.
    """
    index = {id(r): i for i, r in enumerate(rows)}
    table: list[np.ndarray] = []

    def of(subset: list[dict]) -> np.ndarray:
        if not table:
            table.append(encoder.similarities([r["text"] for r in rows], focus_areas))
        return table[0][[index[id(r)] for r in subset]]

    return of


def _score(focus_areas, examples, test, terms, similarities) -> dict:
    model = assign.build_model(focus_areas, examples)
    sims = similarities(test) if encoder.enabled(len(test)) else None
    predicted = [a.label for a in assign.assign_terms(model, [terms[id(r)] for r in test], sims)]
    s = evaluate.scores([r["labels"] for r in test], predicted)
    return {"accuracy": s["accuracy"], "macro_f1": s["macro_f1"]}
