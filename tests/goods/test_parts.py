from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dualuse.errors import InputError
from dualuse.goods import normalize_maker, normalize_part, screen_goods
from dualuse.goods.parts import match_manufacturer, match_part

TMS_VARIANTS = [
    "TMS320F28335PGFA",
    "TMS320F28335ZJZA",
    "TMS320F28335PTPQ",
    "TMS320F28335ZHHA",
    "TMS320F28335PTPS",
    "TMS320F28335ZJZS",
    "tms320f28335pgfa",
    "TMS320F28335-PGFA",
    "TMS 320 F28335 PGF A",
]


@pytest.mark.parametrize("part", TMS_VARIANTS)
def test_ordering_variants_hit(part: str) -> None:
    result = screen_goods(part_number=part)
    parts = [h for h in result.hits if h.kind == "part"]
    assert len(parts) == 1
    hit = parts[0]
    assert hit.list == "DRONE-COMPONENTS"
    assert hit.part_number == "TMS320F28335"
    assert hit.manufacturer == "Texas Instruments"
    assert "ordering variant" in hit.reason
    assert 0.8 <= hit.confidence < 1.0


def test_bare_device_is_exact() -> None:
    hit = screen_goods(part_number="TMS320F28335").hits[0]
    assert hit.confidence == 1.0


def test_suffix_meaning_in_reason() -> None:
    reason = screen_goods(part_number="TMS320F28335PTPQ").hits[0].reason
    assert "PTP" in reason and "AEC-Q100" in reason


def test_unverified_suffix_is_said_so() -> None:
    (m,), _ = match_part("TMS320F28335ZHHA")
    assert m.unverified
    assert "not read" in m.explanation


def test_prototype_prefix_is_same_device() -> None:
    (m,), _ = match_part("TMX320F28335PGFA")
    assert m.catalogue_part == "TMS320F28335"
    assert "TMX" in m.explanation


@pytest.mark.parametrize(
    "part",
    ["TMS320F28035PNT", "LM358DR", "TMS320F28334PGFA", "TMS320F2833", "TPS54331DR", "STM32F407"],
)
def test_unrelated_parts_do_not_hit(part: str) -> None:
    result = screen_goods(part_number=part)
    assert [h for h in result.hits if h.kind == "part"] == []


@pytest.mark.parametrize("part", ["TMS320F28335PGFAL", "TMS320F28335XYZ", "TMS320F28335PGF"])
def test_unknown_suffix_is_a_note_not_a_hit(part: str) -> None:
    result = screen_goods(part_number=part)
    assert result.hits == []
    assert any("not a known Texas Instruments ordering suffix" in n for n in result.notes)


def test_engine_models() -> None:
    assert screen_goods(part_number="Rotax 914").hits[0].part_number == "Rotax 914"
    iS = screen_goods(part_number="ROTAX 912 iS").hits[0]
    assert iS.part_number.startswith("Rotax 912")
    bare = screen_goods(part_number="912").hits[0]
    assert bare.confidence < 0.8 and "make ROTAX added" in bare.reason
    assert screen_goods(part_number="MD-550").hits[0].manufacturer.startswith("Oje Parvaz")
    assert screen_goods(part_number="Rotax 915").hits == []


def test_bad_part_input() -> None:
    with pytest.raises(InputError, match="no letters or digits"):
        screen_goods(part_number="--//--")
    with pytest.raises(InputError, match="part number is empty"):
        screen_goods(part_number="  ")
    with pytest.raises(InputError, match="at most"):
        screen_goods(part_number="A" * 500)


@pytest.mark.parametrize(
    ("name", "row_count", "how"),
    [
        ("Texas Instruments", 3, "exact"),
        ("TEXAS INSTRUMENTS INC.", 3, "exact"),
        ("Texas Instruments Incorporated", 3, "exact"),
        ("u-blox AG", 1, "exact"),
        ("Tallysman Wireless Inc.", 1, "exact"),
        ("NXP Semiconductors N.V.", 1, "name-begins-with-alias"),
        ("Vishay", 1, "alias"),
    ],
)
def test_manufacturers(name: str, row_count: int, how: str) -> None:
    found = match_manufacturer(name)
    assert len(found) == row_count
    assert {m.how for m in found} == {how}


@pytest.mark.parametrize("name", ["Microchip Technology", "Analog Devices", "Tiger Ltd", "Mad Inc"])
def test_other_makers_do_not_hit(name: str) -> None:
    assert match_manufacturer(name) == []


def test_unnamed_makers_never_match() -> None:
    assert match_manufacturer("Unnamed manufacturer") == []


def test_manufacturer_hit_says_maker_alone_is_not_a_finding() -> None:
    hit = screen_goods(manufacturer="Hitec").hits[0]
    assert hit.kind == "manufacturer" and "not a finding" in hit.reason


def test_part_with_other_maker_is_flagged() -> None:
    result = screen_goods(part_number="TMS320F28335PGFA", manufacturer="Acme Electronics Ltd")
    part = next(h for h in result.hits if h.kind == "part")
    assert "not the catalogue maker" in part.reason


@settings(deadline=None)
@given(st.text(max_size=40))
def test_normalizers_are_idempotent(text: str) -> None:
    assert normalize_part(normalize_part(text)) == normalize_part(text)
    assert normalize_maker(normalize_maker(text)) == normalize_maker(text)


def test_part_number_inside_a_description() -> None:
    result = screen_goods(description="IC DSP TMS320F28335PGFA 176LQFP, brand TI, qty 500")
    part = next(h for h in result.hits if h.kind == "part")
    assert part.part_number == "TMS320F28335"
    assert any(h.list == "CHPL" and h.code == "854231" for h in result.hits)
    engine = screen_goods(description="Engine ROTAX 912 for ultralight aircraft")
    assert any(h.kind == "part" and h.part_number.startswith("Rotax 912") for h in engine.hits)
    # A bare number in free text is not taken for an engine model.
    assert screen_goods(description="912 pcs of ball bearings 6202").hits[0].kind != "part"


def test_part_hits_also_name_the_guidance_category() -> None:
    result = screen_goods(part_number="TMS320F28335ZJZA")
    category = next(h for h in result.hits if h.kind == "category")
    assert category.list == "IRAN-UAV-GUIDANCE-2023"
    assert category.part_number == "TMS320F28335"
    engine = screen_goods(part_number="Rotax 914")
    assert any(h.kind == "category" and "piston" in (h.category or "") for h in engine.hits)
