import json

from nlp import bench
from nlp.__main__ import main

from .conftest import DATA, PACKAGE_DATA


def last_json(capsys) -> dict:
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_bench_cli_reports_throughput_and_memory(capsys):
    main(["bench", "--n", "300"])
    result = last_json(capsys)
    assert result["n"] == 300 and result["units"] >= 300
    assert result["seconds"] > 0 and result["comments_per_s"] > 0 and result["peak_rss_mb"] > 0
    assert {"segment", "pipeline", "assign", "themes"} <= result["stages"].keys()


def test_bench_corpus_is_deterministic():
    assert bench.corpus(50, seed=1) == bench.corpus(50, seed=1)
    assert bench.corpus(50, seed=1) != bench.corpus(50, seed=2)


def test_learning_cli_reports_each_size(capsys):
    main(["learning", "--gold", str(PACKAGE_DATA / "labelled.jsonl"),
          "--focus-areas", str(DATA / "focus_areas_regional.json"), "--sizes", "10,30",
          "--repeats", "1"])
    result = last_json(capsys)
    assert {"zero_shot", "examples_10", "examples_30"} <= result.keys()
    assert 0 < result["examples_30"]["accuracy"] <= 1
