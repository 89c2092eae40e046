"""Reading orders: CSV, JSON, JSON Lines and Excel into :class:`Order` objects.

Design:

* **One column vocabulary for every format.** A column (or JSON key) name is
  folded (case, spaces, ``-``/``.``/``_``) and looked up in the tables below;
  the accepted names are listed in ``docs/orders.md``. Party columns are
  ``<role>_<field>`` (``end_user_name``, ``consignee_country`` ...); a party
  column whose role is unknown is reported, never ignored silently.
* **Streaming.** CSV, JSON Lines and Excel are read row by row (Excel through
  openpyxl's read-only mode), so a 100 MB file is screened in bounded memory.
  CSV rows of one order must be next to each other (the order id groups
  consecutive rows). A JSON array is read whole and therefore has a size limit
  (:data:`MAX_JSON_BYTES`); larger inputs are refused with a message that
  points to JSON Lines.
* **Bad rows are reported, not dropped.** A bad value rejects the smallest
  thing it belongs to (a goods line with a bad HS code, a party with no name)
  and is recorded as an :class:`ErrorDetail` naming file, row and column. The
  rest of the order is still screened, and the order carries its errors so the
  decision policy can hold it for review. Problems that make the whole file
  unreadable (missing ``order_id`` column, broken Excel file) raise
  :class:`InputError`.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from dualuse.errors import ErrorDetail, InputError
from dualuse.screening.model import ROLES, GoodsLine, Order, Party

#: A JSON array is parsed whole; above this size use JSON Lines (streamed).
MAX_JSON_BYTES = 50 * 1024 * 1024
#: Longest single CSV field accepted (a longer one is a broken or hostile file).
MAX_FIELD_CHARS = 1024 * 1024
#: Most goods lines one order may have (a guard against a runaway order id).
MAX_LINES_PER_ORDER = 10_000

FORMATS = ("csv", "json", "jsonl", "xlsx")


def fold(name: str) -> str:
    """Fold a column name: ``"End-User Name "`` -> ``"end_user_name"``."""
    key = re.sub(r"[\s\-./]+", "_", str(name).strip().lower())
    return re.sub(r"_+", "_", key).strip("_")


# canonical order-level field -> accepted (folded) names
ORDER_COLUMNS: dict[str, tuple[str, ...]] = {
    "order_id": ("order_id", "order", "order_no", "order_number", "po", "po_number", "orderid"),
    "customer_id": ("customer_id", "customer", "customer_no", "customer_number", "client_id"),
    "order_date": ("order_date", "date", "po_date"),
    "ship_date": ("ship_date", "shipping_date", "shipment_date"),
    "delivery_date": ("delivery_date", "requested_delivery", "delivery"),
    "end_use": ("end_use", "declared_end_use", "end_use_statement", "intended_use"),
    "third_country_reason": (
        "third_country_reason",
        "consignee_reason",
        "different_country_reason",
        "routing_reason",
    ),
    "payment_terms": ("payment_terms", "payment", "payment_method", "terms_of_payment"),
    "installation_declined": ("installation_declined", "declined_installation", "no_installation"),
    "reexport": ("reexport", "re_export", "reexport_statement"),
    "new_customer": ("new_customer", "first_order"),
}
LINE_COLUMNS: dict[str, tuple[str, ...]] = {
    "hs_code": (
        "hs_code",
        "hs",
        "hts",
        "hts_code",
        "cn_code",
        "tariff_code",
        "commodity_code",
        "tn_ved",
    ),
    "part_number": ("part_number", "part_no", "part", "mpn", "pn", "sku"),
    "manufacturer": ("manufacturer", "mfr", "maker", "brand"),
    "description": ("description", "goods_description", "item_description", "goods", "item"),
    "quantity": ("quantity", "qty"),
    "value": ("value", "amount", "line_value", "price_total", "total_value"),
    "currency": ("currency", "ccy", "cur"),
}
ROUTE_COLUMNS: dict[str, tuple[str, ...]] = {
    "port_of_loading": ("port_of_loading", "pol", "loading_port", "origin_port"),
    "port_of_discharge": ("port_of_discharge", "pod", "discharge_port", "destination_port"),
    "transit_ports": ("transit_ports", "transit_port", "via_ports", "via_port"),
    "transit_countries": ("transit_countries", "transit_country", "via_countries"),
    "destination_country": ("destination_country", "country_of_destination", "ship_to_country"),
    "vessel_name": ("vessel_name", "vessel", "ship_name"),
    "vessel_imo": ("vessel_imo", "imo", "imo_number"),
}
ROLE_NAMES: dict[str, tuple[str, ...]] = {
    "buyer": ("buyer", "customer_party", "purchaser", "sold_to"),
    "consignee": ("consignee", "ship_to"),
    "end_user": ("end_user", "enduser", "ultimate_consignee", "final_user"),
    "intermediate_consignee": ("intermediate_consignee", "intermediary", "intermediate"),
    "freight_forwarder": ("freight_forwarder", "forwarder", "ff", "logistics"),
    "bank": ("bank", "issuing_bank", "paying_bank"),
    "payer": ("payer", "paying_party"),
}
PARTY_FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    "country": ("country", "country_code"),
    "address": ("address", "addr"),
    "identifiers": ("identifiers", "ids", "id_numbers", "identifier", "tax_id", "registration"),
    "website": ("website", "web", "url"),
    "email": ("email", "e_mail"),
    "established": ("established", "incorporated", "founded", "incorporation_date"),
    "industry": ("industry", "business", "line_of_business"),
}


def _invert(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {alias: canon for canon, aliases in table.items() for alias in aliases}


_ORDER = _invert(ORDER_COLUMNS)
_LINE = _invert(LINE_COLUMNS)
_ROUTE = _invert(ROUTE_COLUMNS)
_ROLE = _invert(ROLE_NAMES)
_PFIELD = _invert(PARTY_FIELDS)
# Longest role alias first, so that "intermediate_consignee_name" is not read as "consignee".
_ROLE_PREFIXES = sorted(_ROLE, key=len, reverse=True)


@dataclass(frozen=True)
class Target:
    """Where one input column goes."""

    kind: str  #: order | line | route | party
    field: str
    role: str | None = None


def resolve_column(name: str) -> Target | None | str:
    """The target of a column name; a string explains why it is refused; None: unused."""
    key = fold(name)
    if key in _ORDER:
        return Target("order", _ORDER[key])
    if key in _LINE:
        return Target("line", _LINE[key])
    if key in _ROUTE:
        return Target("route", _ROUTE[key])
    for prefix in _ROLE_PREFIXES:
        if key.startswith(prefix + "_") and key[len(prefix) + 1 :] in _PFIELD:
            return Target("party", _PFIELD[key[len(prefix) + 1 :]], _ROLE[prefix])
    if key in _ROLE:  # a bare role column ("consignee") holds the party's name
        return Target("party", "name", _ROLE[key])
    head, _, tail = key.rpartition("_")
    if head and tail in _PFIELD and tail in ("name", "country", "address"):
        return f"unknown party role {head!r} in column {name!r}; expected one of " + ", ".join(
            ROLES
        )
    return None


# -- value checks (pure) ------------------------------------------------------


def clean_text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def parse_hs_code(value: Any) -> str | None:
    """Digits of an HS/HTS/CN code; raises ``ValueError`` with the rule broken."""
    text = clean_text(value)
    if text is None:
        return None
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))  # Excel hands 854231 over as 854231.0
    digits = re.sub(r"[\s.\-]", "", text)
    if not digits.isdigit():
        raise ValueError(f"HS code {text!r} has characters other than digits, dots and spaces")
    if len(digits) not in (6, 8, 10):
        raise ValueError(f"HS code {text!r} has {len(digits)} digits; expected 6, 8 or 10")
    return digits


def parse_country(value: Any) -> str | None:
    """ISO-2 code (upper case) of a country name or code; ``ValueError`` if unknown."""
    text = clean_text(value)
    if text is None:
        return None
    from rigour.territories import lookup_territory

    territory = lookup_territory(text)
    if territory is None:
        raise ValueError(f"country {text!r} is not a known country name or ISO code")
    return str(territory.code).split("-")[0].upper()


def parse_number(value: Any) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().replace(",", "").replace(" ", "")
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{str(value).strip()!r} is not a number") from None


def parse_date(value: Any) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%Y/%m/%d", "%d/%m/%Y", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(text[:19], fmt).date().isoformat()
        except ValueError:
            continue
    if re.fullmatch(r"\d{4}", text):
        return text
    raise ValueError(f"date {text!r} is not a date (expected YYYY-MM-DD)")


def parse_bool(value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if not text:
        return None
    if text in ("1", "y", "yes", "true", "t", "x", "ja", "oui"):
        return True
    if text in ("0", "n", "no", "false", "f"):
        return False
    raise ValueError(f"{str(value).strip()!r} is not yes/no")


def parse_imo(value: Any) -> str | None:
    text = clean_text(value)
    if text is None:
        return None
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    digits = re.sub(r"^imo\s*", "", text, flags=re.I).strip()
    if not re.fullmatch(r"\d{7}", digits):
        raise ValueError(f"IMO number {text!r} is not 7 digits")
    check = sum(int(d) * w for d, w in zip(digits[:6], range(7, 1, -1), strict=True)) % 10
    if check != int(digits[6]):
        raise ValueError(f"IMO number {text!r} fails its check digit")
    return digits


def split_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    return [p.strip() for p in re.split(r"[;|\n]", str(value)) if p.strip()]


# -- building orders from flat rows ------------------------------------------


@dataclass
class _Builder:
    """Collects the rows of one order and turns them into an :class:`Order`."""

    order_id: str
    source: str
    order: Order = field(init=False)
    _party_keys: set[tuple[str, str, str | None]] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.order = Order(order_id=self.order_id, source=self.source)

    def add_row(self, row_no: int, values: dict[Target, Any], columns: dict[Target, str]) -> None:
        order = self.order
        order.rows.append(row_no)

        def err(message: str, target: Target, value: Any) -> None:
            order.errors.append(
                ErrorDetail(
                    message, file=self.source, line=row_no, field=columns[target], value=value
                )
            )

        parties: dict[str, dict[str, Any]] = {}
        line_values: dict[str, Any] = {}
        for target, value in values.items():
            if target.kind == "order":
                self._set_order(target, value, err)
            elif target.kind == "route":
                self._set_route(target, value, err)
            elif target.kind == "line":
                line_values[target.field] = (target, value)
            elif target.kind == "party" and target.role:
                parties.setdefault(target.role, {})[target.field] = (target, value)
        for role, fields in parties.items():
            self._add_party(role, fields, row_no, err)
        if any(clean_text(v) is not None for _, v in line_values.values()):
            self._add_line(line_values, row_no, err)

    def _set_order(self, target: Target, value: Any, err: Any) -> None:
        order = self.order
        name = target.field
        if clean_text(value) is None or name == "order_id":
            return
        try:
            if name in ("order_date", "ship_date"):
                parsed: Any = parse_date(value)
            elif name in ("installation_declined", "new_customer"):
                parsed = parse_bool(value)
            elif name == "delivery_date":
                # kept as written: a vague delivery date ("ASAP", "TBD") is itself a red flag
                parsed = (
                    value.date().isoformat() if isinstance(value, datetime) else clean_text(value)
                )
            else:
                parsed = clean_text(value)
        except ValueError as exc:
            err(str(exc), target, value)
            return
        if getattr(order, name) is None:
            setattr(order, name, parsed)

    def _set_route(self, target: Target, value: Any, err: Any) -> None:
        route = self.order.route
        name = target.field
        try:
            if name in ("transit_ports",):
                for port in split_list(value):
                    if port not in route.transit_ports:
                        route.transit_ports.append(port)
            elif name == "transit_countries":
                for raw in split_list(value):
                    code = parse_country(raw)
                    if code and code not in route.transit_countries:
                        route.transit_countries.append(code)
            elif name == "destination_country":
                route.destination_country = route.destination_country or parse_country(value)
            elif name == "vessel_imo":
                route.vessel_imo = route.vessel_imo or parse_imo(value)
            elif getattr(route, name) is None:
                setattr(route, name, clean_text(value))
        except ValueError as exc:
            err(str(exc), target, value)

    def _add_party(self, role: str, fields: dict[str, Any], row_no: int, err: Any) -> None:
        given = {k: (t, v) for k, (t, v) in fields.items() if clean_text(v) is not None}
        if not given:
            return
        if "name" not in given:
            target, value = next(iter(given.values()))
            name_target = fields.get("name", (target, None))[0]
            err(
                f"empty party name for role {role!r} while {', '.join(sorted(given))} "
                "is given; the party cannot be screened",
                name_target,
                "",
            )
            return
        party = Party(role=role, name=str(clean_text(given["name"][1])), row=row_no)
        for key, (target, value) in given.items():
            try:
                if key == "country":
                    party.country_raw = clean_text(value)
                    party.country = parse_country(value)
                elif key == "identifiers":
                    party.identifiers = split_list(value)
                elif key == "established":
                    party.established = parse_date(value)
                elif key != "name":
                    setattr(party, key, clean_text(value))
            except ValueError as exc:
                err(str(exc), target, value)
        ident = (role, party.name.casefold(), party.country)
        if ident not in self._party_keys:
            self._party_keys.add(ident)
            self.order.parties.append(party)

    def _add_line(self, values: dict[str, Any], row_no: int, err: Any) -> None:
        order = self.order
        if len(order.lines) >= MAX_LINES_PER_ORDER:
            target = next(iter(values.values()))[0]
            err(f"order has more than {MAX_LINES_PER_ORDER} lines; line ignored", target, None)
            return
        line = GoodsLine(line=len(order.lines) + 1, row=row_no)
        rejected = False
        for key, (target, value) in values.items():
            try:
                if key == "hs_code":
                    line.hs_code = parse_hs_code(value)
                elif key in ("quantity", "value"):
                    setattr(line, key, parse_number(value))
                else:
                    setattr(line, key, clean_text(value))
            except ValueError as exc:
                err(str(exc) + ("; line not screened" if key == "hs_code" else ""), target, value)
                rejected = rejected or key == "hs_code"
        if not rejected:
            order.lines.append(line)


def _columns(header: list[Any], source: str) -> tuple[list[tuple[int, Target]], list[ErrorDetail]]:
    """Map header cells to targets; refuse a file without the required columns."""
    mapped: list[tuple[int, Target]] = []
    problems: list[ErrorDetail] = []
    seen: dict[Target, str] = {}
    for index, cell in enumerate(header):
        name = clean_text(cell)
        if name is None:
            continue
        target = resolve_column(name)
        if isinstance(target, str):
            problems.append(ErrorDetail(target, file=source, line=1, field=name, value=name))
        elif target is None:
            problems.append(
                ErrorDetail(
                    f"column {name!r} (column {index + 1}) is not a known order column; "
                    "its values are not screened (see docs/orders.md)",
                    file=source,
                    line=1,
                    field=name,
                )
            )
        elif target in seen:
            problems.append(
                ErrorDetail(
                    f"column {name!r} repeats column {seen[target]!r}; only the first is read",
                    file=source,
                    line=1,
                    field=name,
                )
            )
        else:
            seen[target] = name
            mapped.append((index, target))
    targets = {t for _, t in mapped}
    missing = []
    if Target("order", "order_id") not in targets:
        missing.append("order_id")
    if not any(t.kind == "party" and t.field == "name" for t in targets):
        missing.append("a party name column (e.g. buyer_name)")
    if missing:
        raise InputError(
            f"{source}: missing required column(s): {', '.join(missing)}",
            [
                ErrorDetail(
                    f"required column {m} not found in header "
                    f"{[clean_text(c) for c in header if clean_text(c)]}",
                    file=source,
                    line=1,
                    field=m,
                )
                for m in missing
            ]
            + problems,
        )
    return mapped, problems


class OrderReader:
    """Iterates the orders of one file; ``errors`` fills in as rows are read.

    ``errors`` holds what could not be screened at all (rows without an order
    id, unknown columns); problems inside an order are on ``Order.errors``.
    """

    def __init__(self, path: str | Path, fmt: str | None = None) -> None:
        self.path = str(path)
        self.name = "<stdin>" if self.path == "-" else Path(self.path).name
        self.format = fmt or detect_format(self.path)
        if self.format not in FORMATS:
            raise InputError(
                f"unknown order file format {self.format!r}; expected one of {', '.join(FORMATS)}",
                [ErrorDetail("unsupported format", file=self.path, value=self.format)],
            )
        if self.path != "-" and not Path(self.path).is_file():
            raise InputError(
                f"order file {self.path} does not exist",
                [ErrorDetail("file not found", file=self.path)],
            )
        self.errors: list[ErrorDetail] = []
        self.rows_read = 0
        self.orders_read = 0
        #: bytes of the file read so far and its size (None for stdin): for progress bars
        self.bytes_read = 0
        self.size = None if self.path == "-" else Path(self.path).stat().st_size

    def __iter__(self) -> Iterator[Order]:
        if self.format == "csv":
            it = self._rows_to_orders(self._csv_rows())
        elif self.format == "xlsx":
            it = self._rows_to_orders(self._xlsx_rows())
        else:
            it = self._json_orders()
        for order in it:
            self.orders_read += 1
            yield order

    # -- flat formats ---------------------------------------------------------

    def _open_text(self, **kw: Any) -> io.TextIOWrapper:
        """The file as text, counting the bytes read (for the progress bar)."""
        raw = sys.stdin.buffer if self.path == "-" else open(self.path, "rb")  # noqa: SIM115
        return io.TextIOWrapper(io.BufferedReader(_Counting(raw, self)), encoding="utf-8-sig", **kw)

    def _csv_rows(self) -> Iterator[tuple[int, list[Any]]]:
        csv.field_size_limit(MAX_FIELD_CHARS)
        delimiter = ","
        if self.path != "-":
            with open(self.path, encoding="utf-8-sig", errors="replace") as probe:
                first = probe.readline(65536)
            counts = {d: first.count(d) for d in (",", ";", "\t")}
            delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
        with self._open_text(newline="") as handle:
            reader = csv.reader(handle, delimiter=delimiter)
            try:
                for cells in reader:
                    yield reader.line_num, cells
            except csv.Error as exc:
                raise InputError(
                    f"{self.name}: line {reader.line_num} cannot be read as CSV: {exc}",
                    [ErrorDetail(str(exc), file=self.name, line=reader.line_num)],
                ) from exc
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{self.name}: not UTF-8 text near line {reader.line_num + 1}",
                    [ErrorDetail(str(exc), file=self.name, line=reader.line_num + 1)],
                ) from exc

    def _xlsx_rows(self) -> Iterator[tuple[int, list[Any]]]:
        import zipfile

        from openpyxl import load_workbook

        try:
            workbook = load_workbook(self.path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise InputError(
                f"{self.name}: not a readable Excel (.xlsx) file: {exc}",
                [ErrorDetail(f"broken Excel file: {exc}", file=self.name)],
            ) from exc
        except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
            raise InputError(
                f"{self.name}: not a readable Excel (.xlsx) file: {type(exc).__name__}: {exc}",
                [ErrorDetail("broken Excel file", file=self.name)],
            ) from exc
        try:
            sheet = workbook["orders"] if "orders" in workbook.sheetnames else workbook.active
            self.size = sheet.max_row  # progress in rows for Excel (None when unknown)
            for index, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                self.bytes_read = index
                yield index, list(row)
        except Exception as exc:
            raise InputError(
                f"{self.name}: the Excel sheet cannot be read: {type(exc).__name__}: {exc}",
                [ErrorDetail("broken Excel sheet", file=self.name)],
            ) from exc
        finally:
            workbook.close()

    def _rows_to_orders(self, rows: Iterable[tuple[int, list[Any]]]) -> Iterator[Order]:
        iterator = iter(rows)
        header: list[Any] | None = None
        for _row_no, cells in iterator:
            if any(clean_text(c) for c in cells):
                header = cells
                break
        if header is None:
            raise InputError(
                f"{self.name}: the file is empty (no header row)",
                [ErrorDetail("no header row", file=self.name, line=1)],
            )
        mapped, problems = _columns(header, self.name)
        self.errors.extend(problems)
        id_index = next(i for i, t in mapped if t == Target("order", "order_id"))
        columns = {t: clean_text(header[i]) or "" for i, t in mapped}
        builder: _Builder | None = None
        finished: set[str] = set()
        for row_no, cells in iterator:
            if not any(clean_text(c) for c in cells):
                continue
            self.rows_read += 1
            order_id = clean_text(cells[id_index]) if id_index < len(cells) else None
            if isinstance(cells[id_index] if id_index < len(cells) else None, float):
                value = cells[id_index]
                order_id = str(int(value)) if float(value).is_integer() else str(value)
            if order_id is None:
                self.errors.append(
                    ErrorDetail(
                        "order id is empty; the row cannot be grouped and is not screened",
                        file=self.name,
                        line=row_no,
                        field=columns[Target("order", "order_id")],
                        value="",
                    )
                )
                continue
            if builder is None or builder.order_id != order_id:
                if builder is not None:
                    finished.add(builder.order_id)
                    yield builder.order
                builder = _Builder(order_id, self.name)
                if order_id in finished:
                    builder.order.errors.append(
                        ErrorDetail(
                            f"rows of order {order_id!r} are not next to each other; "
                            "this part is screened on its own",
                            file=self.name,
                            line=row_no,
                            field=columns[Target("order", "order_id")],
                            value=order_id,
                        )
                    )
            values = {t: cells[i] if i < len(cells) else None for i, t in mapped}
            builder.add_row(row_no, values, columns)
        if builder is not None:
            yield builder.order

    # -- JSON -----------------------------------------------------------------

    def _json_orders(self) -> Iterator[Order]:
        if self.format == "json":
            size = Path(self.path).stat().st_size if self.path != "-" else 0
            if size > MAX_JSON_BYTES:
                raise InputError(
                    f"{self.name}: a JSON array of {size / 1e6:.0f} MB is over the "
                    f"{MAX_JSON_BYTES // (1024 * 1024)} MB limit; use JSON Lines (.jsonl), "
                    "which is streamed",
                    [ErrorDetail("JSON file too large", file=self.name, value=size)],
                )
            text = sys.stdin.read() if self.path == "-" else Path(self.path).read_text("utf-8-sig")
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                raise InputError(
                    f"{self.name}: line {exc.lineno} column {exc.colno}: not valid JSON: {exc.msg}",
                    [ErrorDetail(exc.msg, file=self.name, line=exc.lineno)],
                ) from exc
            if isinstance(data, dict):
                data = data.get("orders", [data])
            if not isinstance(data, list):
                raise InputError(
                    f"{self.name}: expected a JSON array of orders or {{'orders': [...]}}",
                    [ErrorDetail("wrong JSON shape", file=self.name)],
                )
            for index, item in enumerate(data, start=1):
                order = self._json_order(item, index, f"order #{index}")
                if order is not None:
                    yield order
            return
        with self._open_text() as handle:
            for line_no, line in _lines(handle, self.name):
                if not line.strip():
                    continue
                self.rows_read += 1
                try:
                    item = json.loads(line)
                except json.JSONDecodeError as exc:
                    self.errors.append(
                        ErrorDetail(
                            f"not valid JSON ({exc.msg} at column {exc.colno}); line not screened",
                            file=self.name,
                            line=line_no,
                        )
                    )
                    continue
                order = self._json_order(item, line_no, f"line {line_no}")
                if order is not None:
                    yield order

    def _json_order(self, item: Any, line_no: int, where: str) -> Order | None:
        if not isinstance(item, dict):
            self.errors.append(
                ErrorDetail(
                    f"{where} is not a JSON object; not screened", file=self.name, line=line_no
                )
            )
            return None
        flat: dict[Target, Any] = {}
        columns: dict[Target, str] = {}
        party_items: list[tuple[str, dict[str, Any]]] = []
        line_items: list[dict[str, Any]] = []
        for key, value in item.items():
            folded = fold(key)
            if folded == "parties" and isinstance(value, list):
                for p in value:
                    if isinstance(p, dict):
                        party_items.append((str(p.get("role", "")), p))
                    else:
                        self.errors.append(
                            ErrorDetail("a party is not an object", self.name, line_no, "parties")
                        )
                continue
            if folded in ("lines", "goods", "items") and isinstance(value, list):
                line_items.extend(v for v in value if isinstance(v, dict))
                continue
            if folded == "route" and isinstance(value, dict):
                for rk, rv in value.items():
                    target = resolve_column(rk)
                    if isinstance(target, Target) and target.kind == "route":
                        flat[target] = rv
                        columns[target] = f"route.{rk}"
                    else:
                        self._unknown_key(f"route.{rk}", line_no)
                continue
            if folded in _ROLE and isinstance(value, dict):
                party_items.append((folded, value))
                continue
            target = resolve_column(key)
            if isinstance(target, str):
                self.errors.append(ErrorDetail(target, self.name, line_no, key, value))
            elif target is None:
                self._unknown_key(key, line_no)
            else:
                flat[target] = value
                columns[target] = key
        order_id = clean_text(flat.get(Target("order", "order_id")))
        if order_id is None:
            self.errors.append(
                ErrorDetail(
                    f"{where} has no order_id; not screened", self.name, line_no, "order_id", ""
                )
            )
            return None
        builder = _Builder(order_id, self.name)
        builder.add_row(line_no, flat, columns)
        for role_raw, pdata in party_items:
            role = _ROLE.get(fold(role_raw))
            if role is None:
                builder.order.errors.append(
                    ErrorDetail(
                        f"unknown party role {role_raw!r}; expected one of {', '.join(ROLES)}; "
                        "party not screened",
                        self.name,
                        line_no,
                        "role",
                        role_raw,
                    )
                )
                continue
            values: dict[Target, Any] = {}
            cols: dict[Target, str] = {}
            for pk, pv in pdata.items():
                pfield = _PFIELD.get(fold(pk))
                if pfield is None:
                    if fold(pk) != "role":
                        self._unknown_key(f"parties[].{pk}", line_no)
                    continue
                target = Target("party", pfield, role)
                values[target] = "; ".join(map(str, pv)) if isinstance(pv, list) else pv
                cols[target] = f"parties[{role_raw}].{pk}"
            if Target("party", "name", role) not in values:
                values[Target("party", "name", role)] = None
                cols[Target("party", "name", role)] = f"parties[{role_raw}].name"
            builder.add_row(line_no, values, cols)
        for ldata in line_items:
            values = {}
            cols = {}
            for lk, lv in ldata.items():
                target = resolve_column(lk)
                if isinstance(target, Target) and target.kind == "line":
                    values[target] = lv
                    cols[target] = f"lines[].{lk}"
                else:
                    self._unknown_key(f"lines[].{lk}", line_no)
            builder.add_row(line_no, values, cols)
        builder.order.rows = [line_no]
        return builder.order

    def _unknown_key(self, key: str, line_no: int) -> None:
        self.errors.append(
            ErrorDetail(
                f"key {key!r} is not a known order field; its value is not screened "
                "(see docs/orders.md)",
                self.name,
                line_no,
                key,
            )
        )


def _lines(handle: Any, name: str) -> Iterator[tuple[int, str]]:
    line_no = 0
    try:
        for line_no, line in enumerate(handle, start=1):  # noqa: B007 - used after the loop
            yield line_no, line
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not UTF-8 text near line {line_no + 1}",
            [ErrorDetail(str(exc), file=name, line=line_no + 1)],
        ) from exc


class _Counting(io.RawIOBase):
    """A binary stream that adds what it reads to ``owner.bytes_read``."""

    def __init__(self, raw: Any, owner: OrderReader) -> None:
        self.raw = raw
        self.owner = owner

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        self.owner.bytes_read += len(data)
        return len(data)

    def close(self) -> None:
        if self.raw is not sys.stdin.buffer:
            self.raw.close()
        super().close()


def detect_format(path: str) -> str:
    lower = path.lower()
    if path == "-" or lower.endswith((".csv", ".tsv", ".txt")):
        return "csv"
    if lower.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if lower.endswith(".json"):
        return "json"
    if lower.endswith((".xlsx", ".xlsm")):
        return "xlsx"
    return Path(path).suffix.lstrip(".").lower() or "csv"


def read_orders(path: str | Path, fmt: str | None = None) -> OrderReader:
    """Open an order file; iterate the result for :class:`Order` objects."""
    return OrderReader(path, fmt)
