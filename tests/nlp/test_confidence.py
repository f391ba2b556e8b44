"""The placement's confidence: calibrated on the tuning rounds, and where a review pays."""
import json
import math

import numpy as np
import pytest

from nlp import assign, confidence
from nlp.__main__ import main
from nlp.analysis import analyse
from nlp.types import Answer

from .conftest import PACKAGE_DATA


def test_the_stored_fit_is_over_todays_features():
    stored = json.loads(confidence.DATA.read_text(encoding="utf-8"))
    assert tuple(stored["features"]) == confidence.FEATURES
    assert {"lexical", "encoder"} <= stored["fits"].keys()
    assert all(len(f["coef"]) == len(confidence.FEATURES) for f in stored["fits"].values())


def test_reliability_is_zero_when_confidence_matches_the_hit_rate():
    # 10 units at 0.8 of which 8 are right, 10 at 0.3 of which 3 are right
    conf = [0.8] * 10 + [0.3] * 10
    correct = [True] * 8 + [False] * 2 + [True] * 3 + [False] * 7
    result = confidence.reliability(conf, correct)
    assert result["ece"] == pytest.approx(0.0, abs=1e-9)
    assert [b["n"] for b in result["bins"]] == [10, 10]
    # Overconfidence shows: 0.9 said, half right
    assert confidence.reliability([0.9] * 4, [True, False, True, False])["ece"] == pytest.approx(0.4)


def test_review_fixes_the_least_confident_first():
    conf = [0.1, 0.2, 0.9, 0.95, 0.99, 0.97, 0.96, 0.94, 0.93, 0.92]
    correct = [False, False] + [True] * 8
    gain = confidence.review_gain(conf, correct)
    assert gain == {"none": 0.8, "10%": 0.9, "20%": 1.0, "30%": 1.0}


def test_confident_placements_are_right_more_often(focus_areas):
    # A text split between school transport and teachers is less sure than one on either alone. (A
    # general remark, "Det er viktig å samarbeide godt.", placed as "other" may well be sure: the
    # general-remark detector knows such sentences, and "other" is right for them.)
    texts = ["Fylkesvegen må rassikrast og få gang- og sykkelveg.", "Vi takkar for høve til å uttale oss.",
             "Skuleskyssen og lærarane i bygda treng betre vilkår.", "Skulen treng lærarar med fagbrev."]
    found = assign.assign(texts, focus_areas)
    assert all(0 < a.confidence < 1 for a in found)
    sure = {t.split()[0]: a.confidence for t, a in zip(texts, found, strict=True)}
    assert min(sure["Fylkesvegen"], sure["Skulen"]) > sure["Skuleskyssen"]


def test_coverage_is_the_share_of_a_texts_words_the_focus_areas_know(focus_areas):
    model = assign.build_model(focus_areas)
    on_topic = ["fylkesveg", "rassikring", "buss"]
    covered = model.coverage([on_topic, [*on_topic, "imponerande", "kunnskapsgrunnlag", "grundig"], ["takk", "høve"], []])
    assert covered[0] == 1.0 and covered[1] == pytest.approx(0.5) and covered[3] == 0.0
    assert covered[2] < covered[1]


@pytest.mark.parametrize("encoded", [False, True])
def test_a_placement_resting_on_few_of_a_texts_many_words_is_less_sure(encoded):
    ranked, is_other = np.array([[0.12, 0.04, 0.0]] * 2), np.array([False, False])
    whole, part = confidence.of(ranked, is_other, encoded, np.array([1.0, 0.2]))
    assert part < whole


def test_calibration_reports_written_and_real_rounds_apart_and_keeps_the_sealed_half_out(tmp_path, nlp_env):
    nlp_env("HORING_NLP_ENCODER", "off")
    real = tmp_path / "real"
    real.mkdir()
    source = PACKAGE_DATA / "real" / "vestland_rtp"
    (real / "vestland_rtp_focus_areas.json").write_text(
        source.with_name("vestland_rtp_focus_areas.json").read_text(encoding="utf-8"), encoding="utf-8")
    lines = source.with_name("vestland_rtp_gold.jsonl").read_text(encoding="utf-8").splitlines()
    # A sealed row that would break the fit if it were read: its text is not a string
    (real / "vestland_rtp_gold.jsonl").write_text(
        "\n".join([*lines, json.dumps({"id": "x", "text": None, "labels": ["fylkesveg"], "split": "sealed"})]),
        encoding="utf-8")
    result = confidence.calibrate(PACKAGE_DATA / "rounds", rounds=("sogn", "nord"), write=None, real_dir=real)
    held = result["held_out"]["lexical"]
    assert set(held) == {"written", "real"}
    assert held["real"]["n"] == sum(json.loads(line)["split"] == "dev" for line in lines)
    assert "real:vestland_rtp" in result["rounds"] and len(result["fits"]["lexical"]["coef"]) == len(confidence.FEATURES)


def test_an_answer_kept_where_its_consultee_wrote_it_is_certain(focus_areas):
    result = analyse([Answer("a", "Tinn kommune er i hovudsak einig.", "Tinn", "samferdsel")], focus_areas)
    assert result.units[0].assignment.confidence == 1.0


def test_without_a_fit_there_is_no_confidence_rather_than_a_wrong_one(monkeypatch):
    monkeypatch.setattr(confidence, "_fits", lambda: {})
    assert math.isnan(confidence.of(np.array([[0.2, 0.1]]), np.array([False]), False)[0])


def test_evaluate_prints_calibration_and_the_gain_of_review(capsys):
    main(["evaluate", "--gold", str(PACKAGE_DATA / "rounds" / "sogn_gold.jsonl"),
          "--focus-areas", str(PACKAGE_DATA / "rounds" / "sogn_focus_areas.json")])
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    # One written round of 58 units, in the fit: the confidence is fitted mostly for real text
    # (real units count three times), on which this easy round is underconfident (0.90 right
    # at a mean confidence of about 0.70). Held out, over many rounds, the figures are in nlp/README.md.
    assert 0 <= result["calibration"]["ece"] < 0.25
    review = result["review"]
    assert review["none"] < review["10%"] <= review["20%"] <= review["30%"] <= 1
    # As the app places texts no form placed: a focus area only on its own words' evidence
    assert 0 < result["as_free_text"] <= result["accuracy"] + 0.1
