"""All 50 CHPL codes, from every written form and from national codes beneath them."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from dualuse.goods import CHPL_TIERS, chpl_tier, screen_goods
from dualuse.goods.catalogue import chpl_entries


def test_shipped_table_equals_reference_copy(chpl_reference: list[dict[str, str]]) -> None:
    text = resources.files("dualuse.goods.data").joinpath("chpl.csv").read_text("utf-8")
    shipped = list(csv.DictReader(text.splitlines()))
    assert shipped == chpl_reference
    assert len(chpl_reference) == 50
    assert {r["version_date"] for r in shipped} == {"2024-02-23"}
    assert all(r["source_url"].startswith("https://www.bis.gov/") for r in shipped)


def test_tiers_written_exactly(chpl_reference: list[dict[str, str]]) -> None:
    assert {r["tier"] for r in chpl_reference} == set(CHPL_TIERS)
    counts = {t: sum(r["tier"] == t for r in chpl_reference) for t in CHPL_TIERS}
    # Tiers 1 and 2 are the nine highest-priority codes.
    assert counts["1"] + counts["2"] == 9


def _forms(code: str) -> list[str]:
    dotted = f"{code[:4]}.{code[4:]}"
    return [
        code,
        dotted,
        f"{code[:4]} {code[4:]}",
        f"{dotted}.00",  # CN-8 / HTS-8
        f"{code[:4]} {code[4:]} 90",  # CN-8 written by the EU
        f"{dotted}.0000",  # HTS / Schedule B-10
        f"{code}1000",  # TN VED-10 without separators
    ]


@pytest.mark.parametrize("form_index", range(7))
def test_every_code_every_form(chpl_reference: list[dict[str, str]], form_index: int) -> None:
    for row in chpl_reference:
        written = _forms(row["hs_code"])[form_index]
        assert chpl_tier(written) == row["tier"], written
        result = screen_goods(code=written)
        chpl_hits = [h for h in result.hits if h.list == "CHPL"]
        assert len(chpl_hits) == 1, written
        hit = chpl_hits[0]
        assert hit.code == row["hs_code"]
        assert hit.tier == row["tier"]
        assert hit.date == "2024-02-23"
        assert hit.source == row["source_url"]
        assert hit.confidence == 1.0
        assert hit.reason and row["tier"] in hit.reason


def test_heading_lists_its_chpl_subheadings() -> None:
    result = screen_goods(code="8542")
    assert sorted(h.code for h in result.hits) == ["854231", "854232", "854233", "854239"]
    assert {s["code"] for s in result.subheadings} >= {"854231", "854239"}
    assert all(h.confidence < 1.0 for h in result.hits)
    bearings = screen_goods(code="84.82")
    assert sorted(h.code for h in bearings.hits) == ["848210", "848220", "848230", "848250"]
    # Needle roller bearings (8482.40) are beneath 8482 but not on the CHPL.
    assert "848240" in {s["code"] for s in bearings.subheadings}


def test_off_list_codes_do_not_hit() -> None:
    for code in ("8507.60", "8542.90", "8541.41", "8806.22.0000", "0101.21"):
        result = screen_goods(code=code)
        assert result.hits == [], code
        assert chpl_tier(code) is None
        assert any("not loaded" in n for n in result.notes)


def test_tier_meaning_attached() -> None:
    hit = screen_goods(code="853221").hits[0]
    assert hit.tier == "2"
    assert hit.tier_meaning and "highest priority" in hit.tier_meaning
    low = screen_goods(code="845710").hits[0]
    assert low.tier == "4.B"
    assert low.tier_meaning and "highest priority" not in low.tier_meaning


def test_loaded_table_has_fifty_codes() -> None:
    assert len(chpl_entries()) == 50
