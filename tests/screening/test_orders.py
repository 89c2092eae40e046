"""Reading order files: lenient columns, every format, and bad input reported with
row and column, never dropped silently."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from dualuse.errors import InputError
from dualuse.screening import orders as orders_mod
from dualuse.screening import read_orders

HEADER = "Order ID,Customer-ID,BUYER NAME,buyer_country,End User Name,end-user country,HS Code,Qty"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_lenient_headers_and_grouping(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "o.csv",
        HEADER + "\nA1,C1,Acme GmbH,Germany,Acme GmbH,DE,8542.31,10\n"
        "A1,C1,Acme GmbH,Germany,Acme GmbH,DE,8532 24,5\n"
        "A2,C2,Bolt SARL,FR,Bolt SARL,FR,940360,1\n",
    )
    reader = read_orders(path)
    orders = list(reader)
    assert [o.order_id for o in orders] == ["A1", "A2"]
    a1 = orders[0]
    assert [line.hs_code for line in a1.lines] == ["854231", "853224"]
    assert {(p.role, p.country) for p in a1.parties} == {("buyer", "DE"), ("end_user", "DE")}
    assert a1.rows == [2, 3]
    assert reader.errors == [] and a1.errors == []


def test_missing_required_column_is_refused_with_its_name(tmp_path: Path) -> None:
    path = write(tmp_path, "o.csv", "customer,buyer_name\nC1,Acme\n")
    with pytest.raises(InputError) as exc:
        list(read_orders(path))
    assert "order_id" in str(exc.value)
    assert exc.value.details[0].line == 1


def test_unknown_role_column_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "o.csv", "order_id,buyer_name,broker_name\nA1,Acme,Shady Broker\n")
    reader = read_orders(path)
    orders = list(reader)
    assert len(orders) == 1
    problem = next(e for e in reader.errors if e.field == "broker_name")
    assert "unknown party role 'broker'" in problem.message


def test_unknown_role_in_json_is_reported_on_the_order(tmp_path: Path) -> None:
    data = {
        "order_id": "J1",
        "parties": [{"role": "smuggler", "name": "X"}, {"role": "buyer", "name": "Y"}],
    }
    path = write(tmp_path, "o.json", json.dumps([data]))
    (o,) = list(read_orders(path))
    assert [p.name for p in o.parties] == ["Y"]
    assert "unknown party role 'smuggler'" in o.errors[0].message


def test_bad_hs_code_rejects_the_line_names_row_and_column(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "o.csv",
        "order_id,buyer_name,hs_code,description\nA1,Acme,85423,ICs\nA1,Acme,854231,ICs\n",
    )
    (o,) = list(read_orders(path))
    assert [line.hs_code for line in o.lines] == ["854231"]
    (err,) = o.errors
    assert err.line == 2 and err.field == "hs_code" and err.file == "o.csv"
    assert "HS code '85423' has 5 digits; expected 6, 8 or 10" in err.message


def test_empty_party_name_is_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "o.csv",
        "order_id,buyer_name,consignee_name,consignee_country\nA1,Acme,,AE\n",
    )
    (o,) = list(read_orders(path))
    assert [p.role for p in o.parties] == ["buyer"]
    (err,) = o.errors
    assert err.field == "consignee_name" and err.line == 2
    assert "empty party name for role 'consignee'" in err.message


def test_row_without_order_id_is_reported_not_dropped(tmp_path: Path) -> None:
    path = write(tmp_path, "o.csv", "order_id,buyer_name\n,Ghost\nA1,Acme\n")
    reader = read_orders(path)
    assert [o.order_id for o in reader] == ["A1"]
    assert reader.errors[0].line == 2 and "order id is empty" in reader.errors[0].message


def test_split_order_rows_are_flagged(tmp_path: Path) -> None:
    path = write(tmp_path, "o.csv", "order_id,buyer_name\nA1,Acme\nA2,Bolt\nA1,Acme\n")
    orders = list(read_orders(path))
    assert [o.order_id for o in orders] == ["A1", "A2", "A1"]
    assert "not next to each other" in orders[2].errors[0].message


def test_bad_country_imo_and_number(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "o.csv",
        "order_id,buyer_name,buyer_country,vessel_imo,hs_code,quantity\n"
        "A1,Acme,Narnia,9481911,854231,ten\n",
    )
    (o,) = list(read_orders(path))
    fields = {e.field: e.message for e in o.errors}
    assert "not a known country" in fields["buyer_country"]
    assert "check digit" in fields["vessel_imo"]
    assert "'ten' is not a number" in fields["quantity"]
    assert o.parties[0].name == "Acme"  # the party is still screened by name


def test_jsonl_with_a_broken_line(tmp_path: Path) -> None:
    good = {
        "order_id": "J1",
        "buyer": {"name": "Acme", "country": "DE"},
        "lines": [{"hs_code": "854231"}],
        "route": {"port_of_loading": "IRAMD", "transit_ports": ["Baku"]},
    }
    path = write(tmp_path, "o.jsonl", json.dumps(good) + "\n{broken\n")
    reader = read_orders(path)
    (o,) = list(reader)
    assert o.parties[0].country == "DE" and o.lines[0].hs_code == "854231"
    assert o.route.port_of_loading == "IRAMD" and o.route.transit_ports == ["Baku"]
    assert reader.errors[0].line == 2 and "not valid JSON" in reader.errors[0].message


def test_json_array_over_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(orders_mod, "MAX_JSON_BYTES", 100)
    path = write(tmp_path, "o.json", json.dumps([{"order_id": str(i)} for i in range(50)]))
    with pytest.raises(InputError, match="JSON Lines"):
        list(read_orders(path))


def test_xlsx(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "orders"
    ws.append(["Order ID", "Buyer Name", "Buyer Country", "HS Code", "Value"])
    ws.append(["X1", "Acme", "DE", 854231, 1200.5])
    ws.append(["X1", "Acme", "DE", "8542.32", 10])
    path = tmp_path / "o.xlsx"
    wb.save(path)
    (o,) = list(read_orders(path))
    assert [line.hs_code for line in o.lines] == ["854231", "854232"]
    assert o.lines[0].value == 1200.5 and o.rows == [2, 3]


def test_broken_xlsx_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a workbook")
    with pytest.raises(InputError, match="not a readable Excel"):
        list(read_orders(path))


def test_csv_field_over_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(orders_mod, "MAX_FIELD_CHARS", 1000)
    path = write(tmp_path, "o.csv", 'order_id,buyer_name\nA1,"' + "x" * 5000 + '"\n')
    with pytest.raises(InputError, match="line 2"):
        list(read_orders(path))


def test_large_csv_is_streamed(tmp_path: Path) -> None:
    """Orders come out while the file is still being read (no whole-file load)."""
    path = tmp_path / "big.csv"
    with open(path, "w") as fh:
        fh.write("order_id,buyer_name,hs_code\n")
        for i in range(20000):
            fh.write(f"O{i},Buyer {i},940360\n")
    reader = read_orders(path)
    it = iter(reader)
    first = next(it)
    assert first.order_id == "O0"
    assert reader.rows_read < 5  # only what was needed to finish the first order
    assert sum(1 for _ in it) == 19999


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        read_orders(tmp_path / "nope.csv")


def test_every_accepted_column_name_is_documented() -> None:
    doc = (Path(__file__).parents[2] / "docs" / "orders.md").read_text("utf-8")
    tables = (
        orders_mod.ORDER_COLUMNS,
        orders_mod.LINE_COLUMNS,
        orders_mod.ROUTE_COLUMNS,
        orders_mod.ROLE_NAMES,
        orders_mod.PARTY_FIELDS,
    )
    for table in tables:
        for aliases in table.values():
            for alias in aliases:
                assert f"`{alias}`" in doc, alias


def test_every_shipped_rule_is_documented() -> None:
    from dualuse.rules import load_rules

    doc = (Path(__file__).parents[2] / "docs" / "rules.md").read_text("utf-8")
    for rule in load_rules().rules:
        assert f"`{rule.id}`" in doc, rule.id


def test_not_utf8_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("order_id,buyer_name\nA1,M\xfcller GmbH\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        list(read_orders(path))


def test_bytes_read_reach_the_file_size(tmp_path: Path) -> None:
    path = write(tmp_path, "o.csv", "order_id,buyer_name\nA1,Acme\nA2,Bolt\n")
    reader = read_orders(path)
    list(reader)
    assert reader.size == path.stat().st_size == reader.bytes_read
