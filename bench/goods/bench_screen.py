"""Throughput of goods screening on typical order lines (prints figures; no assertions).

Usage: python bench/goods/bench_screen.py [--lines N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from dualuse.goods import screen_goods  # noqa: E402

LINES = [
    {"code": "8542.31.0000", "description": "32-bit MCU LQFP-100"},
    {"part_number": "TMS320F28335PGFA", "manufacturer": "Texas Instruments Inc."},
    {"code": "8482 10 10", "description": "deep groove ball bearing 6202-2RS"},
    {"description": "GNSS receiver module with ceramic patch antenna 1575 MHz"},
    {"code": "850760", "description": "LiPo battery 6S 5000mAh"},
    {"manufacturer": "u-blox AG", "description": "GPS module"},
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=5000)
    args = ap.parse_args()
    t0 = time.perf_counter()
    screen_goods(code="854231")  # loads the tables once
    load_s = time.perf_counter() - t0
    hits = 0
    t0 = time.perf_counter()
    for i in range(args.lines):
        hits += len(screen_goods(**LINES[i % len(LINES)]).hits)  # type: ignore[arg-type]
    elapsed = time.perf_counter() - t0
    print(
        json.dumps(
            {
                "first_call_s": round(load_s, 3),
                "lines": args.lines,
                "lines_per_s": round(args.lines / elapsed),
                "ms_per_line": round(elapsed / args.lines * 1000, 3),
                "hits": hits,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
