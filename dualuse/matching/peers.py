"""Peers scored on the same benchmark cases (``dualuse bench names --peers``).

- ``rapidfuzz-scan``: a plain full scan, ``token_sort_ratio`` of the
  lower-cased names against every indexed name, hit at >= 90. It is slow by
  design (the baseline a candidate index must beat), so it runs on a fixed
  sample of at most ``sample`` cases (every n-th case, deterministic).
- nomenklatura logic-v1/logic-v2 are reported as "not installed" unless the
  ``nomenklatura`` package is importable; scoring them is not wired up yet.
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from dualuse.matching.bench import Case, evaluate
from dualuse.matching.matcher import Matcher


def run_peers(
    cases: Sequence[Case],
    index_path: str | Path,
    matcher: Matcher,
    say: Callable[[str], None],
    sample: int = 300,
) -> list[dict[str, Any]]:
    step = max(1, len(cases) // sample)
    picked = list(cases)[::step][:sample]
    choices: list[str] = []
    owners: list[str] = []
    for ent in matcher.index.entities:
        for name in ent.names:
            choices.append(name.lower())
            owners.append(ent.id)
    say(f"rapidfuzz full scan on {len(picked)} sampled cases")
    results: list[list[str]] = []
    start = time.perf_counter()
    for case in picked:
        found = process.extract(
            case.query.lower(), choices, scorer=fuzz.token_sort_ratio, score_cutoff=90, limit=50
        )
        results.append(sorted({owners[i] for _name, _score, i in found}))
    elapsed = time.perf_counter() - start
    report = evaluate(picked, results)
    report.update(
        {
            "tool": "rapidfuzz-scan",
            "qps": round(len(picked) / elapsed, 1) if elapsed else None,
            "note": f"sample of {len(picked)} cases",
        }
    )
    peers = [report]
    if importlib.util.find_spec("nomenklatura") is None:
        peers.append({"tool": "nomenklatura", "note": "not installed (pip install nomenklatura)"})
    else:
        peers.append({"tool": "nomenklatura", "note": "installed; scoring not wired up yet"})
    return peers
