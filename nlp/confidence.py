"""How far to trust a placement: a calibrated confidence, and where a person's review pays.

A unit's confidence is the probability that its focus area is right, read from how its scores
look: the best score, the runner-up's distance from it (absolute and relative), whether the best
is "other", how much of the score the best holds, and how much of the text's words the focus
areas know at all (``assign.Model.coverage``). A logistic regression over these is fitted on the
written tuning rounds and the development half of the real hearing statements in ``data/real``
(their units count ``REAL_WEIGHT`` times: the written rounds are ten times as many, and real text
is what the app meets) by ``python -m nlp calibrate``, which writes ``data/confidence.json`` and
prints how well the fit holds on rounds it did not see, written and real apart; the sentence
encoder changes the scale of the scores, so there is one fit for each method. The sealed rounds
and the sealed half of the real set stay out. Calibrated means: of the units placed with confidence 0.9, about 9
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
FEATURES = ("best", "margin", "relative_margin", "is_other", "concentration", "coverage",
            "general", "general_certainty", "general_lifted")
#: The shares of units a person reviews, least confident first, in `review_gain`
REVIEW_SHARES = (0.1, 0.2, 0.3)


def features(ranked: np.ndarray, is_other: np.ndarray, coverage: np.ndarray | None = None,
             general: np.ndarray | None = None) -> np.ndarray:
    """Feature rows from scores sorted best first (rows × keys), whether the label is "other",
    the share of the text's terms the focus areas know (1 where not given) and the probability
    that the unit is a general remark (``nlp.general``; one half, no information, where not given)."""
    best = ranked[:, 0]
    second = ranked[:, 1] if ranked.shape[1] > 1 else np.zeros_like(best)
    margin = best - second
    relative = np.divide(margin, np.abs(best), out=np.zeros_like(best), where=np.abs(best) > 1e-9)
    # A text that touches many focus areas at once (real statements mix topics) is less sure
    positive = np.clip(ranked, 0, None).sum(axis=1)
    concentration = np.divide(np.clip(best, 0, None), positive, out=np.zeros_like(best), where=positive > 1e-9)
    covered = np.ones_like(best) if coverage is None else np.asarray(coverage, float)
    p = np.full_like(best, 0.5) if general is None else np.asarray(general, float)
    return np.column_stack([best, margin, relative, is_other.astype(float), concentration, covered,
                            p, np.abs(p - 0.5), (p > 0.5).astype(float)])


def of(ranked: np.ndarray, is_other: np.ndarray, encoded: bool, coverage: np.ndarray | None = None,
       general: np.ndarray | None = None) -> np.ndarray:
    """The calibrated confidence of each row (see `features`), between 0 and 1."""
    fit = _fits().get("encoder" if encoded else "lexical")
    if fit is None or not len(ranked):
        return np.full(len(ranked), np.nan)
    x = features(ranked, is_other, coverage, general)
    z = x @ np.array(fit["coef"]) + fit["intercept"]
    return 1.0 / (1.0 + np.exp(-z))


@cache
def _fits() -> dict:
    if not DATA.exists():
        return {}
    stored = json.loads(DATA.read_text(encoding="utf-8"))
    # A fit over other features than these is stale: no confidence rather than a wrong one
    return stored["fits"] if tuple(stored.get("features", ())) == FEATURES else {}


def fit(x: np.ndarray, correct: np.ndarray, weight: np.ndarray | None = None) -> dict:
    """Logistic-regression coefficients for `of` (lightly regularised; scikit-learn)."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=10.0, max_iter=1000).fit(x, correct.astype(int), sample_weight=weight)
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


#: The written rounds the confidence is fitted on (the sealed rounds stay out)
TUNING_ROUNDS = ("agder", "helse", "klima", "kultur", "nord", "oppvekst", "region", "samfunnsdel", "sogn", "vest")
#: How many times a real unit counts next to a written one in the fit
REAL_WEIGHT = 3.0


