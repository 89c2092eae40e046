"""The shipped goods data keeps every reference row as it was, and invents nothing."""

from __future__ import annotations

import csv
from pathlib import Path

from dualuse.goods.catalogue import components, maker_rules, uav_rules

FIXTURES = Path(__file__).parent.parent / "fixtures" / "goods"


def _rows(name: str) -> list[dict[str, str]]:
    with (FIXTURES / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_components_keep_reference_rows() -> None:
    ref = _rows("drone_components_reference.csv")
    shipped = components()
    assert len(shipped) == len(ref) == 21
    for r, s in zip(ref, shipped, strict=True):
        assert (s.manufacturer, s.part_number, s.category, s.drone_model) == (
            r["manufacturer"],
            r["part_number"],
            r["category"],
            r["drone_model"],
        )
        assert (s.source_url, s.note) == (r["source_url"], r["note"])
        # A part key only where the reference names a part.
        assert bool(s.part_keys) == bool(r["part_number"])


def test_only_reference_part_numbers_are_matchable() -> None:
    keys = {k for s in components() for k in s.part_keys}
    assert keys == {"TMS320F28335", "ROTAX912", "ROTAX914", "MD550"}
    bases = {f.base for m in maker_rules() for f in m.families}
    assert bases <= keys


def test_uav_rules_keep_reference_rows_and_invent_no_code() -> None:
    ref = _rows("uav_goods_reference.csv")
    shipped = uav_rules()
    assert len(shipped) == len(ref)
    for r, s in zip(ref, shipped, strict=True):
        assert (s.description, s.regime, s.source_url, s.note) == (
            r["description"],
            r["regime"],
            r["source_url"],
            r["note"],
        )
        assert s.hs_codes == () and r["hs_code"] == ""
    assert {s.kind for s in shipped} == {"category", "gap"}
