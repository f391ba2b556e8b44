import json

from nlp import evaluate
from nlp.__main__ import main

from .conftest import DATA, PACKAGE_DATA


def test_scores_accuracy_and_macro_f1():
    result = evaluate.scores([["a"], ["b"], ["a", "b"], ["other"]], ["a", "a", "b", "other"],
                             ["nb", "nn", "nb", "nn"])
    assert result["accuracy"] == 0.75 and result["n"] == 4
    assert result["per_label"]["a"] == {"precision": 0.5, "recall": 1.0, "f1": 0.6667,
                                        "support": 1}
    assert result["per_lang"]["nn"]["accuracy"] == 0.5
    assert 0 < result["macro_f1"] < 1


def test_scores_of_nothing():
    assert evaluate.scores([], [])["accuracy"] == 0.0


def test_evaluate_cli_prints_json_last(capsys):
    main(["evaluate", "--gold", str(PACKAGE_DATA / "labelled.jsonl"), "--split", "heldout",
          "--focus-areas", str(DATA / "focus_areas_regional.json")])
    last = capsys.readouterr().out.strip().splitlines()[-1]
    result = json.loads(last)
    assert {"accuracy", "macro_f1", "n"} <= result.keys()
    assert result["n"] > 90 and set(result["per_lang"]) == {"nb", "nn"}
