"""Top-1 / top-3 accuracy of the description classifier on the hand-labelled set.

Usage: python bench/goods/eval_descriptions.py [--json] [--errors] [--split dev|heldout]

Reads bench/goods/descriptions.jsonl (see README.md for how labels were assigned)
and prints accuracy on the dev part, the held-out part (never used to tune the
vocabulary) and all items, plus throughput of a 10,000-character description.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

# Measure the code of this checkout, whatever copy of dualuse is installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from dualuse.goods.describe import classify_description  # noqa: E402

DATA = Path(__file__).with_name("descriptions.jsonl")


def evaluate(rows: list[dict[str, str]]) -> dict[str, object]:
    top1 = top3 = 0
    errors = []
    for row in rows:
        codes = [c.code for c in classify_description(row["description"], limit=3)]
        if codes[:1] == [row["hs6"]]:
            top1 += 1
        if row["hs6"] in codes:
            top3 += 1
        else:
            errors.append(
                {
                    "id": row["id"],
                    "description": row["description"],
                    "expected": row["hs6"],
                    "got": codes,
                }
            )
    n = len(rows)
    return {
        "n": n,
        "top1": round(top1 / n, 4) if n else None,
        "top3": round(top3 / n, 4) if n else None,
        "misses_top3": errors,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--errors", action="store_true", help="list the top-3 misses")
    ap.add_argument(
        "--split", choices=["dev", "heldout", "blind", "russian", "chinese"], help="only this split"
    )
    args = ap.parse_args()
    rows = [json.loads(line) for line in DATA.read_text("utf-8").splitlines() if line.strip()]
    report: dict[str, object] = {}
    for split in ("dev", "heldout", "blind", "russian", "chinese"):
        if args.split in (None, split):
            report[split] = evaluate([r for r in rows if r["split"] == split])
    if args.split is None:
        report["all"] = evaluate(rows)
    long_text = " ".join(r["description"] for r in rows)
    long_text = (long_text * (10_000 // max(len(long_text), 1) + 1))[:10_000]
    t0 = time.perf_counter()
    for _ in range(20):
        classify_description(long_text)
    report["ms_per_10k_char_description"] = round((time.perf_counter() - t0) / 20 * 1000, 2)
    if args.json:
        if not args.errors:
            for v in report.values():
                if isinstance(v, dict):
                    v.pop("misses_top3", None)
        print(json.dumps(report, indent=2))
        return
    for name, res in report.items():
        if not isinstance(res, dict):
            continue
        print(f"{name:8s} n={res['n']:4d}  top-1 {res['top1']:.1%}  top-3 {res['top3']:.1%}")
        if args.errors:
            for e in res["misses_top3"]:
                print(
                    f"   miss {e['id']} {e['description']!r}: expected {e['expected']}, "
                    f"got {e['got']}"
                )
    print(f"10,000-character description: {report['ms_per_10k_char_description']} ms")


if __name__ == "__main__":
    main()
