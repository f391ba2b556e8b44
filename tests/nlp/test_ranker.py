import numpy as np
import pytest

from nlp import assign, encoder, general, ranker


def _features(words, sims, specific, p, coverage=None, has_words=None):
    n = len(words)
    return ranker.features(np.asarray(words, float), np.asarray(sims, float), np.asarray(specific, float),
                           np.asarray(p, float), np.ones(n) if coverage is None else np.asarray(coverage, float),
                           np.ones(n, bool) if has_words is None else np.asarray(has_words, bool))


def test_features_give_each_focus_area_its_evidence_and_other_its_own():
    x = _features([[0.2, 0.1, 0.05]], [[0.03, -0.01, 0.02]], [[0.1, 0.0]], [0.8], coverage=[0.5])
    assert x.shape == (1, 3, len(ranker.FEATURES))
    area, other = dict(zip(ranker.FEATURES, x[0, 0], strict=True)), dict(zip(ranker.FEATURES, x[0, 2], strict=True))
    assert (area["words"], area["encoder"], area["specific_words"]) == (0.2, 0.03, 0.1)
    assert area["best_by_words"] == area["best_by_encoder"] == 1 and x[0, 1, 3] == x[0, 1, 4] == 0
    assert all(area[name] == 0 for name in ranker.OTHER_FEATURES)
    assert other["other_bias"] == 1 and other["other_words"] == 0.05 and other["other_encoder"] == 0.02
    assert other["general_logit"] == pytest.approx(np.log(0.8 / 0.2)) and other["coverage"] == 0.5
    assert (other["best_area_words"], other["best_area_encoder"], other["best_area_specific"]) == (0.2, 0.03, 0.1)
    assert all(other[name] == 0 for name in ranker.AREA_FEATURES)


def test_a_unit_without_words_has_no_encoder_evidence():
    x = _features([[0.0, 0.0, 0.0]], [[0.05, 0.01, 0.0]], [[0.0, 0.0]], [0.5], has_words=[False])
    assert x[0, :2, 1].tolist() == [0, 0] and x[0, 2, ranker.FEATURES.index("no_words")] == 1


def test_the_fit_learns_which_evidence_decides():
    """Rounds where the encoder is right and the words mislead: the fit trusts the encoder, and
    a general remark (high detector probability) goes to "other"."""
    rng = np.random.default_rng(0)
    parts = []
    for _ in range(5):
        n = 60
        gold_area = rng.integers(0, 3, n)
        general_remark = rng.random(n) < 0.3
        sims = rng.normal(0, 0.01, (n, 4))
        sims[np.arange(n), gold_area] += 0.05
        words = rng.random((n, 4)) * 0.1  # no information
        p = np.where(general_remark, 0.9, 0.1)
        gold = np.zeros((n, 4))
        gold[np.arange(n), np.where(general_remark, 3, gold_area)] = 1
        parts.append((_features(words, sims, np.zeros((n, 3)), p), gold, 1.0))
    weights = ranker.fit(parts[:4])
    assert dict(zip(ranker.FEATURES, weights, strict=True))["general_logit"] > 0
    x, gold, _ = parts[4]  # a round the fit has not seen
    right = ranker.logits(x, weights).argmax(axis=1) == gold.argmax(axis=1)
    assert right.mean() > 0.9
    # by words alone (the other evidence), as good as chance
    assert (x[:, :3, 0].argmax(axis=1) == gold[:, :3].argmax(axis=1)).mean() < 0.6


def test_real_units_are_fitted_as_if_general_remarks_were_the_declared_share():
    is_other = np.array([True] * 6 + [False] * 4)
    w = ranker.prior_weights(is_other, 3.0, share=0.6, target=0.3)
    assert w.sum() == pytest.approx(30.0) and w[is_other].sum() / w.sum() == pytest.approx(0.3)
    assert ranker.prior_weights(np.zeros(4, bool), 3.0, share=0.0).tolist() == [3.0] * 4
    # Units the evidence cannot tell apart: the fitted lean towards "other" follows the weights
    rng = np.random.default_rng(1)
    n = 200
    general_remark = rng.random(n) < 0.5
    x = _features(rng.random((n, 3)) * 0.01, rng.normal(0, 0.01, (n, 3)), np.zeros((n, 2)), np.full(n, 0.5))
    gold = np.zeros((n, 3))
    gold[np.arange(n), np.where(general_remark, 2, rng.integers(0, 2, n))] = 1
    share = general_remark.mean()
    as_found = ranker.softmax(x @ ranker.fit([(x, gold, 1.0)]))[:, 2].mean()
    fewer = ranker.softmax(x @ ranker.fit([(x, gold, ranker.prior_weights(general_remark, 1.0, share, 0.2))]))[:, 2].mean()
    assert as_found == pytest.approx(share, abs=0.05) and fewer == pytest.approx(0.2, abs=0.05)


@pytest.mark.skipif(not encoder.installed(), reason="the ranker weighs the encoder's evidence")
def test_with_the_encoder_scores_are_the_rankers_probabilities_and_without_its_fit_the_sum(focus_areas, monkeypatch):
    texts = ["Bussen går for sjeldan, og vegen er stengd om vinteren.", "Takk for at vi fikk uttale oss."]
    model = assign.build_model(focus_areas)
    terms = [["buss", "sjeldan", "veg", "stengd", "vinter"], ["takk", "uttale"]]
    vectors = encoder.encode(texts)
    sims = encoder.similarities(texts, focus_areas, vectors=vectors)
    ranked = model.scores(terms, sims, vectors)
    assert ranked.shape == (2, len(focus_areas) + 1) and np.allclose(ranked.sum(axis=1), 1)
    assert ranked[0].argmax() == model.keys.index("samferdsel") and model.keys[ranked[1].argmax()] == "other"
    monkeypatch.setattr(ranker, "_weights", lambda: None)
    summed = model.scores(terms, sims, vectors)
    expected = general.lift(model.scores(terms) + sims * np.array(
        [assign.ENCODER_WEIGHT] * len(focus_areas) + [assign.OTHER_ENCODER_WEIGHT]), vectors)
    assert np.allclose(summed, expected) and model.logits(terms, sims, vectors) is None
