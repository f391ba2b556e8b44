"""Rebuild nlp/data/labelled.jsonl from the two hand-written source lists next to this file."""

import json
from pathlib import Path

HERE = Path(__file__).parent


def rows(name: str):
    for n, line in enumerate((HERE / f"{name}.txt").read_text(encoding="utf-8").splitlines()):
        if not line.strip() or line.startswith("#"):
            continue
        labels, lang, text = line.split("|", 2)
        yield {"id": f"{name}-{n:03d}", "text": text.strip(), "labels": labels.split(","),
               "lang": lang, "split": name}


if __name__ == "__main__":
    out = HERE.parent / "labelled.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for name in ("train", "heldout"):
            for row in rows(name):
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
