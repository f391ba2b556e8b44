"""How far to trust a placement: a calibrated confidence, and where a person's review pays.

A unit's confidence is the probability that its focus area is right, read from how its scores
look: the best score, the runner-up's distance from it (absolute and relative), and whether the
best is "other". A logistic regression over these was fitted on the written tuning rounds
(``python -m nlp calibrate``, which writes ``data/confidence.json`` and prints how well the fit
holds on rounds it did not see); the sentence encoder changes the scale of the scores, so there
is one fit for each method. Calibrated means: of the units placed with confidence 0.9, about 9
in 10 are right. `reliability` measures that (expected calibration error), and `review_gain`
what a person's review of the least confident units is worth.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

DATA = Path(__file__).parent / "data" / "confidence.json"
FEATURES = ("best", "margin", "relative_margin", "is_other", "concentration")
#: The shares of units a person reviews, least confident first, in `review_gain`
REVIEW_SHARES = (0.1, 0.2, 0.3)


def features(ranked: np.ndarray, is_other: np.ndarray) -> np.ndarray:
    """Feature rows from scores sorted best first (rows × keys) and whether the label is "other"."""
    best = ranked[:, 0]
    second = ranked[:, 1] if ranked.shape[1] > 1 else np.zeros_like(best)
    margin = best - second
    relative = np.divide(margin, np.abs(best), out=np.zeros_like(best), where=np.abs(best) > 1e-9)
    # A text that touches many focus areas at once (real statements mix topics) is less sure
    positive = np.clip(ranked, 0, None).sum(axis=1)
    concentration = np.divide(np.clip(best, 0, None), positive, out=np.zeros_like(best), where=positive > 1e-9)
    return np.column_stack([best, margin, relative, is_other.astype(float), concentration])


def of(ranked: np.ndarray, is_other: np.ndarray, encoded: bool) -> np.ndarray:
    """The calibrated confidence of each row (see `features`), between 0 and 1."""
    fit = _fits().get("encoder" if encoded else "lexical")
    if fit is None or not len(ranked):
        return np.full(len(ranked), np.nan)
    x = features(ranked, is_other)
    z = x @ np.array(fit["coef"]) + fit["intercept"]
    return 1.0 / (1.0 + np.exp(-z))


@cache
def _fits() -> dict:
    if not DATA.exists():
        return {}
    stored = json.loads(DATA.read_text(encoding="utf-8"))
    # A fit over other features than these is stale: no confidence rather than a wrong one
    return stored["fits"] if tuple(stored.get("features", ())) == FEATURES else {}


def fit(x: np.ndarray, correct: np.ndarray) -> dict:
    """Logistic-regression coefficients for `of` (lightly regularised; scikit-learn)."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=10.0, max_iter=1000).fit(x, correct.astype(int))
    return {"coef": [round(float(c), 6) for c in model.coef_[0]],
            "intercept": round(float(model.intercept_[0]), 6), "n": int(len(correct))}


def reliability(confidence: Sequence[float], correct: Sequence[bool], bins: int = 10) -> dict:
    """Expected calibration error and, per confidence band, the units' share that is right."""
    conf, ok = np.asarray(confidence, float), np.asarray(correct, bool)
    if not len(conf) or np.isnan(conf).any():
        return {"ece": None, "bins": []}
    edges = np.linspace(0, 1, bins + 1)
    band = np.clip(np.digitize(conf, edges[1:-1]), 0, bins - 1)
    table, ece = [], 0.0
    for b in range(bins):
        members = band == b
        if not members.any():
            continue
        mean_conf, accuracy = float(conf[members].mean()), float(ok[members].mean())
        ece += members.sum() / len(conf) * abs(mean_conf - accuracy)
        table.append({"from": round(float(edges[b]), 1), "to": round(float(edges[b + 1]), 1),
                      "n": int(members.sum()), "confidence": round(mean_conf, 3), "accuracy": round(accuracy, 3)})
    return {"ece": round(ece, 4), "bins": table}


def review_gain(confidence: Sequence[float], correct: Sequence[bool],
                shares: Sequence[float] = REVIEW_SHARES) -> dict:
    """Accuracy after a person reviews the least confident share of units (those become right)."""
    conf, ok = np.asarray(confidence, float), np.asarray(correct, bool)
    n = len(ok)
    out = {"none": round(float(ok.mean()), 4) if n else 0.0}
    if not n or np.isnan(conf).any():
        return out
    order = np.argsort(conf, kind="stable")
    for share in shares:
        fixed = ok.copy()
        fixed[order[: round(share * n)]] = True
        out[f"{round(share * 100)}%"] = round(float(fixed.mean()), 4)
    return out


#: The written rounds the confidence is fitted on (the sealed rounds and the real set stay out)
TUNING_ROUNDS = ("agder", "helse", "klima", "kultur", "nord", "oppvekst", "region", "samfunnsdel", "sogn", "vest")


def calibrate(rounds_dir: Path, rounds: Sequence[str] = TUNING_ROUNDS, write: Path | None = DATA) -> dict:
    """Fit the confidence on ``rounds`` (for each method), check it leave-one-round-out, write it."""
    from nlp import assign, encoder, evaluate, pipeline

    samples: dict[str, list[tuple[str, np.ndarray, np.ndarray]]] = {"lexical": [], "encoder": []}
    for name in rounds:
        rows = evaluate.read_gold(rounds_dir / f"{name}_gold.jsonl")
        areas = evaluate.read_focus_areas(rounds_dir / f"{name}_focus_areas.json")
        model = assign.build_model(areas)
        texts = [r["text"] for r in rows]
        terms = pipeline.terms(texts)
        scores = {"lexical": model.scores(terms)}
        if encoder.installed() and encoder.setting() != "off":
            scores["encoder"] = model.scores(terms, encoder.similarities(texts, areas))
        for method, matrix in scores.items():
            found = model.decide(matrix)
            ranked = -np.sort(-matrix, axis=1)
            is_other = np.array([a.label == "other" for a in found])
            correct = np.array([a.label in r["labels"] for a, r in zip(found, rows, strict=True)])
            samples[method].append((name, features(ranked, is_other), correct))
    result: dict = {"rounds": list(rounds), "features": list(FEATURES), "fits": {}, "held_out": {}}
    for method, parts in samples.items():
        if not parts:
            continue
        x = np.vstack([p[1] for p in parts])
        y = np.concatenate([p[2] for p in parts])
        result["fits"][method] = fit(x, y)
        # Leave one round out: fitted on the others, scored on it
        conf, ok = [], []
        for i, (_, xi, yi) in enumerate(parts):
            rest = [p for j, p in enumerate(parts) if j != i]
            f = fit(np.vstack([p[1] for p in rest]), np.concatenate([p[2] for p in rest]))
            conf.extend((1 / (1 + np.exp(-(xi @ np.array(f["coef"]) + f["intercept"])))).tolist())
            ok.extend(yi.tolist())
        result["held_out"][method] = {"reliability": reliability(conf, ok), "review": review_gain(conf, ok)}
    if write is not None:
        write.write_text(json.dumps({"note": "Written by `python -m nlp calibrate`; see nlp/confidence.py.",
                                     "rounds": result["rounds"], "features": result["features"],
                                     "fits": result["fits"]}, indent=1) + "\n", encoding="utf-8")
        _fits.cache_clear()
    return result
