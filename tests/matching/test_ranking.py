"""The candidate index's last step: names summed, ranked and cut, in numpy and in C.

``top_names_numpy`` is the definition; the C build (``_ranking.c``) must give the same
list to the bit, over generated inputs with ties, common postings and every limit, and
must never run stale: a build of another ``_ranking.c`` is passed over, loudly.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dualuse
from dualuse.matching import _native
from dualuse.matching import index as index_module
from dualuse.matching.index import top_names_numpy

in_use = index_module.top_names
compiled_top_names = None if in_use is top_names_numpy else in_use
needs_c = pytest.mark.skipif(
    compiled_top_names is None,
    reason=f"the candidate ranking is numpy here ({_native.ranking_reason}): nothing to compare",
)


def _ids(*values: int) -> np.ndarray:
    return np.asarray(values, dtype=np.int32)


def _weights(*values: float) -> np.ndarray:
    return np.asarray(values, dtype=np.float32)


# -- what the ranking is -------------------------------------------------------------


def test_a_name_reached_by_more_of_the_query_ranks_higher() -> None:
    name_weight = _weights(2.0, 2.0, 2.0)
    parts = [_ids(0, 1), _ids(1)]  # name 1 is reached by both query words
    got = top_names_numpy(parts, [_weights(1.0, 1.0), _weights(1.0)], [], name_weight, 2.0, 3)
    assert [n for n, _ in got] == [1, 0]
    assert got[0][1] == pytest.approx(1.0)  # all of the query, nothing of the name left over
    # name 0: half the query, and 1.0 of its own weight unreached: 1 / (2 + 0.5)
    assert got[1][1] == pytest.approx(1.0 / 2.5)


def test_words_of_the_name_the_query_did_not_reach_lower_its_rank() -> None:
    name_weight = _weights(1.0, 5.0)  # name 1 has more words besides the one reached
    got = top_names_numpy([_ids(0, 1)], [_weights(1.0, 1.0)], [], name_weight, 1.0, 2)
    assert [n for n, _ in got] == [0, 1]
    assert got[1][1] == pytest.approx(1.0 / (1.0 + 0.5 * 4.0))


def test_names_tied_with_the_last_kept_are_kept_up_to_twice_the_limit() -> None:
    # the same name listed by several publishers ranks the same: none may lose its place
    name_weight = _weights(*[1.0] * 8)
    ids = _ids(7, 3, 5, 0, 6, 1, 2, 4)
    best = _weights(1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0)  # name 4 is best
    got = top_names_numpy([ids], [best], [], name_weight, 2.0, 2)
    assert [n for n, _ in got] == [4, 0, 1, 2]  # 4, then the ties by name number, cut at 4
    got = top_names_numpy([ids], [best], [], name_weight, 2.0, 1)
    assert [n for n, _ in got] == [4]  # nothing is tied with the best


def test_a_common_word_adds_only_to_names_already_reached() -> None:
    name_weight = _weights(2.0, 2.0, 2.0, 2.0)
    common = [(_ids(0, 1, 2, 3), 1.0)]
    got = top_names_numpy([_ids(2, 3)], [_weights(1.0, 1.0)], common, name_weight, 2.0, 10)
    assert sorted(n for n, _ in got) == [2, 3]  # 0 and 1 have only the common word
    assert all(rank == pytest.approx(1.0) for _, rank in got)


def test_nothing_reached_or_no_room_is_no_candidate() -> None:
    assert top_names_numpy([], [], [], _weights(1.0), 1.0, 5) == []
    assert top_names_numpy([_ids(0)], [_weights(1.0)], [], _weights(1.0), 1.0, 0) == []


# -- the C build gives the same --------------------------------------------------------


@st.composite
def ranking_inputs(draw: st.DrawFn) -> tuple[list, list, list, np.ndarray, float, int]:
    n_names = draw(st.integers(1, 400))
    # few distinct weights: many ties, at the cut too
    weight = st.sampled_from([0.25, 0.5, 0.7, 1.0, 1.3862944, 2.5, 3.0])
    parts_ids, parts_w = [], []
    for _ in range(draw(st.integers(1, 6))):
        ids = draw(st.lists(st.integers(0, n_names - 1), min_size=1, max_size=60, unique=True))
        parts_ids.append(np.asarray(ids, dtype=np.int32))
        parts_w.append(np.asarray([draw(weight) for _ in ids], dtype=np.float32))
    common = []
    for _ in range(draw(st.integers(0, 2))):
        post = sorted(draw(st.sets(st.integers(0, n_names - 1), min_size=1, max_size=400)))
        common.append((np.asarray(post, dtype=np.int32), draw(weight) * 0.5))
    name_weight = np.asarray(
        [draw(st.sampled_from([0.0, 1.0, 2.5, 4.0, 7.75])) for _ in range(n_names)],
        dtype=np.float32,
    )
    q_total = draw(st.sampled_from([0.0, 1.0, 3.3, 9.5]))
    limit = draw(st.integers(0, 40))
    return parts_ids, parts_w, common, name_weight, q_total, limit


@needs_c
@settings(max_examples=400, deadline=None)
@given(ranking_inputs())
def test_the_c_build_ranks_as_numpy_does(args: tuple) -> None:
    assert compiled_top_names is not None
    assert compiled_top_names(*args) == top_names_numpy(*args)


@needs_c
def test_the_c_build_ranks_long_common_postings_as_numpy_does() -> None:
    # a common posting much longer than the names reached: looked up the other way round
    rng = np.random.default_rng(7)
    name_weight = rng.choice([1.0, 2.0, 3.0], 50_000).astype(np.float32)
    parts = [np.unique(rng.integers(0, 50_000, 300)).astype(np.int32) for _ in range(3)]
    weights = [
        np.full(len(p), w, dtype=np.float32) for p, w in zip(parts, (1.0, 0.7, 2.0), strict=True)
    ]
    common = [(np.unique(rng.integers(0, 50_000, 30_000)).astype(np.int32), 0.25)]
    args = (parts, weights, common, name_weight, 4.0, 15)
    assert compiled_top_names is not None
    assert compiled_top_names(*args) == top_names_numpy(*args)


@needs_c
def test_the_c_build_names_what_is_wrong_with_its_input() -> None:
    assert compiled_top_names is not None
    nw = _weights(1.0, 1.0)
    with pytest.raises(TypeError, match="part's weights must be a one-dimensional float32"):
        compiled_top_names([_ids(0)], [np.ones(1)], [], nw, 1.0, 1)  # float64
    with pytest.raises(IndexError, match="name number 5 is outside name_weight"):
        compiled_top_names([_ids(5)], [_weights(1.0)], [], nw, 1.0, 1)
    with pytest.raises(ValueError, match="names and weights differ in length"):
        compiled_top_names([_ids(0, 1)], [_weights(1.0)], [], nw, 1.0, 1)


# -- never a stale build ---------------------------------------------------------------


def _source(tmp_path: Path, text: bytes = b"/* C */") -> tuple[Path, str]:
    source = tmp_path / _native.RANKING_SOURCE
    source.write_bytes(text)
    return source, hashlib.sha256(text).hexdigest()


def test_a_build_of_the_source_beside_it_is_chosen(tmp_path: Path) -> None:
    source, digest = _source(tmp_path)
    choice = _native.choose_ranking(source, digest, forced_pure=False)
    assert choice.compiled and not choice.warn


def test_a_build_of_an_edited_source_is_passed_over_loudly(tmp_path: Path) -> None:
    source, digest = _source(tmp_path)
    source.write_bytes(b"/* C, edited */")
    choice = _native.choose_ranking(source, digest, forced_pure=False)
    assert not choice.compiled and choice.warn and "edited since?" in choice.reason


def test_no_build_or_pure_python_forced_means_numpy(tmp_path: Path) -> None:
    source, digest = _source(tmp_path)
    assert not _native.choose_ranking(source, None, forced_pure=False).warn
    assert not _native.choose_ranking(source, None, forced_pure=False).compiled
    assert not _native.choose_ranking(source, digest, forced_pure=True).compiled


def test_an_install_without_the_source_uses_the_build(tmp_path: Path) -> None:
    choice = _native.choose_ranking(tmp_path / "missing.c", "ab" * 32, forced_pure=False)
    assert choice.compiled and "unchecked" in choice.reason


PROBE = "import dualuse.matching.index as i; print(i.top_names is i.top_names_numpy)"


def _numpy_in_use(root: Path, **env: str) -> tuple[bool, str]:
    """(numpy ranking in use?, stderr) in a new interpreter on the package at ``root``."""
    base = {k: v for k, v in os.environ.items() if k != _native.ENV}
    proc = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=root,
        env={**base, "PYTHONPATH": str(root), **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return proc.stdout.strip() == "True", proc.stderr


@needs_c
def test_the_real_build_is_used_until_its_source_is_edited(tmp_path: Path) -> None:
    src = Path(dualuse.__file__).parent
    shutil.copytree(src, tmp_path / "dualuse", ignore=shutil.ignore_patterns("__pycache__"))
    numpy_used, err = _numpy_in_use(tmp_path)
    assert not numpy_used and _native.RANKING_MODULE not in err
    assert _numpy_in_use(tmp_path, **{_native.ENV: "1"})[0]
    with (tmp_path / "dualuse" / "matching" / _native.RANKING_SOURCE).open("a") as fh:
        fh.write("\n/* edited after the build */\n")
    numpy_used, err = _numpy_in_use(tmp_path)
    assert numpy_used and "built from another _ranking.c" in err
