"""Request shapes of the HTTP API (pydantic), and their conversion to the pipeline's types.

Requests are strict: unknown fields, wrong types and values out of bounds are
refused with 422 before anything runs. Order bodies become
:class:`dualuse.screening.Order` through the same value parsers that read order
files (country names, HS codes, dates), and every problem found is reported at
once, each with its field path.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from dualuse.errors import ErrorDetail, InputError

Name = Field(min_length=1, max_length=500)
Short = Field(default=None, max_length=200)
Text = Field(default=None, max_length=2000)

PARTY_SCHEMATA = ("Person", "Organization", "Company", "LegalEntity", "Vessel", "Airplane")
ROLES = (
    "buyer",
    "consignee",
    "end_user",
    "intermediate_consignee",
    "freight_forwarder",
    "bank",
    "payer",
)

#: FtM properties read from a yente-style query, by what the matcher uses them for.
NAME_PROPS = ("name", "alias", "weakAlias", "previousName")
NAME_PART_PROPS = ("firstName", "secondName", "middleName", "fatherName", "lastName")
COUNTRY_PROPS = ("nationality", "citizenship", "country", "jurisdiction", "flag")
DATE_PROPS = ("birthDate", "incorporationDate")
ID_PROPS = (
    "idNumber",
    "passportNumber",
    "taxNumber",
    "innCode",
    "ogrnCode",
    "registrationNumber",
    "leiCode",
    "swiftBic",
    "imoNumber",
    "mmsi",
    "callSign",
    "vatCode",
    "registrationNumber",
)
OTHER_PROPS = ("address", "birthPlace", "gender", "position", "notes", "topics", "website", "email")
KNOWN_PROPS = frozenset(
    NAME_PROPS + NAME_PART_PROPS + COUNTRY_PROPS + DATE_PROPS + ID_PROPS + OTHER_PROPS
)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# -- /match (yente's request shape) --------------------------------------------


class EntityExample(Strict):
    """One query entity, as yente takes it: a schema and FtM properties."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    id: str | None = Field(default=None, max_length=200)
    schema_: Literal[
        "Thing", "LegalEntity", "Person", "Organization", "Company", "Vessel", "Airplane"
    ] = Field(alias="schema", examples=["Person"])
    properties: dict[str, str | list[str]] = Field(
        examples=[{"name": ["Hossein Sabouri"], "nationality": ["ir"]}]
    )

    @field_validator("properties")
    @classmethod
    def _props(cls, value: dict[str, str | list[str]]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for prop, raw in value.items():
            if prop not in KNOWN_PROPS:
                raise ValueError(
                    f"property {prop!r} is not used for matching; use one of "
                    f"{', '.join(sorted(KNOWN_PROPS))}"
                )
            values = [raw] if isinstance(raw, str) else raw
            if len(values) > 20:
                raise ValueError(f"property {prop!r} has {len(values)} values; at most 20")
            for v in values:
                if len(v) > 500:
                    raise ValueError(f"a value of {prop!r} is over 500 characters")
            out[prop] = [v.strip() for v in values if v and v.strip()]
        if not any(out.get(p) for p in NAME_PROPS + NAME_PART_PROPS):
            raise ValueError("a query needs a name (properties.name or firstName/lastName)")
        return out


class MatchRequest(Strict):
    """yente's ``/match`` body. ``weights`` and ``config`` are accepted and not used."""

    queries: dict[str, EntityExample] = Field(
        examples=[
            {
                "q1": {
                    "schema": "Person",
                    "properties": {"name": ["Hossein Sabouri"], "birthDate": ["1975"]},
                }
            }
        ]
    )
    weights: dict[str, float] = Field(default_factory=dict)
    config: dict[str, str | int | float | bool | None] = Field(default_factory=dict)

    @field_validator("queries")
    @classmethod
    def _keys(cls, value: dict[str, EntityExample]) -> dict[str, EntityExample]:
        if not value:
            raise ValueError("at least one query is needed")
        for key in value:
            if not 1 <= len(key) <= 100:
                raise ValueError("query keys are 1-100 characters")
        return value


# -- /screen --------------------------------------------------------------------


class PartyIn(Strict):
    role: Literal[
        "buyer",
        "consignee",
        "end_user",
        "intermediate_consignee",
        "freight_forwarder",
        "bank",
        "payer",
    ]
    name: str = Name
    country: str | None = Field(default=None, max_length=100, examples=["AE"])
    address: str | None = Text
    identifiers: list[str] = Field(default_factory=list, max_length=20)
    website: str | None = Short
    email: str | None = Short
    established: str | None = Field(default=None, max_length=40)
    industry: str | None = Short

    @field_validator("identifiers")
    @classmethod
    def _ids(cls, value: list[str]) -> list[str]:
        if any(len(v) > 100 for v in value):
            raise ValueError("an identifier is over 100 characters")
        return [v.strip() for v in value if v.strip()]


class LineIn(Strict):
    hs_code: str | None = Field(default=None, max_length=20, examples=["8542.31"])
    part_number: str | None = Short
    manufacturer: str | None = Short
    description: str | None = Text
    quantity: float | None = Field(default=None, ge=0, le=1e12)
    value: float | None = Field(default=None, ge=0, le=1e15)
    currency: str | None = Field(default=None, max_length=3)


class RouteIn(Strict):
    port_of_loading: str | None = Short
    port_of_discharge: str | None = Short
    transit_ports: list[str] = Field(default_factory=list, max_length=20)
    transit_countries: list[str] = Field(default_factory=list, max_length=20)
    destination_country: str | None = Field(default=None, max_length=100)
    vessel_name: str | None = Short
    vessel_imo: str | None = Field(default=None, max_length=20)


class OrderIn(Strict):
    order_id: str = Field(min_length=1, max_length=200, examples=["SO-1001"])
    customer_id: str | None = Short
    order_date: str | None = Field(default=None, max_length=40)
    ship_date: str | None = Field(default=None, max_length=40)
    delivery_date: str | None = Field(default=None, max_length=40)
    end_use: str | None = Text
    third_country_reason: str | None = Text
    payment_terms: str | None = Short
    installation_declined: bool | None = None
    reexport: str | None = Field(default=None, max_length=40)
    new_customer: bool | None = None
    parties: list[PartyIn] = Field(default_factory=list)
    lines: list[LineIn] = Field(default_factory=list)
    route: RouteIn | None = None


class ScreenRequest(Strict):
    """One order (``order``) or a batch (``orders``), not both."""

    order: OrderIn | None = None
    orders: list[OrderIn] | None = None
    store: bool = Field(default=True, description="keep the screenings in the audit trail")


# -- /reviews, /lists/update -------------------------------------------------------


class ReviewRequest(Strict):
    hit_id: str = Field(min_length=1, max_length=16, pattern=r"^H[0-9a-f]{11}$")
    verdict: Literal["false_positive", "true_positive"]
    reason: str = Field(min_length=1, max_length=2000)


class ListUpdateRequest(Strict):
    sources: list[str] = Field(
        default_factory=list,
        max_length=20,
        description="sources to fetch from their publishers; empty: reload from the store",
    )


# -- conversion -------------------------------------------------------------------


def _parse(errors: list[ErrorDetail], path: str, fn: Callable[[Any], Any], value: Any) -> Any:
    try:
        return fn(value)
    except ValueError as exc:
        errors.append(ErrorDetail(str(exc), field=path, value=value))
        return None


def to_orders(items: list[OrderIn], where: str) -> list[Any]:
    """Pipeline orders from request orders; every bad value reported in one InputError."""
    from dualuse.screening import GoodsLine, Order, Party, Route
    from dualuse.screening.orders import (
        parse_country,
        parse_date,
        parse_hs_code,
        parse_imo,
    )

    errors: list[ErrorDetail] = []
    orders = []
    for i, o in enumerate(items):
        base = f"{where}[{i}]" if where == "orders" else where
        parties = []
        for j, p in enumerate(o.parties):
            pp = f"{base}.parties[{j}]"
            parties.append(
                Party(
                    role=p.role,
                    name=p.name,
                    country=_parse(errors, pp + ".country", parse_country, p.country),
                    country_raw=p.country,
                    address=p.address,
                    identifiers=list(p.identifiers),
                    website=p.website,
                    email=p.email,
                    established=_parse(errors, pp + ".established", parse_date, p.established),
                    industry=p.industry,
                )
            )
        lines = []
        for k, line in enumerate(o.lines, start=1):
            lp = f"{base}.lines[{k - 1}]"
            lines.append(
                GoodsLine(
                    line=k,
                    hs_code=_parse(errors, lp + ".hs_code", parse_hs_code, line.hs_code),
                    part_number=line.part_number,
                    manufacturer=line.manufacturer,
                    description=line.description,
                    quantity=line.quantity,
                    value=line.value,
                    currency=line.currency.upper() if line.currency else None,
                )
            )
        r = o.route or RouteIn()
        rp = f"{base}.route"
        route = Route(
            port_of_loading=r.port_of_loading,
            port_of_discharge=r.port_of_discharge,
            transit_ports=list(r.transit_ports),
            transit_countries=[
                c
                for n, raw in enumerate(r.transit_countries)
                if (c := _parse(errors, f"{rp}.transit_countries[{n}]", parse_country, raw))
            ],
            destination_country=_parse(
                errors, rp + ".destination_country", parse_country, r.destination_country
            ),
            vessel_name=r.vessel_name,
            vessel_imo=_parse(errors, rp + ".vessel_imo", parse_imo, r.vessel_imo),
        )
        orders.append(
            Order(
                order_id=o.order_id,
                customer_id=o.customer_id,
                order_date=_parse(errors, base + ".order_date", parse_date, o.order_date),
                ship_date=_parse(errors, base + ".ship_date", parse_date, o.ship_date),
                delivery_date=_parse(errors, base + ".delivery_date", parse_date, o.delivery_date),
                end_use=o.end_use,
                third_country_reason=o.third_country_reason,
                payment_terms=o.payment_terms,
                installation_declined=o.installation_declined,
                reexport=o.reexport,
                new_customer=o.new_customer,
                parties=parties,
                lines=lines,
                route=route,
                source="api",
            )
        )
    if errors:
        raise InputError(
            f"{len(errors)} value(s) in the request cannot be used; nothing was screened",
            errors,
        )
    return orders


def query_from_example(example: EntityExample) -> tuple[list[str], dict[str, Any]]:
    """Names to try and the other PartyQuery fields of one yente query."""
    props: dict[str, list[str]] = example.properties  # type: ignore[assignment]
    names: list[str] = []
    for prop in NAME_PROPS:
        names.extend(props.get(prop, []))
    parts = [v for p in NAME_PART_PROPS for v in props.get(p, [])]
    if parts:
        names.append(" ".join(parts))
    seen: set[str] = set()
    names = [n for n in names if not (n.casefold() in seen or seen.add(n.casefold()))]
    countries = tuple(v.upper() for p in COUNTRY_PROPS for v in props.get(p, []))
    dates = [v for p in DATE_PROPS for v in props.get(p, [])]
    ids = tuple(v for p in ID_PROPS for v in props.get(p, []))
    schema = example.schema_
    return names, {
        "schema": "Any" if schema in ("Thing",) else schema,
        "countries": countries,
        "birth_date": dates[0] if dates else None,
        "identifiers": ids,
    }


class PartyScreenRequest(Strict):
    """One party screened on its own (the web page's form): a one-party order."""

    name: str = Name
    schema_: Literal["Any", "Person", "Organization", "Company", "Vessel", "Airplane"] = Field(
        default="Any", alias="schema"
    )
    country: str | None = Field(default=None, max_length=100)
    birth_date: str | None = Field(
        default=None, max_length=10, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$"
    )
    identifiers: list[str] = Field(default_factory=list, max_length=20)
    role: Literal[
        "buyer",
        "consignee",
        "end_user",
        "intermediate_consignee",
        "freight_forwarder",
        "bank",
        "payer",
    ] = "end_user"
    order_id: str | None = Field(default=None, max_length=200)

    model_config = ConfigDict(extra="forbid", populate_by_name=True, str_strip_whitespace=True)

    @field_validator("identifiers")
    @classmethod
    def _ids(cls, value: list[str]) -> list[str]:
        if any(len(v) > 100 for v in value):
            raise ValueError("an identifier is over 100 characters")
        return [v.strip() for v in value if v.strip()]