def calibrate(rounds_dir: Path, rounds: Sequence[str] = TUNING_ROUNDS, write: Path | None = DATA,
              real_dir: Path | None = None, general_path: Path | None = None,
              ranker_path: Path | None = None) -> dict:
    """Fit the general-remark detector (``nlp.general``, where the encoder runs), the ranker
    (``nlp.ranker``, over the detector's held-out probabilities) and then the confidence (for each method) on ``rounds`` and the dev half of every round in ``real_dir``;
    check each leave-one-round-out (written and real reported apart); write the fits
    (the detector to ``general_path``, the ranker to ``ranker_path``, by default ``general.json``
    and ``ranker.json`` beside ``write``)."""
    from nlp import assign, encoder, evaluate, general, morphology, pipeline

    sources = [(name, rounds_dir, None, 1.0) for name in rounds]
    if real_dir is not None:
        sources += [(p.name[: -len("_gold.jsonl")], real_dir, "dev", REAL_WEIGHT)
                    for p in sorted(real_dir.glob("*_gold.jsonl")) if p.name != "stance_gold.jsonl"]
    with_encoder = encoder.installed() and encoder.setting() != "off"
    read = []
    for name, where, split, weight in sources:
        rows = [r for r in evaluate.read_gold(where / f"{name}_gold.jsonl") if split is None or r.get("split") == split]
        if not rows:
            continue
        areas = evaluate.read_focus_areas(where / f"{name}_focus_areas.json")
        # As ``assign.assign`` reads them: nynorsk through Apertium into bokmål
        texts = morphology.as_bokmal([r["text"] for r in rows])
        vectors = encoder.encode(texts) if with_encoder else None
        sims = encoder.similarities(texts, areas, vectors=vectors) if with_encoder else None
        read.append((f"{'real' if split else 'written'}:{name}", rows, assign.build_model(areas),
                     pipeline.terms(texts), vectors, sims, weight))
    result: dict = {"rounds": [name for name, *_ in read], "features": list(FEATURES), "fits": {}, "held_out": {}}
    held_out_scores: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    if with_encoder and read:
        result["general"], held_out_scores = _calibrate_general(
            read, general_path or (write.parent / "general.json" if write else None))
        result["ranker"], held_out_scores = _calibrate_ranker(
            read, held_out_scores, ranker_path or (write.parent / "ranker.json" if write else None))
    samples: dict[str, list[tuple[str, np.ndarray, np.ndarray, float]]] = {"lexical": [], "encoder": []}
    for name, rows, model, terms, vectors, sims, weight in read:
        covered = model.coverage(terms)
        scores = {"lexical": (model.scores(terms), None)}
        if sims is not None:
            # Scored as a round the detector has not seen: the app's rounds are all new to it
            scores["encoder"] = held_out_scores.get(name, (model.scores(terms, sims, vectors), general.probability(vectors)))
        for method, (matrix, p) in scores.items():
            found = model.decide(matrix)
            ranked = -np.sort(-matrix, axis=1)
            is_other = np.array([a.label == "other" for a in found])
            correct = np.array([a.label in r["labels"] for a, r in zip(found, rows, strict=True)])
            samples[method].append((name, features(ranked, is_other, covered, p), correct, weight))
    for method, parts in samples.items():
        if not parts:
            continue
        result["fits"][method] = _fit_parts(parts)
        # Leave one round out: fitted on the others, scored on it
        held: dict[str, tuple[list, list]] = {"written": ([], []), "real": ([], [])}
        for i, (name, xi, yi, _) in enumerate(parts):
            f = _fit_parts([p for j, p in enumerate(parts) if j != i])
            conf, ok = held[name.split(":")[0]]
            conf.extend((1 / (1 + np.exp(-(xi @ np.array(f["coef"]) + f["intercept"])))).tolist())
            ok.extend(yi.tolist())
        result["held_out"][method] = {kind: {"n": len(ok), "reliability": reliability(conf, ok),
                                             "review": review_gain(conf, ok)}
                                      for kind, (conf, ok) in held.items() if ok}
    if write is not None:
        write.write_text(json.dumps({"note": "Written by `python -m nlp calibrate`; see nlp/confidence.py.",
                                     "rounds": result["rounds"], "features": result["features"],
                                     "real_weight": REAL_WEIGHT, "fits": result["fits"]}, indent=1) + "\n",
                         encoding="utf-8")
        _fits.cache_clear()
    return result


