"""Shape of the real evaluation data in nlp/data/real/ (see its README): every round's files,
labels from the round's own focus areas, the blind split rule and a stance line per unit."""

import json

import pytest

from nlp import evaluate

from .conftest import PACKAGE_DATA

REAL = PACKAGE_DATA / "real"
ROUNDS = sorted(p.name.removesuffix("_gold.jsonl") for p in REAL.glob("*_gold.jsonl") if p.name != "stance_gold.jsonl")


def _rows(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_there_are_real_rounds():
    assert len(ROUNDS) >= 7


@pytest.mark.parametrize("round_name", ROUNDS)
def test_round_units_have_their_fields_and_the_rounds_labels(round_name):
    keys = {area.key for area in evaluate.read_focus_areas(REAL / f"{round_name}_focus_areas.json")}
    rows = _rows(REAL / f"{round_name}_gold.jsonl")
    assert rows and len({row["id"] for row in rows}) == len(rows)
    for row in rows:
        assert set(row) == {"id", "text", "labels", "lang", "split", "source", "author"}, row["id"]
        assert row["id"].startswith(f"real-{round_name}-")
        assert row["text"].strip() and row["source"].strip() and row["author"].strip()
        assert row["lang"] in {"nb", "nn"} and row["split"] in {"dev", "sealed"}
        assert row["labels"] and set(row["labels"]) <= keys | {"other"}, row["id"]
        assert row["labels"] == ["other"] or "other" not in row["labels"], row["id"]


@pytest.mark.parametrize("round_name", ROUNDS)
def test_round_follows_the_blind_split_rule(round_name):
    """Unit j of statement s (both from 0, in file order) is dev exactly when j + s is even;
    units of the passes whose sealed half was scored (``scored.json``) are all dev."""
    scored = json.loads((REAL / "scored.json").read_text(encoding="utf-8"))["units"].get(round_name, 0)
    statements: dict[tuple[str, str], int] = {}
    seen: dict[tuple[str, str], int] = {}
    for i, row in enumerate(_rows(REAL / f"{round_name}_gold.jsonl")):
        statement = (row["source"], row["author"])
        s = statements.setdefault(statement, len(statements))
        j = seen.get(statement, 0)
        seen[statement] = j + 1
        rule = "dev" if (j + s) % 2 == 0 or i < scored else "sealed"
        assert row["split"] == rule, row["id"]


def test_a_scored_sealed_half_is_development_data_and_new_units_keep_a_sealed_half():
    scored = json.loads((REAL / "scored.json").read_text(encoding="utf-8"))
    assert set(scored["units"]) <= set(ROUNDS)
    for round_name, n in scored["units"].items():
        assert len(_rows(REAL / f"{round_name}_gold.jsonl")) >= n


def test_every_real_unit_has_its_stance_line():
    stance = {row["id"]: row for row in _rows(REAL / "stance_gold.jsonl")}
    for round_name in ROUNDS:
        for row in _rows(REAL / f"{round_name}_gold.jsonl"):
            line = stance[f"stance-{row['id']}"]
            assert (line["text"], line["lang"], line["split"], line["origin"]) == (
                row["text"], row["lang"], row["split"], "real")
            assert line["source"] == f"nlp/data/real/{round_name}_gold.jsonl#{row['id']}"
            assert line["stance"] in {"supports", "objects", "proposes", "neutral"}


def test_the_regional_relabelling_quotes_every_second_real_unit_and_uses_the_regional_focus_areas(focus_areas):
    """nlp/data/real/regional/: every second unit of the real rounds (gold files in name order, lines in
    file order), labelled again against the shared regional focus areas; dev and sealed alternate."""
    keys = {area.key for area in focus_areas}
    files = sorted(p for p in REAL.glob("*_gold.jsonl") if p.name != "stance_gold.jsonl")
    units = [row for path in files for row in _rows(path)][::2]
    relabelled = _rows(REAL / "regional" / "regional_gold.jsonl")
    assert sorted(row["id"] for row in relabelled) == sorted(unit["id"] for unit in units)
    by_id = {row["id"]: row for row in relabelled}
    for i, unit in enumerate(units):
        row = by_id[unit["id"]]
        assert row["text"] == unit["text"] and row["lang"] == unit["lang"] and row["round_labels"] == unit["labels"]
        assert row["split"] == ("dev" if i % 2 == 0 else "sealed")
        assert row["labels"] and set(row["labels"]) <= keys | {"other"}, row["id"]
        assert row["labels"] == ["other"] or "other" not in row["labels"], row["id"]
