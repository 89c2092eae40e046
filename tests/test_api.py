"""The public Python API reaches the real store, matcher and goods screening."""

from __future__ import annotations

import pytest

import dualuse
from dualuse import api


@pytest.fixture
def snapshot_api(snapshot_data_dir, monkeypatch):
    monkeypatch.setenv("DUALUSE_DATA_DIR", str(snapshot_data_dir))
    api.default_store.cache_clear()
    api._matchers.clear()
    yield
    api.default_store.cache_clear()
    api._matchers.clear()


def test_match_finds_the_drone_maker_under_another_spelling(snapshot_api):
    hits = dualuse.match("Ghods Aviation Industries")
    assert hits and hits[0].entity_id == "ofac-sdn-16418"
    assert hits[0].score >= hits[0].threshold
    assert any(f.name == "name" and f.reason for f in hits[0].features)


def test_the_matcher_is_loaded_once_per_list_versions(snapshot_api):
    dualuse.match("Ghods Aviation Industries")
    first = api.default_matcher()
    dualuse.match("Shahed Aviation Industries")
    assert api.default_matcher() is first
    assert list(api._matchers) == [api.default_store().versions_key()]


def test_match_of_an_unlisted_name_is_empty(snapshot_api):
    assert dualuse.match("Bäckerei Sonnenschein Feinbackwaren", schema="Organization") == []


def test_goods_through_the_package(snapshot_api):
    hits = dualuse.screen_goods(code="8542.31.0000").hits
    assert [(h.list, h.tier) for h in hits if h.list == "CHPL"] == [("CHPL", "1")]


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = dualuse.nope  # type: ignore[attr-defined]
