"""``dualuse match`` on a stub store (the real store is tested elsewhere)."""

from __future__ import annotations

import json
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from dualuse.cli import match_cmd
from dualuse.matching import Matcher


class _Version:
    source = "test_list"

    def to_dict(self) -> dict[str, Any]:
        return {"source": "test_list", "version_date": "2024-01-01"}


class _Store:
    def active_versions(self) -> list[_Version]:
        return [_Version()]


@pytest.fixture()
def app(matcher: Matcher, monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    import dualuse.matching
    import dualuse.store

    monkeypatch.setattr(dualuse.store, "open_store", lambda: _Store())
    monkeypatch.setattr(dualuse.matching, "get_matcher", lambda _store: matcher)
    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """test root"""

    match_cmd.register(app)
    return app


def test_match_json(app: typer.Typer) -> None:
    res = CliRunner().invoke(
        app, ["match", "Sergei Ivanoff", "--schema", "Person", "--dob", "1965", "--json"]
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["hits"][0]["entity_id"] == "p-ivanov"
    assert data["hits"][0]["programs"] == ["RUSSIA-EO14024"]
    assert {f["name"] for f in data["hits"][0]["features"]} >= {"name", "birth_date"}
    assert data["list_versions"] == [{"source": "test_list", "version_date": "2024-01-01"}]


def test_match_table_and_no_match(app: typer.Typer) -> None:
    res = CliRunner().invoke(app, ["match", "Caspian Star", "--id", "IMO9184691"])
    assert res.exit_code == 0 and "v-caspian" in res.output
    res = CliRunner().invoke(app, ["match", "Nobody Atall"])
    assert res.exit_code == 0 and "No match" in res.output
