"""bench/make_fresh_cases.py: the fresh cases are well formed (their figures are not asserted)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from tests.modules import module_from_file

SCRIPT = Path(__file__).parent.parent.parent / "bench" / "make_fresh_cases.py"


@pytest.fixture(scope="module")
def fresh() -> ModuleType:
    return module_from_file("make_fresh_cases", SCRIPT)


def _rows(prefix: str, schema: str, names: list[str]) -> list[dict[str, object]]:
    """Bench index rows of one schema, one name each."""
    return [{"id": f"{prefix}{i}", "schema": schema, "names": [n]} for i, n in enumerate(names)]


# invented parties, in the bench index's format
ROWS = (
    _rows(
        "p",
        "Person",
        [
            "KARIMOV, Rustam Alievich",
            "PETROVA, Elena Sergeevna",
            "HOSSEINI, Mohammad Reza",
            "GARCIA LOPEZ, Jose Maria",
            "NOVAK, Pavel",
            "TANAKA, Hiroshi Kenji",
        ],
    )
    + _rows(
        "o",
        "Organization",
        [
            "ROMASHKA TRADING LLC",
            "ZARVAN INDUSTRIAL GROUP JSC",
            "BLUE HERON SHIPPING CO., LTD.",
            "KESTREL AVIONICS GMBH",
            "PARS NOVIN ELECTRONICS COMPANY",
        ],
    )
    + _rows("a", "Airplane", ["EP-ABC"])
)


def test_positives_point_at_the_party_they_came_from(fresh: ModuleType) -> None:
    cases = list(fresh.make_cases(ROWS, seed=3, per_kind=5))
    by_name = {fresh.fold(r["names"][0]): r["id"] for r in ROWS}
    positives = [c for c in cases if c["expected_ids"]]
    assert {c["kind"] for c in positives} >= {"typo", "swap_order", "initials", "legal_form"}
    for case in positives:
        assert by_name[fresh.fold(case["derived_from"])] in case["expected_ids"]
        assert case["derived_from"] != "EP-ABC"  # no aircraft, as in DEV
        # order, accents, case and punctuation fold away; the other kinds change letters
        if case["kind"] not in ("swap_order", "diacritics", "case_punct"):
            assert fresh.fold(case["query"]) != fresh.fold(case["derived_from"]), case


def test_negatives_are_no_listed_name_and_the_seed_decides(fresh: ModuleType) -> None:
    cases = list(fresh.make_cases(ROWS, seed=3, per_kind=5))
    listed = {fresh.fold(n) for r in ROWS for n in r["names"]}
    negatives = [c for c in cases if c["kind"].startswith("neg_")]
    assert negatives
    for case in negatives:
        assert case["expected_ids"] == [] and case["derived_from"] is None
        assert fresh.fold(case["query"]) not in listed
    assert cases == list(fresh.make_cases(ROWS, seed=3, per_kind=5))
    assert cases != list(fresh.make_cases(ROWS, seed=4, per_kind=5))


def test_excluded_names_are_never_drawn(fresh: ModuleType) -> None:
    exclude = frozenset(fresh.fold(r["names"][0]) for r in ROWS if r["id"] != "p1")
    cases = list(fresh.make_cases(ROWS, seed=1, per_kind=5, exclude=exclude))
    assert {c["derived_from"] for c in cases if c["derived_from"]} <= {"PETROVA, Elena Sergeevna"}
