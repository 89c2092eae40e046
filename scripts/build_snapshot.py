"""Build the shipped snapshot from the public list files in ``shared/data/lists``.

Usage: ``python scripts/build_snapshot.py [LISTS_DIR]`` (default ``../shared/data/lists``).
It gzips the newest version of each list found there into
``dualuse/lists/data/snapshot/`` and writes ``manifest.json`` with each file's
origin, date and sha256.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "dualuse" / "lists" / "data" / "snapshot"

#: source key, version date, files (name in snapshot, path under LISTS_DIR), note
SHIPPED = [
    (
        "ofac_sdn",
        "2024-05-03",
        [("sdn.csv", "ofac_sdn_history/sdn_2024-05-03.csv")],
        "OFAC SDN legacy sdn.csv as published 2024-05-03 (daily scrape of OFAC's file); "
        "aliases, addresses and identifiers are in the Remarks column.",
    ),
    (
        "ofac_cons",
        "2025-01-10",
        [("CONS_ENHANCED.XML", "ofac_consolidated_2025/CONS_ENHANCED.XML")],
        "OFAC Consolidated (non-SDN) list, enhanced XML, dataAsOf 2025-01-10.",
    ),
    (
        "un_sc",
        "2026-02-27",
        [("consolidated.xml", "un_2026/UN_consolidated.xml")],
        "UN Security Council Consolidated List, dateGenerated 2026-02-27.",
    ),
    (
        "us_csl",
        "2022-05-16",
        [("consolidated.csv", "us_csl_2022/consolidated.csv")],
        "US Consolidated Screening List (ITA export); newest start_date 2022-04-21, "
        "file dated 2022-05-16. Treasury and DPL rows are left to the OFAC and DPL files.",
    ),
    (
        "bis_dpl",
        "2022-09-02",
        [("dpl.txt", "bis_dpl_2022/dpl.txt")],
        "BIS Denied Persons List; newest Last_Update 2022-09-02.",
    ),
]


def main() -> None:
    lists_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/lists")
    OUT.mkdir(parents=True, exist_ok=True)
    sources = []
    for source, date, files, note in SHIPPED:
        entries = []
        for name, rel in files:
            data = (lists_dir / rel).read_bytes()
            target = f"{source}__{name}.gz"
            # mtime=0: the same input gives byte-identical output (no churn in git).
            with (
                open(OUT / target, "wb") as fh,
                gzip.GzipFile(filename=name, mode="wb", fileobj=fh, compresslevel=9, mtime=0) as gz,
            ):
                gz.write(data)
            entries.append(
                {
                    "name": name,
                    "path": target,
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "origin": f"shared/data/lists/{rel}",
                    "bytes": str(len(data)),
                }
            )
        sources.append({"source": source, "version_date": date, "files": entries, "note": note})
    manifest = {"built_from": "shared/data/lists (see its README)", "sources": sources}
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {len(sources)} sources to {OUT}")


if __name__ == "__main__":
    main()
