"""get_matcher keeps the index on disk, keyed by the store's list versions."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from followthemoney import StatementEntity

from dualuse.matching import PartyQuery, get_matcher


@dataclass
class _Version:
    source: str
    label: str


class FakeStore:
    """The three Store methods get_matcher uses (see notes/interfaces.md)."""

    def __init__(self, key: str, entities: list[StatementEntity]) -> None:
        self.key = key
        self.entities = entities
        self.reads = 0

    def versions_key(self) -> str:
        return self.key

    def active_versions(self) -> list[_Version]:
        return [_Version("test_list", "test_list@2024-01-01")]

    def iter_entities(self) -> Iterator[StatementEntity]:
        self.reads += 1
        yield from self.entities


def test_index_is_built_once_and_reloaded(tmp_path: Path, entities: list[StatementEntity]) -> None:
    store = FakeStore("v1", entities)
    first = get_matcher(store, tmp_path)  # type: ignore[arg-type]
    assert store.reads == 1
    assert len(list(tmp_path.glob("match-index-v1-*.pkl"))) == 1
    again = get_matcher(store, tmp_path)  # type: ignore[arg-type]
    assert store.reads == 1  # loaded, not rebuilt
    q = PartyQuery("Sergey Ivanov", "Person")
    assert [h.to_dict() for h in again.match(q)] == [h.to_dict() for h in first.match(q)]
    assert again.match(q)[0].list_version == "test_list@2024-01-01"


def test_new_versions_replace_the_old_index(
    tmp_path: Path, entities: list[StatementEntity]
) -> None:
    get_matcher(FakeStore("v1", entities), tmp_path)  # type: ignore[arg-type]
    get_matcher(FakeStore("v2", entities), tmp_path)  # type: ignore[arg-type]
    names = sorted(p.name for p in tmp_path.glob("match-index-*.pkl"))
    assert len(names) == 1 and names[0].startswith("match-index-v2-")


def test_index_built_with_worker_processes_is_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    from dualuse.matching import index as index_mod
    from dualuse.matching.index import CandidateIndex, EntityRecord

    monkeypatch.setattr(index_mod, "PARALLEL_MIN_NAMES", 1)
    records = [
        EntityRecord(f"e{i}", "Person" if i % 2 else "Company", f"n{i}", "t", names)
        for i, names in enumerate(
            [["John Smith"], ["Romashka OOO", "ООО Ромашка"], ["Ali Reza Parsa"]] * 30
        )
    ]
    serial = CandidateIndex.build(records)
    forked = CandidateIndex.build(records, workers=2)
    assert forked.name_forms == serial.name_forms
    assert forked.tokens == serial.tokens and forked.delete_map == serial.delete_map
    assert forked.key_map == serial.key_map  # variant keys computed in the workers too
    assert (forked.name_entity == serial.name_entity).all()


def test_the_garbage_collector_is_paused_only_while_an_index_is_built(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gc

    from dualuse.matching.index import CandidateIndex, EntityRecord

    seen: list[bool] = []
    real = CandidateIndex._build.__func__  # type: ignore[attr-defined]

    def spy(cls: type[CandidateIndex], entities: list[EntityRecord], workers: int):
        seen.append(gc.isenabled())
        if not entities:
            raise RuntimeError("no entities")
        return real(cls, entities, workers)

    monkeypatch.setattr(CandidateIndex, "_build", classmethod(spy))
    assert gc.isenabled()
    index = CandidateIndex.build([EntityRecord("e", "Person", "John Smith", "t", ["John Smith"])])
    assert index.tokens == ["john", "smith"] and seen == [False] and gc.isenabled()
    with pytest.raises(RuntimeError):
        CandidateIndex.build([])
    assert seen == [False, False] and gc.isenabled()  # restored after a failed build too
    gc.disable()
    try:
        CandidateIndex.build([EntityRecord("e", "Person", "John Smith", "t", ["John Smith"])])
        assert not gc.isenabled()  # a caller's own setting is left as it was
    finally:
        gc.enable()


def test_an_index_built_under_another_string_hash_seed_is_the_same(tmp_path: Path) -> None:
    """Token numbers and name weights must not follow a set's order (PYTHONHASHSEED)."""
    import os
    import pickle
    import subprocess
    import sys

    script = (
        "import pickle, sys\n"
        "from dualuse.matching.index import CandidateIndex, EntityRecord\n"
        "names = ['Ali Reza Parsa Kala', 'Romashka Trading OOO', 'John Robert Smith']\n"
        "recs = [EntityRecord(f'e{i}', 'Person', n, 't', [n]) for i, n in enumerate(names)]\n"
        "idx = CandidateIndex.build(recs)\n"
        "sys.stdout.buffer.write(pickle.dumps((idx.tokens, idx.name_weight.tolist())))\n"
    )
    runs = [
        pickle.loads(
            subprocess.run(
                [sys.executable, "-c", script],
                env={**os.environ, "PYTHONHASHSEED": seed},
                capture_output=True,
                check=True,
                cwd=tmp_path,
            ).stdout
        )
        for seed in ("1", "2", "3")
    ]
    assert runs[0] == runs[1] == runs[2]
    assert runs[0][0][:4] == ["ali", "reza", "parsa", "kala"]
