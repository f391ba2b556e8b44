import numpy as np
import pytest

from nlp import assign, encoder, head
from nlp.types import Example

pytestmark = pytest.mark.skipif(not encoder.installed(), reason="the head reads encoder vectors")


def _unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_the_head_learns_what_zero_shot_gets_wrong():
    """Two clusters of vectors that zero-shot gives to the wrong key: the head, fit on ten of
    each, places the unseen members of both clusters under the key they were confirmed under."""
    rng = np.random.default_rng(0)
    centres = _unit(rng.normal(size=(2, 384)))
    vectors = _unit(np.repeat(centres, 20, axis=0) + 0.02 * rng.normal(size=(40, 384)))
    labels = [0] * 20 + [1] * 20
    wrong = np.tile([0.0, 0.03, 0.0], (40, 1))  # zero-shot says key 1 for all of them, by 0.03
    train = [*range(10), *range(20, 30)]
    fitted = head.fit(head.SCALE * wrong[train], vectors[train], [labels[i] for i in train])
    test = [*range(10, 20), *range(30, 40)]
    found = fitted.adjust(wrong[test], vectors[test]).argmax(axis=1)
    assert found.tolist() == [labels[i] for i in test]


def test_a_fitted_head_keeps_clear_zero_shot_scores():
    """Examples that zero-shot already placed right teach little: a clear margin stays."""
    rng = np.random.default_rng(1)
    vectors = _unit(rng.normal(size=(12, 384)))
    scores = np.zeros((12, 3))
    scores[np.arange(12), np.arange(12) % 3] = 0.2
    fitted = head.fit(head.SCALE * scores, vectors, (np.arange(12) % 3).tolist())
    assert (fitted.adjust(scores, vectors).argmax(axis=1) == np.arange(12) % 3).all()


def test_ten_examples_nudge_and_a_hundred_decide():
    """One cluster that zero-shot gives to key 1 by a clear margin (0.1, five logits), confirmed
    under key 0: ten confirmations leave the cluster's unseen members where they were, a hundred
    move them. The penalties are a prior that more evidence outweighs (an averaged loss kept even
    a hundred examples from moving anything)."""
    rng = np.random.default_rng(3)
    centre = _unit(rng.normal(size=(1, 384)))

    def moved(n: int) -> float:
        vectors = _unit(np.repeat(centre, n + 20, axis=0) + 0.3 * rng.normal(size=(n + 20, 384)))
        wrong = np.tile([0.0, 0.1, 0.0], (n + 20, 1))
        fitted = head.fit(head.SCALE * wrong[:n], vectors[:n], [0] * n)
        return float((fitted.adjust(wrong[n:], vectors[n:]).argmax(axis=1) == 0).mean())

    assert moved(10) == 0.0
    assert moved(100) == 1.0


def test_no_examples_no_head(focus_areas):
    model = assign.build_model(focus_areas)
    assert assign.with_head(model, focus_areas, []).head is None
    # An example under a key the round does not have is no example
    assert assign.with_head(model, focus_areas, [Example("Noko anna.", "finst_ikkje")]).head is None


def test_the_head_is_fit_on_the_most_recent_examples(focus_areas, monkeypatch):
    """Confirmations are capped at ``head.MAX_EXAMPLES`` (the work they cause): the oldest go."""
    monkeypatch.setattr(head, "MAX_EXAMPLES", 2)
    examples = [Example("Bussen går for sjeldan.", "samferdsel"), Example("Vegen er stengd.", "samferdsel"),
                Example("Skulen treng fleire lærarar.", "kompetanse"),
                Example("Fleire lærlingplassar trengst.", "kompetanse")]
    model = assign.build_model(focus_areas)
    fitted = assign.with_head(model, focus_areas, examples).head
    assert fitted.examples == 2
    bias = dict(zip(model.keys, fitted.bias.tolist(), strict=True))
    # Only the two recent ones, both under "kompetanse", were learnt from
    assert bias["kompetanse"] == max(bias.values()) and bias["samferdsel"] < 0


def test_worst_case_a_head_at_the_caps_is_fit_and_learns():
    """The most a round can ask of a fit: ``head.MAX_EXAMPLES`` confirmations over the largest
    number of focus areas a round may have (50, app/consultations/structure.py) and "other"."""
    rng = np.random.default_rng(2)
    keys = 51
    labels = rng.integers(0, keys, head.MAX_EXAMPLES)
    centres = _unit(rng.normal(size=(keys, 384)))
    vectors = _unit(centres[labels] + 0.05 * rng.normal(size=(head.MAX_EXAMPLES, 384))).astype(np.float32)
    scores = np.zeros((head.MAX_EXAMPLES, keys))
    fitted = head.fit(scores, vectors, labels.tolist())
    assert fitted.examples == head.MAX_EXAMPLES and fitted.weights.shape == (keys, 384)
    assert np.isfinite(fitted.weights).all() and np.isfinite(fitted.bias).all()
    assert (fitted.adjust(scores, vectors).argmax(axis=1) == labels).mean() > 0.95
