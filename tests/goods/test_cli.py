from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dualuse.cli.main import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["goods", *args])


def test_code_hit_exit_1_and_json_shape() -> None:
    res = run("8542.31", "--json")
    assert res.exit_code == 1
    data = json.loads(res.stdout)
    hit = data["hits"][0]
    for key in ("list", "code", "tier", "source", "reason"):
        assert key in hit
    assert (hit["list"], hit["code"], hit["tier"]) == ("CHPL", "854231", "1")


def test_part_hit() -> None:
    res = run("--part", "TMS320F28335PGFA", "--json")
    assert res.exit_code == 1
    assert json.loads(res.stdout)["hits"][0]["list"] == "DRONE-COMPONENTS"


def test_describe_ranked_with_code_and_confidence() -> None:
    res = run("--describe", "GNSS module", "--json")
    assert res.exit_code == 1
    data = json.loads(res.stdout)
    confs = [c["confidence"] for c in data["candidates"]]
    assert confs == sorted(confs, reverse=True)
    assert data["candidates"][0]["code"] == "852691"
    assert data["hits"][0]["code"] == "852691" and data["hits"][0]["confidence"] > 0


def test_no_hit_exit_0() -> None:
    assert run("8507.60").exit_code == 0
    assert run("--part", "LM358DR").exit_code == 0
    assert run("--manufacturer", "Analog Devices").exit_code == 0


def test_bad_input_exit_2() -> None:
    res = run("85423")
    assert res.exit_code == 2
    assert "has 5 digits; expected 6, 8 or 10" in res.output
    assert run("abcdef").exit_code == 2
    assert run("--describe", "  ").exit_code == 2
    assert run().exit_code == 2
    bad = run("85423", "--json")
    assert json.loads(bad.stdout)["error"] == "invalid_input"


def test_table_option(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("list,code,source\nMY-LIST,8507.60,internal\n", encoding="utf-8")
    assert run("8507.60", "--table", str(table)).exit_code == 1
    table.write_text("list,code,source\nMY-LIST,85076,internal\n", encoding="utf-8")
    res = run("8507.60", "--table", str(table))
    assert res.exit_code == 2 and ":2" in res.output


def test_human_output_mentions_tier_meaning() -> None:
    res = run("8526.91")
    assert res.exit_code == 1
    assert "highest priority" in res.output


def test_tiers_explained() -> None:
    res = run("--tiers", "--json")
    assert res.exit_code == 0
    tiers = json.loads(res.stdout)["chpl_tiers"]
    assert list(tiers) == ["1", "2", "3.A", "3.B", "4.A", "4.B"]
    assert "highest priority" in tiers["1"] and "highest priority" in tiers["2"]
    assert "highest priority" not in tiers["3.A"]


def test_heading_query() -> None:
    res = run("8541", "--json")
    assert res.exit_code == 1
    data = json.loads(res.stdout)
    assert {h["code"] for h in data["hits"]} >= {"854110", "854160"}
    assert data["subheadings"]
