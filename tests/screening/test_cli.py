"""``dualuse screen | history | review | rescreen`` end to end on a small real store
(SDN excerpt), the real matcher and the real goods screening."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from dualuse.audit import AuditLog
from dualuse.cli import screen_cmd
from dualuse.errors import InputError
from dualuse.matching import Matcher
from dualuse.store import Store
from tests.screening.conftest import load_sdn

ORDERS = (
    "order_id,customer_id,end_use,buyer_name,buyer_country,buyer_website,end_user_name,"
    "end_user_country,hs_code,description,port_of_loading,port_of_discharge\n"
    "OK-1,K1,Packaging lines,Plain Machines GmbH,DE,https://plain.example,Plain Machines GmbH,DE,"
    "940360,Wooden desks,,\n"
    "BAD-1,K2,Charter,Emperor Aviation Limited,MT,,Emperor Aviation Limited,MT,"
    "854231,Microcontroller,Bandar Amirabad,Makhachkala\n"
)


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    load_sdn(store, "2024-05-02")
    state: dict[str, Any] = {"store": store}

    def backend(no_audit: bool) -> tuple[Any, Any, Any]:
        s = state["store"]
        return s, Matcher.build(s.iter_entities()), None if no_audit else AuditLog(s)

    monkeypatch.setattr(screen_cmd, "_backend", backend)
    monkeypatch.setattr("dualuse.store.open_store", lambda *a, **k: state["store"])
    application = typer.Typer()
    screen_cmd.register(application)
    application.state = state  # type: ignore[attr-defined]
    return application


def orders_file(tmp_path: Path, text: str = ORDERS) -> Path:
    path = tmp_path / "orders.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_screen_json_exit_1_and_audit(app: typer.Typer, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "r.json"
    res = runner.invoke(app, ["screen", str(orders_file(tmp_path)), "-f", "json", "-o", str(out)])
    assert res.exit_code == 1, res.output
    data = json.loads(out.read_text())
    by_id = {r["order_id"]: r for r in data}
    assert by_id["OK-1"]["decision"] == "clear"
    bad = by_id["BAD-1"]
    assert bad["decision"] == "block"
    rules = {r["rule_id"] for r in bad["reasons"]}
    assert {"LIST-01", "ROUTE-02", "CHPL-02"} <= rules
    assert bad["list_versions"][0]["version_date"] == "2024-05-02"

    hist = runner.invoke(app, ["history", "--json", "--decision", "block"])
    assert hist.exit_code == 0
    assert [r["order_id"] for r in json.loads(hist.stdout)] == ["BAD-1"]

    hit = next(h for h in bad["party_hits"] if h["entity_id"] == "ofac-sdn-38556")
    rev = runner.invoke(
        app, ["review", hit["hit_id"], "--false-positive", "--reason", "other firm", "--by", "dana"]
    )
    assert rev.exit_code == 0 and "dana" in rev.output
    again = runner.invoke(app, ["screen", str(orders_file(tmp_path)), "-f", "json"])
    second = {r["order_id"]: r for r in json.loads(again.stdout)}["BAD-1"]
    assert (
        next(h for h in second["party_hits"] if h["entity_id"] == "ofac-sdn-38556")["status"]
        == "reviewed_false_positive"
    )

    # delisting between 2024-05-02 and 2024-05-03: rescreen reports it once
    load_sdn(app.state["store"], "2024-05-03")  # type: ignore[attr-defined]
    first = runner.invoke(app, ["rescreen", "--json"])
    assert first.exit_code == 1
    assert [(i["change"], i["entity_id"]) for i in json.loads(first.stdout)["items"]] == [
        ("delisted", "ofac-sdn-38556")
    ]
    assert runner.invoke(app, ["rescreen", "--json"]).exit_code == 0


def test_screen_all_clear_exit_0(app: typer.Typer, tmp_path: Path) -> None:
    text = ORDERS.split("BAD-1")[0].rstrip("\n") + "\n"
    res = CliRunner().invoke(app, ["screen", str(orders_file(tmp_path, text)), "-f", "csv"])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(res.stdout.splitlines()[:2]))
    assert rows[0]["decision"] == "clear"


def test_bad_input_exit_2_rest_still_screened(app: typer.Typer, tmp_path: Path) -> None:
    text = ORDERS.replace("940360", "94036")
    out = tmp_path / "r.jsonl"
    res = CliRunner().invoke(
        app, ["screen", str(orders_file(tmp_path, text)), "-f", "jsonl", "-o", str(out)]
    )
    assert res.exit_code == 2
    results = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["order_id"] for r in results] == ["OK-1", "BAD-1"]
    ok = results[0]
    assert ok["decision"] == "review"  # incomplete order is held (DATA-01)
    assert ok["input_errors"][0]["line"] == 2 and ok["input_errors"][0]["field"] == "hs_code"


def test_table_and_html(app: typer.Typer, tmp_path: Path) -> None:
    html = tmp_path / "report.html"
    res = CliRunner().invoke(app, ["screen", str(orders_file(tmp_path)), "--html", str(html)])
    assert res.exit_code == 1
    assert "BAD-1" in res.output and "block" in res.output
    # reasons are plain text in the table: the severity and the entity id in square
    # brackets are shown, not taken for console markup
    text = " ".join(res.output.split())
    assert "[block] LIST-01" in text or "[block] LIST-02" in text
    assert "[ofac-sdn-" in text
    page = html.read_text()
    assert page.startswith("<!DOCTYPE html>") and "BAD-1" in page and "ofac_sdn" in page


def test_missing_file_is_bad_input(app: typer.Typer, tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["screen", str(tmp_path / "none.csv")])
    assert isinstance(res.exception, InputError)
