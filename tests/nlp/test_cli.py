import json

from nlp import bench
from nlp.__main__ import main

from .conftest import DATA, PACKAGE_DATA


def last_json(capsys) -> dict:
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_bench_cli_reports_throughput_and_memory(capsys):
    main(["bench", "--n", "20"])  # a small run: the full-size figures are the benchmark's, not the tests'
    result = last_json(capsys)
    assert result["n"] == 20 and result["units"] >= 20
    assert result["seconds"] > 0 and result["comments_per_s"] > 0 and result["peak_rss_mb"] > 0
    assert {"segment", "pipeline", "assign", "themes"} <= result["stages"].keys()


def test_bench_corpus_is_deterministic():
    assert bench.corpus(50, seed=1) == bench.corpus(50, seed=1)
    assert bench.corpus(50, seed=1) != bench.corpus(50, seed=2)


def test_learning_cli_reports_each_size(capsys, tmp_path):
    """On a slice of the labelled set (40 train rows, 40 held out): the curve's shape, not its figures."""
    rows = (PACKAGE_DATA / "labelled.jsonl").read_text(encoding="utf-8").splitlines()
    train = [r for r in rows if json.loads(r).get("split", "train") == "train"][:40]
    heldout = [r for r in rows if json.loads(r).get("split") == "heldout"][:40]
    assert len(train) == len(heldout) == 40
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(train + heldout) + "\n", encoding="utf-8")
    main(["learning", "--gold", str(gold),
          "--focus-areas", str(DATA / "focus_areas_regional.json"), "--sizes", "10,30",
          "--repeats", "1"])
    result = last_json(capsys)
    assert {"zero_shot", "examples_10", "examples_30"} <= result.keys()
    assert 0 < result["examples_30"]["accuracy"] <= 1


def test_learning_after_review_beside_the_same_review_without_learning(capsys, tmp_path):
    """The «Mest usikre først» protocol: the least confident 10/20/30 % become right and are
    learnt from. Its figures without learning are the review figures of ``evaluate`` itself."""
    rows = (PACKAGE_DATA / "labelled.jsonl").read_text(encoding="utf-8").splitlines()[:40]
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(rows) + "\n", encoding="utf-8")
    areas = str(DATA / "focus_areas_regional.json")
    main(["evaluate", "--gold", str(gold), "--focus-areas", areas])
    review = last_json(capsys)["review"]
    main(["learning", "--gold", str(gold), "--focus-areas", areas, "--protocol", "review"])
    result = last_json(capsys)
    for share in ("10%", "20%", "30%"):
        found = result[f"review_{share}"]
        assert found["n"] == 40
        assert found["without_learning_accuracy"] == review[share]
        assert int(share[:-1]) / 100 <= found["accuracy"] <= 1


def test_learning_leave_one_out_over_several_rounds(capsys, tmp_path):
    """Two small rounds, focus areas read from beside each gold file: every row is scored once."""
    rows = (PACKAGE_DATA / "labelled.jsonl").read_text(encoding="utf-8").splitlines()
    areas = (DATA / "focus_areas_regional.json").read_text(encoding="utf-8")
    golds = []
    for n, part in enumerate((rows[:5], rows[5:9])):
        gold = tmp_path / f"r{n}_gold.jsonl"
        gold.write_text("\n".join(part) + "\n", encoding="utf-8")
        (tmp_path / f"r{n}_focus_areas.json").write_text(areas, encoding="utf-8")
        golds.append(str(gold))
    main(["learning", "--gold", *golds, "--protocol", "loo"])
    result = last_json(capsys)
    assert result["rounds"] == 2 and result["zero_shot"]["n"] == result["leave_one_out"]["n"] == 9
    assert 0 <= result["leave_one_out"]["accuracy"] <= 1
