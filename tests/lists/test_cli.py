"""``dualuse lists``, ``lists diff`` and ``entity`` on the shipped snapshot."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dualuse.cli.main import app

runner = CliRunner()
FIXTURES = Path(__file__).parent.parent / "fixtures"


def test_lists_json_names_every_shipped_source(snapshot_data_dir, monkeypatch):
    monkeypatch.setenv("DUALUSE_DATA_DIR", str(snapshot_data_dir))
    result = runner.invoke(app, ["lists", "--json"])
    assert result.exit_code == 0, result.output
    lists = {v["source"]: v for v in json.loads(result.output)["lists"]}
    # Counts as the README of the source files gives them (CSL: Treasury and DPL rows
    # are left to the OFAC and DPL files: 2,001 EL + 727 ITAR + 201 UVL + 163 ISN + 71 MEU).
    assert lists["ofac_sdn"]["party_count"] == 14965
    assert lists["ofac_sdn"]["version_date"] == "2024-05-03"
    assert lists["ofac_cons"]["counts"]["Person"] == 80
    assert lists["ofac_cons"]["party_count"] == 443
    assert lists["un_sc"]["counts"]["Person"] == 730
    assert lists["un_sc"]["party_count"] == 1003
    assert lists["us_csl"]["party_count"] == 3163
    assert lists["bis_dpl"]["party_count"] == 459
    assert all(len(v["checksum"]) == 64 and v["in_use"] for v in lists.values())


def test_lists_table_shows_dates(snapshot_data_dir, monkeypatch):
    monkeypatch.setenv("DUALUSE_DATA_DIR", str(snapshot_data_dir))
    result = runner.invoke(app, ["lists"])
    assert result.exit_code == 0
    assert "2024-05-03" in result.output and "ofac_sdn" in result.output


def test_entity_shows_values_and_provenance(snapshot_data_dir, monkeypatch):
    monkeypatch.setenv("DUALUSE_DATA_DIR", str(snapshot_data_dir))
    result = runner.invoke(app, ["entity", "ofac-sdn-16418", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["caption"] == "QODS AVIATION INDUSTRIES"
    assert data["provenance"]["list_version"] == "ofac_sdn@2024-05-03"
    assert data["provenance"]["source_entry_id"] == "ofac-sdn-16418"
    values = {(v["prop"], v["value"]) for v in data["values"]}
    assert ("registrationNumber", "483250") in values
    schemata = {r["schema"] for r in data["related"]}
    assert {"Sanction", "UnknownLink"} <= schemata


def test_unknown_entity_is_a_clear_error(snapshot_data_dir, monkeypatch):
    monkeypatch.setenv("DUALUSE_DATA_DIR", str(snapshot_data_dir))
    result = runner.invoke(app, ["entity", "ofac-sdn-0"])
    assert result.exit_code != 0
    assert "no entity 'ofac-sdn-0'" in str(result.exception)


def test_diff_of_two_files(tmp_path):
    header = (FIXTURES / "update" / "dpl_40.txt").read_text().splitlines()
    old = tmp_path / "old.txt"
    new = tmp_path / "new.txt"
    old.write_text("\n".join(header[:21]) + "\n")
    new.write_text("\n".join(header[:1] + header[3:25]) + "\n")
    result = runner.invoke(
        app, ["lists", "diff", str(old), str(new), "--source", "bis_dpl", "--json"]
    )
    assert result.exit_code == 0, result.output
    delta = json.loads(result.output)
    assert delta["counts"]["removed"] >= 1 and delta["counts"]["added"] >= 1
