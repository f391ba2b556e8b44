"""A round's own classifier, fit on the comments the secretariat confirmed.

Zero-shot assignment knows the focus areas only by their titles, descriptions and our word
lists. Once people confirm or move comments, the round has its own labelled examples. The
head is a multinomial logistic regression on the examples' sentence-encoder vectors that
starts from the zero-shot logits (the ranker's, ``nlp.ranker``; without its fit the summed
scores times ``SCALE``): it learns only
what the zero-shot scores get wrong in this round, and with no examples it is the zero-shot
assignment itself. Both its weights and its per-focus-area bias are held small (L2): a prior
that stays while the evidence grows with the examples (beyond ten, their loss is summed, not
averaged), so ten examples nudge and a hundred decide. With the loss averaged, as first
written, a hundred examples weighed no more than ten and the learning curve was flat. Fitting
is L-BFGS over at most ``MAX_EXAMPLES`` examples × 384 dimensions × the round's focus areas:
well under a second.

Measured with ``python -m nlp learning`` (README of nlp/): on the written tuning rounds, and
leave-one-out within each real round. The nearest-neighbour score of ``assign`` (a comment
very close to a confirmed one, by its words) stays for rounds the encoder does not read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

#: Zero-shot scores times this are the head's starting logits: a zero-shot margin of 0.05
#: between two focus areas is then worth 2.5 logits, which a few examples can overturn.
SCALE = 50.0
#: L2 penalties on the weights (per unit-length vector) and on the per-focus-area bias, for up to
#: ``REFERENCE_EXAMPLES`` examples; with n more the penalties weigh REFERENCE_EXAMPLES / n as
#: much against the examples' mean loss (which is the summed loss over REFERENCE_EXAMPLES).
WEIGHT_PENALTY, BIAS_PENALTY = 0.3, 1.0
REFERENCE_EXAMPLES = 10
#: The most recent examples a head is fit on; encoding them is part of the analysis' work
#: (about 25 s for 1,000 on two cores), so this caps what confirmations can cost.
MAX_EXAMPLES = 1_000
MAX_ITERATIONS = 200


@dataclass(frozen=True)
class Head:
    """Weights (focus areas + other) × dimensions and a bias per focus area."""

    weights: np.ndarray
    bias: np.ndarray
    #: How many examples it was fit on.
    examples: int

    def logits(self, vectors: np.ndarray) -> np.ndarray:
        """What the examples taught (rows × keys), in logits: added to the ranker's."""
        return vectors @ self.weights.T + self.bias

    def adjust(self, scores: np.ndarray, vectors: np.ndarray) -> np.ndarray:
        """The zero-shot summed ``scores`` (rows × keys) moved by what the examples taught, in score units."""
        return scores + self.logits(vectors) / SCALE


def fit(offsets: np.ndarray, vectors: np.ndarray, labels: Sequence[int]) -> Head:
    """Fit on the examples' zero-shot logits (n × keys: ``assign.Model.offsets``), encoder
    ``vectors`` (n × d) and the index of the key each was confirmed under."""
    n, k = offsets.shape
    d = vectors.shape[1]
    y = np.asarray(labels)
    offset = offsets.astype(np.float64)
    x = vectors.astype(np.float64)
    prior = min(1.0, REFERENCE_EXAMPLES / max(n, 1))
    weight_penalty, bias_penalty = WEIGHT_PENALTY * prior, BIAS_PENALTY * prior

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[: k * d].reshape(k, d), theta[k * d :]
        z = offset + x @ w.T + b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        value = (-np.log(p[np.arange(n), y] + 1e-12).mean()
                 + weight_penalty / 2 * float((w**2).sum()) + bias_penalty / 2 * float((b**2).sum()))
        g = p
        g[np.arange(n), y] -= 1
        g /= n
        grad = np.concatenate([(g.T @ x + weight_penalty * w).ravel(), g.sum(axis=0) + bias_penalty * b])
        return value, grad

    found = minimize(loss, np.zeros(k * d + k), jac=True, method="L-BFGS-B",
                     options={"maxiter": MAX_ITERATIONS})
    return Head(found.x[: k * d].reshape(k, d).astype(np.float32), found.x[k * d :].astype(np.float32), n)
