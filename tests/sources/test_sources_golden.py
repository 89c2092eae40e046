"""Golden tests: each parser against small excerpts of the publishers' REAL files
(OFAC, UN, CSL, BIS; cut by make_excerpts.py) and against MADE-UP fixtures for
the EU, UK and OpenSanctions formats (no real file of those is available here;
see tests/fixtures/lists/README.md). The golden JSON files pin every entity;
regenerate them with ``python tests/sources/regen_golden.py`` after a
deliberate parser change."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "dualuse_sources_regen_golden", Path(__file__).with_name("regen_golden.py")
)
assert _spec and _spec.loader
golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(golden)

FIXTURES = golden.FIXTURES


@pytest.mark.parametrize("name", sorted(golden.CASES))
def test_parser_output_matches_golden_file(name: str) -> None:
    expected = json.loads((golden.GOLDEN / f"{name}.json").read_text("utf-8"))
    actual = json.loads(golden.render(golden.snapshot(name)))
    assert actual["counts"] == expected["counts"]
    assert actual["version_date"] == expected["version_date"]
    assert actual["notes"] == expected["notes"]
    assert actual["entities"] == expected["entities"]


def _entities(name: str) -> dict[str, dict]:
    data = golden.snapshot(name)
    return {e["id"]: e for e in data["entities"]}


def _values(entity: dict, prop: str) -> list[str]:
    return [row[1] for row in entity["statements"] if row[0] == prop]


def test_drone_network_designations_carry_programs_ids_and_links() -> None:
    ents = _entities("ofac_sdn_2024")
    qods = ents["ofac-sdn-16418"]
    assert _values(qods, "name") == ["QODS AVIATION INDUSTRIES"]
    assert qods["schema"] == "Organization"
    assert set(_values(qods, "programId")) == {
        "NPWMD",
        "IFSR",
        "IRAN-CON-ARMS-EO",
        "RUSSIA-EO14024",
    }
    assert _values(qods, "idNumber") == ["14005441856"]
    assert _values(qods, "registrationNumber") == ["483250"]
    # "Linked To: MINISTRY OF DEFENSE AND ARMED FORCES LOGISTICS" resolves inside the list.
    link = ents["ofac-sdn-16418-link-1"]
    assert _values(link, "object") == ["ofac-sdn-10392"]
    assert _values(link, "subject") == ["ofac-sdn-16418"]
    # The secondary-sanctions remark sits on the Sanction record, not on the party.
    sanction = ents["ofac-sdn-16418-sanction"]
    assert "Additional Sanctions Information - Subject to Secondary Sanctions" in _values(
        sanction, "provisions"
    )
    assert _values(sanction, "authorityId") == ["16418"]

    shahed = ents["ofac-sdn-39637"]
    assert set(_values(shahed, "alias")) == {"SAIRC", "SAIC"}
    assert _values(shahed, "website") == ["http://www.shahedaviation.com/"]

    center = ents["ofac-sdn-40192"]
    assert _values(center, "alias") == ["924 GTSBA"]
    assert _values(center, "taxNumber") == ["5022050639"]
    assert _values(center, "innCode") == ["5022050639"]
    assert _values(center, "ogrnCode") == ["1165022050808"]
    assert _values(center, "incorporationDate") == ["2013"]


def test_person_rows_keep_name_and_split_first_last() -> None:
    person = _entities("ofac_sdn_2024")["ofac-sdn-39096"]
    assert person["schema"] == "Person"
    assert _values(person, "name") == ["GHOREISHI, Seyed Hojatollah"]
    assert _values(person, "firstName") == ["Seyed Hojatollah"]
    assert _values(person, "lastName") == ["GHOREISHI"]
    assert _values(person, "birthDate") == ["1964-09-27"]
    assert _values(person, "nationality") == ["ir"]
    assert _values(person, "gender") == ["male"]
    assert "D10003923" in _values(person, "passportNumber")
    dob = [r for r in person["statements"] if r[0] == "birthDate"][0]
    assert dob[3] == "27 Sep 1964"  # the publisher's text is kept as the original value


def test_vessels_and_aircraft() -> None:
    ents = _entities("ofac_sdn_2024")
    ebano = ents["ofac-sdn-4243"]
    assert ebano["schema"] == "Vessel"
    assert _values(ebano, "imoNumber") == ["IMO7406784"]
    assert set(_values(ebano, "previousName")) == {"ANA I", "SAND SWAN"}
    assert _values(ebano, "flag") == ["pa"]
    tanker = ents["ofac-sdn-15036"]
    assert _values(tanker, "callSign") == ["T2EU4"]
    assert _values(tanker, "mmsi")
    plane = ents["ofac-sdn-15431"]
    assert plane["schema"] == "Airplane"
    assert _values(plane, "registrationNumber") == ["EP-GOM"]
    assert _values(plane, "model") == ["IL76-TD"]


def test_unknown_remarks_are_kept_in_notes() -> None:
    # "Aircraft Operator YAS AIR" has no FtM property: it must survive as a note.
    plane = _entities("ofac_sdn_2024")["ofac-sdn-15431"]
    assert any("YAS AIR" in n for n in _values(plane, "notes"))


def test_2021_layout_merges_alt_add_and_comments() -> None:
    ents = _entities("ofac_sdn_2021")
    bnc = ents["ofac-sdn-306"]
    assert "NATIONAL BANK OF CUBA" in _values(bnc, "alias")
    assert any("Zurich" in a for a in _values(bnc, "address"))
    # sdn_comments.csv continues the Remarks of 28263 mid-word ("snowsjo" + "hn").
    tian = ents["ofac-sdn-28263"]
    assert "snowsjohn" in _values(tian, "alias")


def test_enhanced_xml_translations_keep_script_and_lang() -> None:
    vtb = _entities("ofac_cons")["ofac-cons-17013"]
    cyrillic = [r for r in vtb["statements"] if r[0] == "name" and r[2] == "rus"]
    assert cyrillic and cyrillic[0][1] == "БАНК ВТБ ПУБЛИЧНОЕ АКЦИОНЕРНОЕ ОБЩЕСТВО"
    assert cyrillic[0][3] == "Банк ВТБ публичное акционерное общество"
    assert "JSC VTB BANK" in _values(vtb, "previousName")
    assert "JSC VTB BANK NEW DELHI BRANCH" in _values(vtb, "weakAlias")
    chinese = [r for e in _entities("ofac_cons").values() for r in e["statements"] if r[2] == "zho"]
    assert chinese


def test_un_aliases_by_quality_and_original_script() -> None:
    ents = _entities("un_sc")
    zawahiri = ents["un-QDi.006"]
    assert "AIMAN MUHAMMED RABI AL-ZAWAHIRI" in _values(zawahiri, "name")
    arabic = [r for r in zawahiri["statements"] if r[0] == "name" and r[2] == "ara"]
    assert arabic and arabic[0][1] == "أيمن محمد ربيع الظواهري"
    assert "Abu Fatma" in _values(zawahiri, "weakAlias")
    assert "Ayman Al-Zawahari" in _values(zawahiri, "alias")
    assert _values(zawahiri, "birthDate") == ["1951-06-19"]
    sanction = ents["un-QDi.006-sanction"]
    assert _values(sanction, "listingDate") == ["2001-01-25"]
    assert _values(sanction, "program") == ["Al-Qaida"]
    assert any(r[2] == "rus" for e in ents.values() for r in e["statements"])


def test_csl_skips_treasury_and_dpl_rows_and_fixes_quotes() -> None:
    data = golden.snapshot("us_csl")
    assert any("SDN rows" in n for n in data["notes"])
    assert any("DPL rows" in n for n in data["notes"])
    programs = {
        v for e in data["entities"] if e["schema"] == "Sanction" for v in _values(e, "programId")
    }
    assert {"EL", "UVL", "MEU", "ISN", "DTC"} <= programs
    assert not programs & {"SDN", "SSI", "DPL", "PLC", "CMIC"}
    names = [v for e in data["entities"] for v in _values(e, "name")]
    assert any("Xi’an" in n for n in names)
    assert not any("\x92" in n for n in names)


def test_csl_can_include_treasury_rows() -> None:
    from dualuse.sources import us_csl

    parsed = us_csl.parse(FIXTURES / "us_csl_excerpt.csv", include_treasury=True)
    assert parsed.counts().get("Person", 0) > 0
    assert not any("SDN rows" in n for n in parsed.notes)
    assert any("DPL rows" in n for n in parsed.notes)


def test_dpl_one_party_per_name_with_orders_and_typo_years() -> None:
    data = golden.snapshot("bis_dpl")
    assert data["version_date"] == "2022-09-01"  # 2922-09-01 is not plausible
    ents = {e["id"]: e for e in data["entities"]}
    air = [e for e in ents.values() if _values(e, "name") == ["AIR FREIGHT LTD"]][0]
    assert air["schema"] == "LegalEntity"
    assert len(_values(air, "address")) == 4
    # "UTAIR AVIATION JSC," (trailing comma in the file) keeps the benchmark's id.
    assert "bis-dpl-" + hashlib.sha1(b"UTAIR AVIATION JSC").hexdigest()[:10] in ents
    knokke = [e for e in ents.values() if any("KNOKKE" in n for n in _values(e, "name"))][0]
    assert any("2922-09-01" in n for n in _values(knokke, "notes"))


def test_made_up_eu_uk_opensanctions_fixtures() -> None:
    eu = _entities("eu_fsf")
    org = eu["eu-fsf-990101"]
    assert _values(org, "name") == ["EXAMPLE UAV COMPONENTS LLC"]
    assert any(r[0] == "alias" and r[2] == "rus" for r in org["statements"])
    assert _values(org, "weakAlias") == ["EXAMPLE UAV"]
    assert "eu-fsf-990102-sanction-2" in eu
    uk = _entities("uk_hmt")
    assert uk["uk-99001"]["schema"] == "Organization"
    assert _values(uk["uk-99002"], "weakAlias") == ["Exemplya TESTOVA"]
    assert set(_values(uk["uk-99002"], "nationality")) == {"ru", "by"}
    assert _values(uk["uk-99003"], "previousName") == ["EXAMPLE STARLET"]
    os_ = _entities("opensanctions")
    assert "NK-example-0002" in os_
    assert _values(os_["NK-example-0002-sanction"], "entity") == ["NK-example-0002"]
