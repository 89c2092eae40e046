"""The order model: what a transaction to screen looks like once it has been read.

An :class:`Order` is the same whatever file it came from (CSV, JSON, JSON Lines,
Excel): parties by role, goods lines, a route, a few dates and declarations. It
keeps where it came from (file and rows) so that every error and every reason
can point back at the place in the user's file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dualuse.errors import ErrorDetail

#: Roles a party can have in an order, in report order.
ROLES: tuple[str, ...] = (
    "buyer",
    "consignee",
    "end_user",
    "intermediate_consignee",
    "freight_forwarder",
    "bank",
    "payer",
)


@dataclass
class Party:
    """One party of an order in one role."""

    role: str
    name: str
    country: str | None = None  #: ISO 3166-1 alpha-2, upper case, when it could be read
    country_raw: str | None = None  #: the country as the user wrote it
    address: str | None = None
    identifiers: list[str] = field(default_factory=list)
    website: str | None = None
    email: str | None = None
    established: str | None = None  #: ISO date the party was founded / incorporated
    industry: str | None = None
    row: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "name": self.name,
            "country": self.country,
            "country_raw": self.country_raw,
            "address": self.address,
            "identifiers": list(self.identifiers),
            "website": self.website,
            "email": self.email,
            "established": self.established,
            "industry": self.industry,
            "row": self.row,
        }


@dataclass
class GoodsLine:
    """One line item."""

    line: int  #: 1-based position of the line in its order
    hs_code: str | None = None  #: digits only, 6, 8 or 10 of them
    part_number: str | None = None
    manufacturer: str | None = None
    description: str | None = None
    quantity: float | None = None
    value: float | None = None
    currency: str | None = None
    row: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "hs_code": self.hs_code,
            "part_number": self.part_number,
            "manufacturer": self.manufacturer,
            "description": self.description,
            "quantity": self.quantity,
            "value": self.value,
            "currency": self.currency,
            "row": self.row,
        }


@dataclass
class Route:
    """Where the goods go, by which ports, countries and vessel."""

    port_of_loading: str | None = None
    port_of_discharge: str | None = None
    transit_ports: list[str] = field(default_factory=list)
    transit_countries: list[str] = field(default_factory=list)  #: ISO-2, upper case
    destination_country: str | None = None  #: ISO-2, upper case
    vessel_name: str | None = None
    vessel_imo: str | None = None

    def ports(self) -> list[tuple[str, str]]:
        """Every port named, as ``(leg, value)`` pairs in route order."""
        out: list[tuple[str, str]] = []
        if self.port_of_loading:
            out.append(("port_of_loading", self.port_of_loading))
        out.extend(("transit_port", p) for p in self.transit_ports)
        if self.port_of_discharge:
            out.append(("port_of_discharge", self.port_of_discharge))
        return out

    def is_empty(self) -> bool:
        return not (
            self.ports()
            or self.transit_countries
            or self.destination_country
            or self.vessel_name
            or self.vessel_imo
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "port_of_loading": self.port_of_loading,
            "port_of_discharge": self.port_of_discharge,
            "transit_ports": list(self.transit_ports),
            "transit_countries": list(self.transit_countries),
            "destination_country": self.destination_country,
            "vessel_name": self.vessel_name,
            "vessel_imo": self.vessel_imo,
        }


@dataclass
class Order:
    """One transaction to screen, with where it came from."""

    order_id: str
    customer_id: str | None = None
    order_date: str | None = None
    ship_date: str | None = None
    delivery_date: str | None = None
    end_use: str | None = None
    third_country_reason: str | None = None  #: why consignee and end user differ
    payment_terms: str | None = None
    installation_declined: bool | None = None
    reexport: str | None = None  #: what the buyer says about re-export (yes/no/unknown)
    new_customer: bool | None = None  #: explicit flag; else derived from customer history
    parties: list[Party] = field(default_factory=list)
    lines: list[GoodsLine] = field(default_factory=list)
    route: Route = field(default_factory=Route)
    source: str | None = None  #: file name
    rows: list[int] = field(default_factory=list)  #: file rows (lines) the order came from
    errors: list[ErrorDetail] = field(default_factory=list)  #: rows of it that were rejected

    def parties_in(self, role: str) -> list[Party]:
        return [p for p in self.parties if p.role == role]

    def to_dict(self) -> dict[str, Any]:
        return {
            "order_id": self.order_id,
            "customer_id": self.customer_id,
            "order_date": self.order_date,
            "ship_date": self.ship_date,
            "delivery_date": self.delivery_date,
            "end_use": self.end_use,
            "third_country_reason": self.third_country_reason,
            "payment_terms": self.payment_terms,
            "installation_declined": self.installation_declined,
            "reexport": self.reexport,
            "new_customer": self.new_customer,
            "parties": [p.to_dict() for p in self.parties],
            "lines": [g.to_dict() for g in self.lines],
            "route": self.route.to_dict(),
            "source": self.source,
            "rows": list(self.rows),
            "errors": [e.to_dict() for e in self.errors],
        }
