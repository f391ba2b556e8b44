"""Scores of an assignment against gold labels: accuracy, macro-F1, per label and language."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from nlp.types import OTHER, FocusArea


def read_gold(path: str | Path) -> list[dict]:
    """Gold rows from JSON lines: ``text``, ``labels`` (focus-area keys or "other"), ``lang``."""
    rows = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            row["labels"] = list(row.get("labels") or [OTHER])
            rows.append(row)
    return rows


def read_focus_areas(path: str | Path) -> list[FocusArea]:
    """Focus areas from a JSON list of ``{key, title, description, keywords?}``."""
    return [FocusArea.from_dict(d) for d in json.loads(Path(path).read_text(encoding="utf-8"))]


def scores(gold: Sequence[Sequence[str]], predicted: Sequence[str],
           langs: Sequence[str] | None = None) -> dict:
    """Accuracy (top prediction among gold labels), macro-F1 over labels, per label and lang.

    A prediction that hits one of several gold labels is a true positive for that label and
    no miss for the others, so accuracy and F1 agree about multi-label rows.
    """
    tp, fp, fn = defaultdict(int), defaultdict(int), defaultdict(int)
    for labels, pred in zip(gold, predicted, strict=True):
        if pred in labels:
            tp[pred] += 1
            continue
        fp[pred] += 1
        for label in labels:
            fn[label] += 1
    per_label = {}
    for label in sorted(set(tp) | set(fp) | set(fn)):
        p = tp[label] / (tp[label] + fp[label]) if tp[label] + fp[label] else 0.0
        r = tp[label] / (tp[label] + fn[label]) if tp[label] + fn[label] else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        per_label[label] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4),
                            "support": tp[label] + fn[label]}
    n = len(predicted)
    hits = sum(tp.values())
    result = {
        "accuracy": round(hits / n, 4) if n else 0.0,
        "macro_f1": round(sum(v["f1"] for v in per_label.values()) / len(per_label), 4)
        if per_label else 0.0,
        "n": n,
        "per_label": per_label,
    }
    if langs is not None:
        result["per_lang"] = _per_lang(gold, predicted, langs)
    return result


def _per_lang(gold, predicted, langs) -> dict:
    out = {}
    for lang in sorted(set(langs)):
        idx = [i for i, code in enumerate(langs) if code == lang]
        sub = scores([gold[i] for i in idx], [predicted[i] for i in idx])
        out[lang] = {k: sub[k] for k in ("accuracy", "macro_f1", "n")}
    return out


STANCES = ("supports", "objects", "proposes", "neutral")


def read_stance_gold(path: str | Path, split: str | None = None) -> list[dict]:
    """Stance rows from JSON lines: ``text``, ``stance``, ``lang`` (and optional ``position``)."""
    rows = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            if row.get("stance") not in STANCES:
                raise ValueError(f"stance must be one of {STANCES}: {line[:80]}")
            if split is None or row.get("split") == split:
                rows.append(row)
    return rows


def stance_scores(rows: Sequence[dict], predicted: Sequence[str]) -> dict:
    """Accuracy, macro-F1 and per-class F1 of stances, per language and origin, with the
    trivial baselines (every unit "proposes", every unit "neutral") for comparison."""
    gold = [[r["stance"]] for r in rows]
    result = scores(gold, predicted, [r.get("lang", "nb") for r in rows])
    result["per_class_f1"] = {label: s["f1"] for label, s in result["per_label"].items()}
    origins = [r.get("origin", "") for r in rows]
    if any(origins):
        result["per_origin"] = {}
        for origin in sorted(set(origins)):
            idx = [i for i, o in enumerate(origins) if o == origin]
            sub = scores([gold[i] for i in idx], [predicted[i] for i in idx])
            result["per_origin"][origin] = {k: sub[k] for k in ("accuracy", "macro_f1", "n")}
    result["baselines"] = {
        f"all_{label}": {k: scores(gold, [label] * len(gold))[k] for k in ("accuracy", "macro_f1")}
        for label in ("proposes", "neutral")}
    return result
