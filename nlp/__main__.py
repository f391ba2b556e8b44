"""Command line: ``python -m nlp evaluate|bench|learning``; the last line printed is JSON."""

from __future__ import annotations

import argparse
import json
import sys
import time


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run one command."""
    parser = argparse.ArgumentParser(prog="python -m nlp")
    sub = parser.add_subparsers(dest="command", required=True)
    ev = sub.add_parser("evaluate", help="score assignment (or stance) against a gold file")
    ev.add_argument("--gold", required=True,
                    help="JSON lines with text, labels, lang (--task stance: text, stance, lang)")
    ev.add_argument("--task", choices=("assign", "stance"), default="assign")
    ev.add_argument("--focus-areas", help="JSON list of focus areas (required for assign)")
    ev.add_argument("--split", default=None, help="only rows whose 'split' field is this")
    ev.add_argument("--errors", action="store_true", help="list the misassigned rows")
    ev.add_argument("--baseline", action="store_true",
                    help="score the naive TF-IDF baseline instead of our assignment")
    be = sub.add_parser("bench", help="time segmentation, assignment and themes")
    be.add_argument("--n", type=int, default=100_000)
    be.add_argument("--seed", type=int, default=0)
    sub.add_parser("calibrate", help="fit the placement confidence on the tuning rounds (writes data/confidence.json)")
    le = sub.add_parser("learning", help="gain from 10/30/100 confirmed examples")
    le.add_argument("--gold", required=True, nargs="+", help="one or more rounds' gold files")
    le.add_argument("--focus-areas",
                    help="JSON list of focus areas (default: X_focus_areas.json beside each X_gold.jsonl)")
    le.add_argument("--split", default=None, help="only rows whose 'split' field is this")
    le.add_argument("--sizes", default="10,30,100")
    le.add_argument("--repeats", type=int, default=5)
    le.add_argument("--protocol", choices=("heldout", "within", "loo", "review"), default="heldout",
                    help="examples from train scored on heldout; from the scored rows (a running "
                         "round); each row with all the others of its round confirmed; or the "
                         "least confident 10/20/30 %% reviewed and learnt from")
    le.add_argument("--within", action="store_true", help="the same as --protocol within")
    args = parser.parse_args(argv)
    if args.command == "evaluate" and args.task == "assign" and not args.focus_areas:
        parser.error("evaluate --task assign needs --focus-areas")
    result = {"evaluate": _evaluate, "bench": _bench, "learning": _learning,
              "calibrate": _calibrate}[args.command](args)
    print(json.dumps(result, ensure_ascii=False))
    return 0


def _evaluate(args) -> dict:
    if args.task == "stance":
        return _evaluate_stance(args)
    from nlp import assign, baseline, confidence, encoder, evaluate, morphology
    from nlp.types import method_name

    rows = evaluate.read_gold(args.gold)
    if args.split:
        rows = [r for r in rows if r.get("split") == args.split]
    focus_areas = evaluate.read_focus_areas(args.focus_areas)
    started = time.perf_counter()
    texts = [r["text"] for r in rows]
    found = None if args.baseline else assign.assign(texts, focus_areas)
    predicted = baseline.assign(texts, focus_areas) if found is None else [a.label for a in found]
    result = evaluate.scores([r["labels"] for r in rows], predicted,
                             [r.get("lang", "nb") for r in rows])
    if found is not None:
        # How far the confidence can be trusted, and what reviewing the least confident units gives
        correct = [p in r["labels"] for p, r in zip(predicted, rows, strict=True)]
        trust = [a.confidence for a in found]
        result["calibration"] = confidence.reliability(trust, correct)
        result["review"] = confidence.review_gain(trust, correct)
        result["as_free_text"] = _as_free_text(texts, focus_areas, found, rows)
    result["seconds"] = round(time.perf_counter() - started, 3)
    with_apertium = morphology.engine("nb") is not None
    result["method"] = "baseline" if args.baseline else method_name(encoder.enabled(len(rows)), with_apertium)
    for label, s in result["per_label"].items():
        print(f"{label:20} P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f} "
              f"n={s['support']}")
    for lang, s in result.get("per_lang", {}).items():
        print(f"lang {lang}: accuracy={s['accuracy']:.3f} macro_f1={s['macro_f1']:.3f} n={s['n']}")
    if args.errors:
        for row, pred in zip(rows, predicted, strict=True):
            if pred not in row["labels"]:
                print(f"  gold={','.join(row['labels'])} predicted={pred}: {row['text'][:120]}")
    print(f"accuracy={result['accuracy']:.3f} macro_f1={result['macro_f1']:.3f} n={result['n']}")
    return result


def _as_free_text(texts, focus_areas, found, rows) -> float:
    """Accuracy of the placement the app gives a text that no form placed (a meeting note, a
    letter): the assignment, joining its focus area only on the words' evidence (``nlp.analysis``)."""
    from nlp import analysis, assign, evaluate, morphology, pipeline

    model = assign.build_model(focus_areas)
    specific = model.specific_scores(pipeline.terms(morphology.as_bokmal(texts)))
    column = {key: i for i, key in enumerate(model.keys[:-1])}
    placed = [analysis.free_text_placement(a, float(row[column[a.label]]) if a.label in column else 0.0).label
              for a, row in zip(found, specific, strict=True)]
    return evaluate.scores([r["labels"] for r in rows], placed)["accuracy"]


