"""Learning curve: how much confirmed examples improve assignment on held-out comments."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from nlp import assign, evaluate, pipeline
from nlp.types import Example


def curve(gold_path: str, focus_areas_path: str, sizes: Sequence[int] = (10, 30, 100),
          repeats: int = 5, log: Callable[[str], None] = lambda _: None) -> dict:
    """Accuracy and macro-F1 on the held-out split after n confirmed train-split examples."""
    rows = evaluate.read_gold(gold_path)
    focus_areas = evaluate.read_focus_areas(focus_areas_path)
    train = [r for r in rows if r.get("split", "train") == "train"]
    test = [r for r in rows if r.get("split") == "heldout"] or train
    test_terms = pipeline.terms([r["text"] for r in test])
    result = {"n_test": len(test), "n_pool": len(train), "repeats": repeats,
              "zero_shot": _score(focus_areas, [], test, test_terms)}
    log(f"0 examples: accuracy={result['zero_shot']['accuracy']:.3f} "
        f"macro_f1={result['zero_shot']['macro_f1']:.3f}")
    for size in sizes:
        runs = [_score(focus_areas, _sample(train, size, seed), test, test_terms)
                for seed in range(repeats)]
        mean = {k: round(sum(r[k] for r in runs) / len(runs), 4) for k in ("accuracy", "macro_f1")}
        result[f"examples_{size}"] = mean
        log(f"{size} examples: accuracy={mean['accuracy']:.3f} macro_f1={mean['macro_f1']:.3f}")
    return result


def _sample(rows: list[dict], size: int, seed: int) -> list[Example]:
    # What a secretariat confirms: the first label of comments it happened to look at.
    picked = random.Random(seed).sample(rows, min(size, len(rows)))
    return [Example(r["text"], r["labels"][0]) for r in picked]


def _score(focus_areas, examples, test, test_terms) -> dict:
    model = assign.build_model(focus_areas, examples)
    predicted = [a.label for a in assign.assign_terms(model, test_terms)]
    s = evaluate.scores([r["labels"] for r in test], predicted)
    return {"accuracy": s["accuracy"], "macro_f1": s["macro_f1"]}
