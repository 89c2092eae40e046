"""Parse every real list file and print time, entity counts and peak memory.

    python bench/parse_lists.py [LISTS_DIR]      # default ../shared/data/lists

For each file: wall time of ``parse``, entities by schema, parties, the parser's
notes, and the party count the README of the lists folder states, so that any
difference shows. Peak memory is the process's maximum resident set size
(``resource.getrusage``), printed after each file, so it grows monotonically.
Speed is measured here, never in unit tests.
"""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

from dualuse.sources import bis_dpl, ofac_csv, ofac_xml, un_xml, us_csl
from dualuse.sources.base import ParsedList

# (label, parse, files relative to the lists folder, parties the README states)
RUNS: list[tuple[str, Callable[..., ParsedList], list[str], int | None]] = [
    (
        "ofac_sdn 2024-05-03 (shipped)",
        ofac_csv.parse,
        ["ofac_sdn_history/sdn_2024-05-03.csv"],
        14965,
    ),
    ("ofac_sdn 2024-05-02", ofac_csv.parse, ["ofac_sdn_history/sdn_2024-05-02.csv"], 14973),
    ("ofac_sdn 2023-06-08", ofac_csv.parse, ["ofac_sdn_history/sdn_2023-06-08.csv"], 12619),
    (
        "ofac_sdn 2021 set",
        ofac_csv.parse,
        [f"ofac_sdn_2021/{n}" for n in ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")],
        8976,
    ),
    ("ofac_cons", ofac_xml.parse, ["ofac_consolidated_2025/CONS_ENHANCED.XML"], 443),
    ("un_sc", un_xml.parse, ["un_2026/UN_consolidated.xml"], 1003),
    ("us_csl (EL/UVL/MEU/ISN/DTC)", us_csl.parse, ["us_csl_2022/consolidated.csv"], 3163),
    ("bis_dpl", bis_dpl.parse, ["bis_dpl_2022/dpl.txt"], 459),
]


def peak_mb() -> float:
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(root: Path) -> int:
    total = 0.0
    shipped = 0.0
    print(f"lists folder: {root}")
    for label, parse, rel, expected in RUNS:
        paths = [root / r for r in rel]
        if not all(p.exists() for p in paths):
            print(f"\n{label}: missing {', '.join(str(p) for p in paths if not p.exists())}")
            continue
        start = time.perf_counter()
        parsed = parse(paths)
        took = time.perf_counter() - start
        total += took
        if "2024-05-02" not in label and "2023" not in label and "2021" not in label:
            shipped += took
        diff = (
            ""
            if expected is None
            else f" (README: {expected}; diff {parsed.party_count - expected:+d})"
        )
        print(f"\n{label}: {took:.2f} s, peak RSS {peak_mb():.0f} MB")
        print(f"  version_date {parsed.version_date}, parties {parsed.party_count}{diff}")
        print(f"  counts {parsed.counts()}")
        for note in parsed.notes:
            print(f"  note: {note[:160]}")
    print(f"\ntotal parse time {total:.2f} s (shipped lists only: {shipped:.2f} s)")
    print(f"peak RSS {peak_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/lists")))