def _evaluate_stance(args) -> dict:
    from nlp import evaluate, stance

    rows = evaluate.read_stance_gold(args.gold, args.split)
    predicted = [stance.stance(r["text"], r.get("position")).stance for r in rows]
    result = evaluate.stance_scores(rows, predicted)
    result["method"] = "stance-rules"
    for label, s in result["per_label"].items():
        print(f"{label:10} P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f} n={s['support']}")
    for key in ("per_lang", "per_origin"):
        for name, s in result.get(key, {}).items():
            print(f"{name}: accuracy={s['accuracy']:.3f} macro_f1={s['macro_f1']:.3f} n={s['n']}")
    for name, s in result["baselines"].items():
        print(f"baseline {name}: accuracy={s['accuracy']:.3f} macro_f1={s['macro_f1']:.3f}")
    if args.errors:
        for row, pred in zip(rows, predicted, strict=True):
            if pred != row["stance"]:
                print(f"  gold={row['stance']} predicted={pred}: {row['text'][:140]}")
    print(f"accuracy={result['accuracy']:.3f} macro_f1={result['macro_f1']:.3f} n={result['n']}")
    return result


def _bench(args) -> dict:
    from nlp import bench

    return bench.run(args.n, seed=args.seed, log=lambda line: print(line, file=sys.stdout))


def _calibrate(args) -> dict:
    from pathlib import Path

    from nlp import confidence

    data = Path(__file__).parent / "data"
    result = confidence.calibrate(data / "rounds", real_dir=data / "real")
    for kind, figures in result.get("general", {}).get("held_out", {}).items():
        print(f"general remarks {kind} (n={figures['n']}): held-out accuracy "
              f"{figures['accuracy_without']} without, {figures['accuracy_with']} with")
    for method, held in result["held_out"].items():
        for kind, figures in held.items():
            print(f"{method} {kind} (n={figures['n']}): held-out ECE={figures['reliability']['ece']} "
                  f"review={figures['review']}")
    return result


def _learning(args) -> dict:
    from nlp import learning

    sizes = [int(s) for s in args.sizes.split(",")]
    rounds = learning.read_rounds(args.gold, args.focus_areas, args.split)
    return learning.curve(rounds, sizes, repeats=args.repeats,
                          protocol="within" if args.within else args.protocol, log=print)


if __name__ == "__main__":
    sys.exit(main())
