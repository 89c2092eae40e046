"""The shipped snapshot: every file is there, intact, dated and traced to its origin."""

from __future__ import annotations

import gzip
from importlib import resources

import pytest

from dualuse.errors import ParseError
from dualuse.lists import snapshot
from dualuse.lists.snapshot import SNAPSHOT_PACKAGE, extract, manifest


def test_manifest_names_the_required_sources_with_dates():
    entries = {e.source: e for e in manifest()}
    assert {"ofac_sdn", "ofac_cons", "un_sc", "us_csl", "bis_dpl"} <= set(entries)
    assert entries["ofac_sdn"].version_date == "2024-05-03"
    for entry in entries.values():
        assert entry.version_date[:2] == "20" and len(entry.version_date) == 10
        for item in entry.files:
            assert item["origin"].startswith("shared/data/lists/")


def test_every_shipped_file_extracts_and_matches_its_checksum(tmp_path):
    for entry in manifest():
        folder = tmp_path / entry.source
        folder.mkdir()
        paths = extract(entry, folder)
        assert [p.name for p in paths] == [f["name"] for f in entry.files]
        assert all(p.stat().st_size > 10_000 for p in paths)


def test_the_sdn_snapshot_carries_the_drone_network(tmp_path):
    entry = next(e for e in manifest() if e.source == "ofac_sdn")
    (path,) = extract(entry, tmp_path)
    text = path.read_bytes().decode("utf-8", "replace")
    for name in (
        "QODS AVIATION INDUSTRIES",
        "SHAHED AVIATION INDUSTRIES RESEARCH CENTER",
        "924TH STATE CENTER FOR UAV AVIATION",
    ):
        assert name in text
    assert text.rstrip("\r\n").endswith("\x1a")


def test_a_damaged_snapshot_file_is_refused(tmp_path, monkeypatch):
    entry = manifest()[0]
    real = resources.files(SNAPSHOT_PACKAGE).joinpath(entry.files[0]["path"]).read_bytes()
    damaged = tmp_path / "damaged.gz"
    damaged.write_bytes(gzip.compress(gzip.decompress(real)[:-100]))

    class Files:
        def joinpath(self, _name: str):
            return damaged

    monkeypatch.setattr(snapshot.resources, "files", lambda _pkg: Files())
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ParseError, match="is damaged"):
        extract(entry, out)
