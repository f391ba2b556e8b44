"""The general-remark detector (nlp.general): remarks on the plan, the process and the region's
own organisation lean to "other", whatever the round's focus areas."""

import numpy as np
import pytest

from nlp import assign, encoder, general


def test_a_general_unit_gets_other_just_above_its_best_focus_area_and_others_keep_their_scores():
    scores = np.array([[0.20, 0.05, 0.01], [0.20, 0.05, 0.01], [0.02, 0.01, 0.30]])
    lifted = general.lift_with(scores, np.array([0.9, 0.1, 0.9]))
    assert lifted[0].tolist() == pytest.approx([0.20, 0.05, 0.20 + general.LIFT])
    assert lifted[1].tolist() == scores[1].tolist()
    # "other" already ahead stays where it was
    assert lifted[2].tolist() == scores[2].tolist()


def test_without_a_fit_the_scores_are_unchanged(tmp_path, monkeypatch):
    monkeypatch.setattr(general, "DATA", tmp_path / "missing.json")
    general._fit.cache_clear()
    try:
        scores = np.array([[0.2, 0.1, 0.0]])
        assert general.probability(np.ones((1, 384), np.float32)) is None
        assert general.lift(scores, np.ones((1, 384), np.float32)) is scores
    finally:
        general._fit.cache_clear()


@pytest.mark.skipif(not encoder.installed(), reason="the detector reads encoder vectors")
def test_remarks_on_the_plan_and_the_process_are_other_and_topics_keep_their_focus_area(focus_areas):
    general_remarks = [
        "Vi takkar for høvet til å uttale oss og ser fram til det vidare arbeidet med planen.",
        "Høringsutkastet er oversiktlig, men målene er lite forpliktende og vanskelige å følge opp.",
        "Kommunestyret behandlet saken i sitt møte i går, og protokollen ettersendes.",
    ]
    topical = [
        "Det trengst fleire bussavgangar mellom bygdene og byen om kvelden.",
        "Kommunene sliter med å rekruttere sykepleiere og leger til sykehjemmene.",
    ]
    found = assign.assign(general_remarks + topical, focus_areas)
    assert [a.label for a in found[: len(general_remarks)]] == ["other"] * len(general_remarks)
    assert all(a.label != "other" for a in found[len(general_remarks):])
    vectors = encoder.encode(general_remarks + topical)
    p = general.probability(vectors)
    assert (p[: len(general_remarks)] > 0.5).all() and (p[len(general_remarks):] < 0.5).all()
