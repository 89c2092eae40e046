"""Peers scored on the same benchmark cases (``dualuse bench names --peers``).

- ``rapidfuzz-scan``: a plain full scan, ``token_sort_ratio`` of the
  lower-cased names against every indexed name, hit at >= 90. It is slow by
  design (the baseline a candidate index must beat).
- ``nomenklatura logic-v1`` and ``logic-v2`` (OpenSanctions' matchers, when the
  optional ``nomenklatura`` package is installed). A full nomenklatura scan takes
  about 0.5 s per query, so each case is scored against a bounded candidate set
  taken from dualuse's own index (``PEER_CANDIDATES`` names); how often that set
  kept an expected entity is reported as ``candidate_recall``. Every query entity
  gets its own id (nomenklatura caches name analysis by entity id).
  Each is reported at its usual threshold (0.7) and at the threshold where its
  false-positive rate is closest to, without exceeding, dualuse's own.

Peers run on a fixed, deterministic sample of the cases (every n-th case).
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from dualuse.matching.bench import Case, evaluate
from dualuse.matching.index import listed_names
from dualuse.matching.matcher import Matcher
from dualuse.normalize import analyze_name

PEER_CANDIDATES = 15
USUAL_THRESHOLD = 0.7


def _sample(cases: Sequence[Case], size: int) -> list[Case]:
    step = max(1, len(cases) // size)
    return list(cases)[::step][:size]


def rapidfuzz_scan(cases: Sequence[Case], matcher: Matcher) -> dict[str, Any]:
    choices: list[str] = []
    owners: list[str] = []
    for ent in matcher.index.entities:
        for name in listed_names(ent.names):  # as the index sees them
            choices.append(name.lower())
            owners.append(ent.id)
    results: list[list[str]] = []
    start = time.perf_counter()
    for case in cases:
        found = process.extract(
            case.query.lower(), choices, scorer=fuzz.token_sort_ratio, score_cutoff=90, limit=50
        )
        results.append(sorted({owners[i] for _name, _score, i in found}))
    elapsed = time.perf_counter() - start
    report = evaluate(cases, results)
    report.update(
        {
            "tool": "rapidfuzz-scan",
            "threshold": 0.9,
            "qps": round(len(cases) / elapsed, 1) if elapsed else None,
            "note": f"full scan, sample of {len(cases)} cases",
        }
    )
    return report


def nomenklatura_peers(
    cases: Sequence[Case], matcher: Matcher, fpr_target: float | None
) -> list[dict[str, Any]]:
    from followthemoney import Dataset, StatementEntity
    from nomenklatura.matching import LogicV1, LogicV2
    from nomenklatura.matching.types import ScoringConfig

    dataset = Dataset.make({"name": "bench_query", "title": "bench query"})
    config = ScoringConfig.defaults()
    idx = matcher.index
    entities: dict[int, StatementEntity] = {}

    def listed(ent_no: int) -> StatementEntity:
        if ent_no not in entities:
            rec = idx.entities[ent_no]
            ent = StatementEntity(dataset, {"id": rec.id, "schema": rec.schema})
            for name in listed_names(rec.names):  # as the index sees them
                ent.add("name", name)
            entities[ent_no] = ent
        return entities[ent_no]

    # the same bounded candidate set for both algorithms
    cand_sets: list[list[int]] = []
    kept = positives = 0
    for case in cases:
        form = analyze_name(case.query, "Person" if case.schema == "Person" else "Any")
        ents: list[int] = []
        for name_no, _rank in idx.candidates(form, PEER_CANDIDATES):
            ent_no = int(idx.name_entity[name_no])
            if ent_no not in ents:
                ents.append(ent_no)
        cand_sets.append(ents)
        if case.expected_ids:
            positives += 1
            kept += any(idx.entities[e].id in case.expected_ids for e in ents)
    reports: list[dict[str, Any]] = []
    for algo in (LogicV1, LogicV2):
        scored: list[list[tuple[str, float]]] = []
        start = time.perf_counter()
        for n, (case, ents) in enumerate(zip(cases, cand_sets, strict=True)):
            schema = case.schema if case.schema != "Any" else "LegalEntity"
            query = StatementEntity(dataset, {"id": f"q-{algo.NAME}-{n}", "schema": schema})
            query.add("name", case.query)
            row: list[tuple[str, float]] = []
            for ent_no in ents:
                cand = listed(ent_no)
                if not query.schema.can_match(cand.schema):
                    continue
                row.append((cand.id or "", algo.compare(query, cand, config).score))
            scored.append(row)
        elapsed = time.perf_counter() - start

        def at(threshold: float, rows: list[list[tuple[str, float]]] = scored) -> dict[str, Any]:
            return evaluate(cases, [[i for i, s in r if s >= threshold] for r in rows])

        usual = at(USUAL_THRESHOLD)
        report: dict[str, Any] = {
            "tool": f"nomenklatura {algo.NAME}",
            "threshold": USUAL_THRESHOLD,
            "recall": usual["recall"],
            "fpr": usual["fpr"],
            "alerts_per_positive": usual["alerts_per_positive"],
            "by_kind": usual["by_kind"],
            "qps": round(len(cases) / elapsed, 1) if elapsed else None,
            "candidate_recall": round(kept / positives, 4) if positives else None,
            "note": f"{PEER_CANDIDATES} candidate names from dualuse's index, "
            f"sample of {len(cases)} cases",
        }
        if fpr_target is not None:
            best: tuple[float, dict[str, Any]] | None = None
            for step in range(50, 100):
                t = step / 100
                res = at(t)
                if res["fpr"] is not None and res["fpr"] <= fpr_target:
                    best = (t, res)
                    break
            if best is not None:
                report["at_same_fpr"] = {
                    "threshold": best[0],
                    "recall": best[1]["recall"],
                    "fpr": best[1]["fpr"],
                }
        reports.append(report)
    return reports


def run_peers(
    cases: Sequence[Case],
    index_path: str | Path,
    matcher: Matcher,
    say: Callable[[str], None],
    sample: int = 300,
    fpr_target: float | None = None,
) -> list[dict[str, Any]]:
    picked = _sample(cases, sample)
    say(f"peers on {len(picked)} sampled cases: rapidfuzz full scan")
    peers = [rapidfuzz_scan(picked, matcher)]
    if importlib.util.find_spec("nomenklatura") is None:
        peers.append({"tool": "nomenklatura", "note": "not installed (pip install nomenklatura)"})
        return peers
    say("peers: nomenklatura logic-v1 and logic-v2 on bounded candidate sets")
    peers.extend(nomenklatura_peers(picked, matcher, fpr_target))
    return peers
