"""Name screening compiled against pure Python: the mypyc build of
``dualuse.matching.names`` with the C candidate ranking (``_ranking.c``), against names.py
with the numpy ranking.

Each run is a new process (with ``DUALUSE_PURE_PYTHON=1`` for pure Python) that
builds the index from INDEX, screens every case of CASES once cold and then WARM
times warm, as ``dualuse bench names`` does; runs of the two kinds alternate, so
that other work on the machine falls on both. Printed per kind: queries/s of the
warm passes and of the cold passes (best and median over all of them), the p99
latency of the warm passes (best and median), and the ratio of the medians.
Usage: ``python bench/names_compiled.py CASES INDEX [RUNS] [WARM]`` (3 runs, 5 warm
passes by default).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def one_run(cases_path: str, index_path: str, warm: int) -> dict[str, Any]:
    """In the child: (compiled?, per pass: queries/s and p99 in ms), cold pass first."""
    from dualuse.matching import Matcher, PartyQuery, _native, names_is_compiled
    from dualuse.matching.bench import read_cases
    from dualuse.matching.index import ranking_is_compiled

    cases = read_cases(cases_path)
    matcher = Matcher.from_bench_index(index_path)
    passes = []
    for _ in range(1 + warm):
        latencies: list[float] = []
        start = time.perf_counter()
        for case in cases:
            q0 = time.perf_counter()
            matcher.score_query(PartyQuery(case.query, case.schema), limit=50, explain=False)
            latencies.append((time.perf_counter() - q0) * 1000)
        elapsed = time.perf_counter() - start
        passes.append({"qps": len(cases) / elapsed, "p99_ms": _p99(latencies)})
    why = f"names: {_native.reason}; ranking: {_native.ranking_reason}"
    return {
        "compiled": names_is_compiled() and ranking_is_compiled(),
        "why": why,
        "passes": passes,
    }


def _spawn(pure: bool, cases: str, index: str, warm: int) -> dict[str, Any]:
    import dualuse

    env = dict(os.environ, PYTHONPATH=str(Path(dualuse.__file__).parent.parent))
    env.pop("DUALUSE_PURE_PYTHON", None)
    if pure:
        env["DUALUSE_PURE_PYTHON"] = "1"
    out = subprocess.run(
        [sys.executable, __file__, "--run", cases, index, str(warm)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)


def _summary(runs: list[dict[str, Any]]) -> dict[str, float]:
    cold = [r["passes"][0] for r in runs]
    warm = [p for r in runs for p in r["passes"][1:]]
    qps_w = [p["qps"] for p in warm]
    p99_w = [p["p99_ms"] for p in warm]
    return {
        "qps_warm_best": round(max(qps_w), 1),
        "qps_warm_median": round(statistics.median(qps_w), 1),
        "qps_cold_best": round(max(p["qps"] for p in cold), 1),
        "qps_cold_median": round(statistics.median(p["qps"] for p in cold), 1),
        "p99_ms_warm_best": round(min(p99_w), 2),
        "p99_ms_warm_median": round(statistics.median(p99_w), 2),
        "p99_ms_cold_median": round(statistics.median(p["p99_ms"] for p in cold), 2),
    }


def main(argv: list[str]) -> None:
    if argv and argv[0] == "--run":
        print(json.dumps(one_run(argv[1], argv[2], int(argv[3]))))
        return
    cases, index = argv[0], argv[1]
    runs_n = int(argv[2]) if len(argv) > 2 else 3
    warm = int(argv[3]) if len(argv) > 3 else 5
    runs: dict[bool, list[dict[str, Any]]] = {True: [], False: []}
    for i in range(runs_n):
        for pure in (False, True):
            result = _spawn(pure, cases, index, warm)
            runs[result["compiled"]].append(result)
            print(f"run {i + 1}/{runs_n}: {result['why']}", file=sys.stderr)
    report: dict[str, Any] = {"runs": runs_n, "warm_passes": warm}
    for compiled, label in ((True, "compiled"), (False, "pure_python")):
        if runs[compiled]:
            report[label] = _summary(runs[compiled])
    if "compiled" in report and "pure_python" in report:
        c, p = report["compiled"], report["pure_python"]
        report["speedup_warm_median"] = round(c["qps_warm_median"] / p["qps_warm_median"], 2)
        report["speedup_cold_median"] = round(c["qps_cold_median"] / p["qps_cold_median"], 2)
    else:
        report["note"] = "names.py or _ranking.c is not compiled here: pure Python only"
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
