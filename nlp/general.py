"""Which units speak about no focus area at all: remarks on the plan, the process, the region.

Real hearing statements spend many sentences on the procedure, general support, the document
and the region's own organisation. Such a sentence shares words and encoder closeness with
whichever focus area is broadest, so zero-shot scores alone place it there. Whether a sentence
is *general* in this sense does not depend on the round's focus areas, though: it is a property
of the sentence, which the sentence encoder's vector carries. A logistic regression over the
vector, fitted across labelled rounds (written and real, every focus area of theirs merged
into "about a focus area"), gives the probability that a unit belongs to "other"; where it
exceeds one half, the unit's "other" score is lifted just above its best focus area
(``Model.scores``). It is an offset, not a verdict: the round's head (``nlp.head``) learns from
confirmed comments on top of it, so a secretariat that files such remarks under a focus area
is followed.

``python -m nlp calibrate`` fits it (``fit``) and prints, round by round left out, what it
changes; the fit is stored in ``data/general.json`` with the rounds it was fitted on. Without
that file, or without the encoder, nothing changes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

DATA = Path(__file__).parent / "data" / "general.json"
#: Inverse L2 strength of the fit: the vectors are unit length, so the coefficients must be large.
C = 30.0
#: How far above its best focus area a general unit's "other" score is set (score units:
#: 2.5 logits of the head, which confirmed examples can overturn).
LIFT = 0.05


def probability(vectors: np.ndarray, fitted: dict | None = None) -> np.ndarray | None:
    """The probability that each unit (encoder vector rows) is a general remark, by the stored
    fit or the ``fitted`` one (``fit``'s result); None without a fit."""
    fit = _fit() if fitted is None else (np.asarray(fitted["coef"], np.float32), float(fitted["intercept"]))
    if fit is None or not len(vectors):
        return None
    z = vectors @ fit[0] + fit[1]
    return 1.0 / (1.0 + np.exp(-z))


def lift(scores: np.ndarray, vectors: np.ndarray) -> np.ndarray:
    """``scores`` (rows × focus areas + "other", last) with "other" set just above the best
    focus area for the units that are general remarks; unchanged without a fit."""
    p = probability(vectors)
    return scores if p is None else lift_with(scores, p)


def lift_with(scores: np.ndarray, p: np.ndarray) -> np.ndarray:
    """``lift`` with the probabilities given."""
    if scores.shape[1] < 2:
        return scores
    general = p > 0.5
    out = scores.copy()
    best = out[:, :-1].max(axis=1)
    out[:, -1] = np.where(general, np.maximum(out[:, -1], best + LIFT), out[:, -1])
    return out


def fit(vectors: np.ndarray, general: np.ndarray) -> dict:
    """Coefficients for ``probability`` from unit vectors and whether each unit is "other" only."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=C, max_iter=5000).fit(vectors, general.astype(int))
    return {"coef": [round(float(c), 6) for c in model.coef_[0]],
            "intercept": round(float(model.intercept_[0]), 6), "n": int(len(general)),
            "general": int(general.sum())}


def write(fitted: dict, rounds: Sequence[str], path: Path = DATA) -> None:
    path.write_text(json.dumps({"note": "Written by `python -m nlp calibrate`; see nlp/general.py.",
                                "rounds": list(rounds), **fitted}) + "\n", encoding="utf-8")
    _fit.cache_clear()


@cache
def _fit() -> tuple[np.ndarray, float] | None:
    if not DATA.exists():
        return None
    stored = json.loads(DATA.read_text(encoding="utf-8"))
    return np.asarray(stored["coef"], np.float32), float(stored["intercept"])
