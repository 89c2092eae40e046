"""Route screening: ports against the Caspian corridor, countries against the
jurisdictions that official alerts name as transshipment or diversion points.

The knowledge is data (``dualuse/screening/data/caspian_ports.csv`` and
``jurisdictions.csv``, each row with its source); this module only resolves
what the user wrote (a UN/LOCODE such as ``IRAMD``, a name such as
"Bandar-e Anzali" or "Махачкала", or "Jebel Ali, AE") to a port and a country
and reports every hit with the row that caused it.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from rapidfuzz import fuzz
from rigour.text import ascii_text

from dualuse.screening.model import Order

DATA_PACKAGE = "dualuse.screening.data"


@dataclass(frozen=True)
class Port:
    name: str
    aliases: tuple[str, ...]
    country: str  #: ISO-2 upper case
    unlocode: str | None
    group: str  #: iran_caspian | russia_caspian | other_caspian
    route_evidence: str
    source: str
    note: str


@dataclass(frozen=True)
class Jurisdiction:
    country: str  #: ISO-2 upper case
    country_name: str
    tag: str
    why_named: str
    source_url: str
    note: str


@dataclass(frozen=True)
class RouteHit:
    """One route finding, with the data row that caused it."""

    kind: str  #: caspian_port | jurisdiction | unknown_port
    leg: str  #: port_of_loading | transit_port | port_of_discharge | transit_country | ...
    value: str  #: what the order said
    country: str | None
    port: str | None
    unlocode: str | None
    group: str | None  #: port group or jurisdiction tag
    source: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "leg": self.leg,
            "value": self.value,
            "country": self.country,
            "port": self.port,
            "unlocode": self.unlocode,
            "group": self.group,
            "source": self.source,
            "reason": self.reason,
        }


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files(DATA_PACKAGE).joinpath(name).read_text("utf-8")
    lines = [line for line in text.splitlines(keepends=True) if not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("".join(lines))))


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", ascii_text(text).lower()).strip()


@lru_cache(maxsize=1)
def ports() -> tuple[Port, ...]:
    return tuple(
        Port(
            name=r["name"],
            aliases=tuple(a.strip() for a in r["aliases"].split(";") if a.strip()),
            country=r["country"].upper(),
            unlocode=r["unlocode"] or None,
            group=r["group"],
            route_evidence=r["route_evidence"],
            source=r["source"],
            note=r["note"],
        )
        for r in _read_csv("caspian_ports.csv")
    )


@lru_cache(maxsize=1)
def jurisdictions() -> tuple[Jurisdiction, ...]:
    return tuple(
        Jurisdiction(
            r["country"].upper(),
            r["country_name"],
            r["tag"],
            r["why_named"],
            r["source_url"],
            r["note"],
        )
        for r in _read_csv("jurisdictions.csv")
    )


def jurisdiction_set(tag: str) -> frozenset[str]:
    """Countries (ISO-2, upper case) of one tag, e.g. ``fincen_bis_2022_transshipment``."""
    return frozenset(j.country for j in jurisdictions() if j.tag == tag)


def data_checksum() -> str:
    """Hash of the route data files (part of the configuration hash)."""
    import hashlib

    digest = hashlib.sha256()
    for name in ("caspian_ports.csv", "jurisdictions.csv"):
        digest.update(resources.files(DATA_PACKAGE).joinpath(name).read_bytes())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def _port_keys() -> list[tuple[str, Port]]:
    keys: list[tuple[str, Port]] = []
    for port in ports():
        for alias in (port.name, *port.aliases):
            key = _key(re.sub(r"\(.*?\)", "", alias))
            if key:
                keys.append((key, port))
    return keys


_LOCODE = re.compile(r"([A-Z]{2})\s?([A-Z2-9]{3})")
_COUNTRY_SUFFIX = re.compile(r"(.*?)\s*(?:,\s*|\()([A-Z]{2})\)?")


@lru_cache(maxsize=4096)
def resolve_port(value: str) -> tuple[Port | None, str | None]:
    """The Caspian port a text names (if any) and the country it is in (if known).

    Accepts a UN/LOCODE (``IRAMD``, ``IR AMD``), a name in any script
    ("Bandar-e Anzali", "Махачкала") and "name, CC" / "name (CC)".
    """
    text = value.strip()
    code_country: str | None = None
    match = _LOCODE.fullmatch(text)
    if match:
        code = match.group(1) + match.group(2)
        for port in ports():
            if port.unlocode == code:
                return port, port.country
        code_country = match.group(1)
    name, country = text, None
    suffix = _COUNTRY_SUFFIX.fullmatch(text)
    if suffix:
        name, country = suffix.group(1), suffix.group(2).upper()
    key = _key(name)
    best: tuple[float, Port | None] = (0.0, None)
    for alias_key, port in _port_keys() if key else []:
        if country is not None and port.country != country:
            continue  # "Astara, AZ" is the Azerbaijani Astara, not the Iranian one
        score = 100.0 if alias_key == key else fuzz.ratio(alias_key, key)
        if score > best[0]:
            best = (score, port)
    # 88: "astrahan" (ICU from Астрахань) vs "astrakhan" scores 94; "aktau" vs "alat" 44.
    if best[1] is not None and best[0] >= 88 and (country is None or country == best[1].country):
        return best[1], best[1].country
    return None, country or code_country


def screen_route(order: Order) -> list[RouteHit]:
    """Every Caspian port and every named jurisdiction on the order's route."""
    hits: list[RouteHit] = []
    route = order.route
    seen_countries: dict[str, tuple[str, str]] = {}
    for leg, value in route.ports():
        port, country = resolve_port(value)
        if port is not None:
            hits.append(
                RouteHit(
                    kind="caspian_port",
                    leg=leg,
                    value=value,
                    country=port.country,
                    port=port.name,
                    unlocode=port.unlocode,
                    group=port.group,
                    source=port.source,
                    reason=f"{leg.replace('_', ' ')} {value!r} is the Caspian port {port.name}"
                    f" ({port.unlocode or 'no UN/LOCODE'}, {port.country}; "
                    f"route evidence: {port.route_evidence})",
                )
            )
        if country:
            seen_countries.setdefault(country, (leg, value))
    for country in route.transit_countries:
        seen_countries.setdefault(country, ("transit_country", country))
    if route.destination_country:
        seen_countries.setdefault(route.destination_country, ("destination_country", ""))
    for country, (leg, value) in seen_countries.items():
        for j in jurisdictions():
            if j.country == country:
                hits.append(
                    RouteHit(
                        kind="jurisdiction",
                        leg=leg,
                        value=value or country,
                        country=country,
                        port=None,
                        unlocode=None,
                        group=j.tag,
                        source=j.source_url,
                        reason=f"route {leg.replace('_', ' ')} {value or country} is in "
                        f"{j.country_name}: {j.why_named}",
                    )
                )
    return hits


def route_countries(order: Order, *, with_origin: bool = True) -> list[str]:
    """Countries the goods pass through or end in (ports, transit, destination)."""
    out: list[str] = []
    for leg, value in order.route.ports():
        if leg == "port_of_loading" and not with_origin:
            continue
        _port, country = resolve_port(value)
        if country and country not in out:
            out.append(country)
    for country in [*order.route.transit_countries, order.route.destination_country]:
        if country and country not in out:
            out.append(country)
    return out
