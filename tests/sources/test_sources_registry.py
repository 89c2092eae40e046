"""The registry names every source with its parser, addresses and files."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualuse.sources.base import ParsedList
from dualuse.sources.registry import SOURCES, get_source

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "lists"
SAMPLES = {
    "ofac_sdn": ["ofac_sdn_2024-05-03_excerpt.csv"],
    "ofac_cons": ["ofac_cons_excerpt.xml"],
    "un_sc": ["un_excerpt.xml"],
    "us_csl": ["us_csl_excerpt.csv"],
    "bis_dpl": ["bis_dpl_excerpt.txt"],
    "eu_fsf": ["eu_fsf_example.xml"],
    "uk_hmt": ["uk_conlist_example.csv"],
    "opensanctions": ["opensanctions_example.ftm.json"],
}


def test_required_sources_are_registered() -> None:
    assert set(SAMPLES) <= set(SOURCES)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_spec_parses_its_sample_under_its_key(name: str) -> None:
    spec = SOURCES[name]
    parsed = spec.parse([FIXTURES / f for f in SAMPLES[name]], source=name)
    assert isinstance(parsed, ParsedList)
    assert parsed.source == name and parsed.party_count > 0
    assert all(e.dataset.name == name for e in parsed.entities)
    assert spec.urls and all(u.startswith("https://") for u in spec.urls)
    assert len(spec.urls) == len(spec.files)
    assert set(spec.optional) <= set(spec.files)
    assert spec.required_files


def test_ofac_sdn_extra_files_are_optional() -> None:
    spec = get_source("ofac_sdn")
    assert spec.required_files == ("sdn.csv",)
    assert spec.urls[0].endswith("/SDN.CSV")


def test_unknown_source_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="ofac_sdn"):
        get_source("nope")


def test_parsers_restore_the_garbage_collector(tmp_path: Path) -> None:
    import gc

    from dualuse.errors import ParseError
    from dualuse.sources import bis_dpl

    assert gc.isenabled()
    bis_dpl.parse(FIXTURES / "bis_dpl_excerpt.txt")
    assert gc.isenabled()
    empty = tmp_path / "dpl.txt"
    empty.write_bytes(b"")
    with pytest.raises(ParseError):
        bis_dpl.parse(empty)
    assert gc.isenabled()
