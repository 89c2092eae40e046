"""The list store: versions, atomic swaps, refusals that keep the version in use."""

from __future__ import annotations

import pytest
from followthemoney import StatementEntity

from dualuse.errors import NotFoundError, UpdateError
from dualuse.lists.diff import diff_versions
from dualuse.sources.base import ParsedList, make_dataset


def make_list(names: dict[str, str], checksum: str, date: str = "2024-05-03") -> ParsedList:
    ds = make_dataset("test_list")
    entities = []
    for entity_id, name in names.items():
        ent = StatementEntity(ds, {"id": entity_id, "schema": "Company"})
        ent.add("name", name)
        ent.add("country", "ir")
        entities.append(ent)
        sanction = StatementEntity(ds, {"id": f"{entity_id}-sanction", "schema": "Sanction"})
        sanction.add("entity", entity_id)
        sanction.add("program", "IRAN-CON-ARMS-EO")
        entities.append(sanction)
    return ParsedList("test_list", date, checksum, ["list.csv"], entities)


BASE = {"t-1": "QODS AVIATION INDUSTRIES", "t-2": "SHAHED AVIATION INDUSTRIES", "t-3": "KIMIA PART"}


def test_load_makes_the_version_in_use_with_counts(store):
    result = store.load(make_list(BASE, "a" * 64), title="Test list")
    version = result.version
    assert version.in_use and version.party_count == 3
    assert version.counts == {"Company": 3, "Sanction": 3}
    assert [v.label for v in store.active_versions()] == ["test_list@2024-05-03"]
    names = sorted(e.caption for e in store.iter_entities(schemata=["Company"]))
    assert names == sorted(BASE.values())


def test_entity_keeps_values_and_provenance(store):
    store.load(make_list(BASE, "a" * 64))
    entity, version = store.get_entity("t-1")
    assert entity.get("name") == ["QODS AVIATION INDUSTRIES"]
    assert entity.get("country") == ["ir"]
    assert version.source == "test_list" and version.checksum == "a" * 64
    with pytest.raises(NotFoundError, match="no entity 'nope'"):
        store.get_entity("nope")


def test_same_checksum_is_a_no_op(store):
    first = store.load(make_list(BASE, "a" * 64)).version
    again = store.load(make_list(BASE, "a" * 64))
    assert again.unchanged and again.version.id == first.id
    assert len(store.versions("test_list")) == 1


def test_new_version_swaps_and_diff_reports_changes(store):
    old = store.load(make_list(BASE, "a" * 64, "2024-05-02")).version
    changed = dict(BASE)
    del changed["t-3"]
    changed["t-2"] = "SHAHED AVIATION INDUSTRIES RESEARCH CENTER"
    changed["t-4"] = "NEW CO"
    new = store.load(make_list(changed, "b" * 64)).version
    assert [v.id for v in store.active_versions()] == [new.id]
    assert not store.version(old.id).in_use
    delta = diff_versions(store, old.id, new.id)
    assert [i for i, _ in delta.added] == ["t-4"]
    assert [i for i, _ in delta.removed] == ["t-3"]
    assert [i for i, _ in delta.changed] == ["t-2"]
    assert store.get_content_hash("t-3") is None


def test_count_drop_is_refused_and_old_version_stays(store):
    old = store.load(make_list(BASE, "a" * 64)).version
    with pytest.raises(UpdateError, match=r"fell from 3 to 1 \(67%\)"):
        store.load(make_list({"t-1": "QODS"}, "c" * 64), max_drop=0.2)
    assert [v.id for v in store.active_versions()] == [old.id]
    assert len(store.versions()) == 1
    assert store.entity_count() == 6


def test_duplicate_ids_store_nothing(store):
    broken = make_list(BASE, "d" * 64)
    broken.entities.append(broken.entities[0])
    with pytest.raises(UpdateError, match="'t-1' is missing or repeated"):
        store.load(broken)
    assert store.versions() == [] and store.entity_count() == 0


def test_empty_list_is_refused(store):
    with pytest.raises(UpdateError, match="no listed parties"):
        store.load(ParsedList("test_list", None, "e" * 64, ["x"], []))
    assert store.active_versions() == []


def test_old_versions_keep_rows_but_lose_entities(store):
    ids = []
    for n in range(5):
        names = dict(BASE, **{f"t-x{n}": f"EXTRA {n}"})
        ids.append(store.load(make_list(names, str(n) * 64)).version.id)
    assert len(store.versions("test_list")) == 5
    assert store.entity_hashes(ids[0]) == {}
    assert len(store.entity_hashes(ids[-1])) == 8


def test_versions_key_changes_with_the_versions_in_use(store):
    store.load(make_list(BASE, "a" * 64))
    key = store.versions_key()
    assert key == store.versions_key()
    store.load(make_list(dict(BASE, x="Y"), "b" * 64))
    assert store.versions_key() != key