def _calibrate_general(read: list, path: Path | None) -> tuple[dict, dict[str, tuple[np.ndarray, np.ndarray]]]:
    """Fit the general-remark detector on every round read, after checking it leave-one-round-out:
    the accuracy of the held-out rounds' placements without and with it, written and real apart.
    Also returns each round's encoder scores and general-remark probabilities with the detector
    fitted on the other rounds."""
    from nlp import general
    from nlp.types import OTHER

    def only_other(rows) -> np.ndarray:
        return np.array([r["labels"] == [OTHER] for r in rows])

    held = {"written": [0, 0, 0], "real": [0, 0, 0]}
    lifted_of = {}
    for i, (name, rows, model, terms, vectors, sims, _) in enumerate(read):
        others = [p for j, p in enumerate(read) if j != i]
        fitted = general.fit(np.vstack([p[4] for p in others]), np.concatenate([only_other(p[1]) for p in others]))
        scores = model.scores(terms, sims)
        p = general.probability(vectors, fitted)
        lifted = general.lift_with(scores, p)
        lifted_of[name] = (lifted, p)
        figures = held[name.split(":")[0]]
        for k, matrix in enumerate((scores, lifted)):
            figures[k] += sum(a.label in r["labels"] for a, r in zip(model.decide(matrix), rows, strict=True))
        figures[2] += len(rows)
    fitted = general.fit(np.vstack([p[4] for p in read]), np.concatenate([only_other(p[1]) for p in read]))
    if path is not None:
        general.write(fitted, [name for name, *_ in read], path)
    return {"fit": {k: fitted[k] for k in ("n", "general")},
            "held_out": {kind: {"n": n, "accuracy_without": round(a / n, 4), "accuracy_with": round(b / n, 4)}
                         for kind, (a, b, n) in held.items() if n}}, lifted_of


def _calibrate_ranker(read: list, general_of: dict[str, tuple[np.ndarray, np.ndarray]],
                     path: Path | None) -> tuple[dict, dict[str, tuple[np.ndarray, np.ndarray]]]:
    """Fit the ranker on every round read, after checking it leave-one-round-out against the
    summed scores (``general_of``: each round's lifted summed scores and held-out general-remark
    probabilities). Also returns each round's probabilities by a ranker fitted on the other rounds."""
    from nlp import ranker
    from nlp.types import OTHER

    parts, names = [], []
    # The real units' share of general remarks, which the fit re-weighs (``ranker.REAL_OTHER_SHARE``)
    general_remark = {name: np.array([r["labels"] == [OTHER] for r in rows], bool) for name, rows, *_ in read}
    real_other = [flags for name, flags in general_remark.items() if name.startswith("real:")]
    share = float(np.concatenate(real_other).mean()) if real_other else 0.0
    for name, rows, model, terms, _, sims, weight in read:
        has_words = np.fromiter((bool(t) for t in terms), bool, len(terms))
        x = ranker.features(model.scores(terms), sims, model.specific_scores(terms), general_of[name][1],
                            model.coverage(terms), has_words)
        gold = np.array([[key in r["labels"] for key in model.keys] for r in rows], float)
        is_other = general_remark[name]
        parts.append((x, gold, ranker.prior_weights(is_other, weight, share) if name.startswith("real:") else weight))
        names.append(name)
    # summed right, ranked right, units; ranked right and units among the general remarks
    held = {"written": [0, 0, 0, 0, 0], "real": [0, 0, 0, 0, 0]}
    probabilities = {}
    for i, (name, rows, model, *_) in enumerate(read):
        weights = ranker.fit([p for j, p in enumerate(parts) if j != i])
        p = ranker.softmax(ranker.logits(parts[i][0], weights))
        probabilities[name] = (p, general_of[name][1])
        figures = held[name.split(":")[0]]
        summed, ranked = model.decide(general_of[name][0]), model.decide(p)
        figures[0] += sum(a.label in r["labels"] for a, r in zip(summed, rows, strict=True))
        figures[1] += sum(a.label in r["labels"] for a, r in zip(ranked, rows, strict=True))
        figures[2] += len(rows)
        figures[3] += sum(a.label == OTHER for a, other in zip(ranked, general_remark[name], strict=True) if other)
        figures[4] += int(general_remark[name].sum())
    weights = ranker.fit(parts)
    if path is not None:
        ranker.write(weights, names, path)
    return {"weights": dict(zip(ranker.FEATURES, np.round(weights, 4).tolist(), strict=True)),
            "real_other_share": round(share, 4), "fitted_as": ranker.REAL_OTHER_SHARE,
            "held_out": {kind: {"n": n, "accuracy_summed": round(a / n, 4), "accuracy_ranked": round(b / n, 4),
                                "general_remarks": {"n": no, "found": round(o / no, 4) if no else None},
                                "topics": {"n": n - no, "right": round((b - o) / (n - no), 4) if n > no else None}}
                         for kind, (a, b, n, o, no) in held.items() if n}}, probabilities


def _fit_parts(parts: list[tuple[str, np.ndarray, np.ndarray, float]]) -> dict:
    return fit(np.vstack([p[1] for p in parts]), np.concatenate([p[2] for p in parts]),
               np.concatenate([np.full(len(p[2]), p[3]) for p in parts]))
