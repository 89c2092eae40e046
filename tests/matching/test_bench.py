"""The benchmark harness: file formats and metrics (figures are not asserted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualuse.errors import DualuseError
from dualuse.matching import Matcher, PartyQuery
from dualuse.matching.bench import evaluate, read_cases, run_bench

FIX = Path(__file__).parent.parent / "fixtures" / "matching"


def test_bench_index_builds_a_matcher() -> None:
    m = Matcher.from_bench_index(FIX / "index.jsonl")
    hits = m.match(PartyQuery("OOO Romashka", "Organization"))
    assert [h.entity_id for h in hits] == ["c-romashka"]
    assert hits[0].source == "test"


def test_metrics() -> None:
    cases = read_cases(FIX / "cases.jsonl")
    report = evaluate(cases, [["p-ivanov"], ["x"], [], ["p-smith"]])
    assert report["recall"] == pytest.approx(1 / 3, abs=1e-4)
    assert report["fpr"] == 1.0
    assert report["alerts_per_positive"] == pytest.approx(1 / 3, abs=1e-4)
    assert report["by_kind"]["alias_cross_script/no_overlap"] == {"rate": 0.0, "n": 1}


def test_run_bench_reports_the_agreed_keys() -> None:
    report = run_bench(FIX / "cases.jsonl", FIX / "index.jsonl", processes=1)
    for key in ("recall", "fpr", "qps", "p99_ms", "by_kind", "build_s", "peak_mem_mb", "compiled"):
        assert key in report
    assert report["recall"] == 1.0 and report["fpr"] == 0.0


def test_bad_rows_name_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "index.jsonl"
    bad.write_text('{"id": "a", "schema": "Person", "names": ["A B"]}\n{"id": "b"}\n')
    with pytest.raises(DualuseError) as err:
        Matcher.from_bench_index(bad)
    assert err.value.details[0].line == 2
    assert "is not a bench index row" in err.value.message
