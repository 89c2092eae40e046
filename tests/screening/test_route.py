"""Route screening: ports by UN/LOCODE or name in any script, jurisdictions, vessels,
and the packaged data files (every row with a source)."""

from __future__ import annotations

import pytest

from dualuse.screening import ScreeningConfig
from dualuse.screening.pipeline import Screener
from dualuse.screening.route import (
    jurisdiction_set,
    jurisdictions,
    ports,
    resolve_port,
    route_countries,
    screen_route,
)
from tests.screening.conftest import order
from tests.screening.fakes import FakeMatcher, FakeStore, fake_goods, make_query


@pytest.mark.parametrize(
    ("text", "port", "country"),
    [
        ("IRAMD", "Amirabad (Bandar Amirabad)", "IR"),
        ("IR AMD", "Amirabad (Bandar Amirabad)", "IR"),
        ("Bandar-e Anzali", "Bandar-e Anzali", "IR"),
        ("Enzeli", "Bandar-e Anzali", "IR"),
        ("Махачкала", "Makhachkala", "RU"),
        ("Астрахань", "Astrakhan", "RU"),
        ("Port Olya", "Olya (Port Olya, Astrakhan oblast)", "RU"),
        ("RUOYA", "Olya (Port Olya, Astrakhan oblast)", "RU"),
        ("Krasnovodsk", "Turkmenbashi", "TM"),
        ("Jebel Ali, AE", None, "AE"),
        ("Istanbul (TR)", None, "TR"),
        ("AEJEA", None, "AE"),
        ("Hamburg", None, None),
        ("Alat", "Alat", "AZ"),
    ],
)
def test_resolve_port(text: str, port: str | None, country: str | None) -> None:
    found, found_country = resolve_port(text)
    assert (found.name if found else None, found_country) == (port, country)


def test_astara_is_not_confused_between_iran_and_azerbaijan() -> None:
    assert resolve_port("Astara, AZ")[0].unlocode == "AZAST"
    assert resolve_port("IRASR")[0].unlocode == "IRASR"


def test_screen_route_reports_ports_and_jurisdictions() -> None:
    o = order(
        route={
            "port_of_loading": "IRAMD",
            "transit_ports": ["Baku"],
            "port_of_discharge": "Astrakhan",
            "transit_countries": ["KZ"],
        }
    )
    hits = screen_route(o)
    ports_hit = [(h.leg, h.unlocode, h.group) for h in hits if h.kind == "caspian_port"]
    assert ports_hit == [
        ("port_of_loading", "IRAMD", "iran_caspian"),
        ("transit_port", "AZBAK", "other_caspian"),
        ("port_of_discharge", "RUASF", "russia_caspian"),
    ]
    tags = {(h.country, h.group) for h in hits if h.kind == "jurisdiction"}
    assert ("KZ", "fincen_bis_2022_transshipment") in tags
    assert ("RU", "russia_belarus_destination") in tags
    assert all(h.source.startswith("http") or "UN/LOCODE" in h.source for h in hits)
    assert route_countries(o, with_origin=False) == ["AZ", "RU", "KZ"]


def test_data_files_carry_sources() -> None:
    assert len(jurisdiction_set("fincen_bis_2022_transshipment")) == 18
    for j in jurisdictions():
        assert j.source_url.startswith("http") and j.why_named
    for p in ports():
        assert p.source and p.group in ("iran_caspian", "russia_caspian", "other_caspian")
    assert {p.unlocode for p in ports() if p.group == "iran_caspian"} >= {"IRAMD", "IRBAZ"}


class RecordingMatcher(FakeMatcher):
    def __init__(self) -> None:
        # SINOPA (IMO 9172038), ent_num 15090 of the 2024-05-03 SDN file, program IRAN/SDGT
        super().__init__([{"id": "ofac-sdn-15090", "names": ["SINOPA"], "schema": "Vessel"}])
        self.queries: list = []

    def match(self, query, limit=10, threshold=None):  # type: ignore[no-untyped-def]
        self.queries.append(query)
        return super().match(query, limit, threshold)


def test_vessel_is_screened_as_a_vessel() -> None:
    matcher = RecordingMatcher()
    config = ScreeningConfig.load(goods=fake_goods)
    config.query_factory = make_query
    screener = Screener(store=FakeStore(), matcher=matcher, config=config)
    result = screener.screen(
        order(route={"vessel_name": "Sinopa", "vessel_imo": "9172038"}, new_customer=False)
    )
    vessel_query = next(q for q in matcher.queries if q.schema == "Vessel")
    assert vessel_query.identifiers == ("9172038",)
    assert result.party_hits[0]["role"] == "vessel"
