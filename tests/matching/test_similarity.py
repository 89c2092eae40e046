"""The word similarities under the name alignment, and the shortcuts taken to them.

names.py computes rapidfuzz's normalized similarities from the distances, turns
away joined-word pairs by their lengths and ends before any distance is computed,
and keeps token similarities in rows shared between queries. Each shortcut must
give what the plain definition gives.
"""

from __future__ import annotations

from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA, Levenshtein

from dualuse.matching import names as in_use
from dualuse.normalize import variant_key
from tests.modules import module_from_file

LETTERS = "abdehiklmnorstyz"
words = st.text(alphabet=LETTERS, min_size=0, max_size=16)


@pytest.fixture
def pure() -> ModuleType:
    """A fresh names.py loaded from its file (its settings can be changed for a test)."""
    path = in_use.__file__.rsplit("/", 1)[0] + "/names.py"
    return module_from_file("dualuse_test_names_similarity", path)


@settings(max_examples=500, deadline=None)
@given(a=words, b=words)
def test_osa_similarity_is_rapidfuzzs_normalized_similarity(a: str, b: str) -> None:
    assert in_use._osa_similarity(a, b) == OSA.normalized_similarity(a, b)


@settings(max_examples=300, deadline=None)
@given(a=words, b=words)
def test_skeleton_similarity_follows_its_definition(a: str, b: str) -> None:
    if a == b:
        want = 1.0 if a else 0.0
    elif not a or not b:
        want = 0.0
    else:
        sim = Levenshtein.normalized_similarity(a, b) - (0.2 if min(len(a), len(b)) <= 2 else 0)
        want = sim if sim >= 0.6 else 0.0
    assert in_use.skeleton_similarity(a, b) == want


def _joined_by_definition(a: str, b: str, c: str) -> float:
    if len(a) < 5 or abs(len(a) - len(b) - len(c)) > 2:
        return 0.0
    ka, kb, kc = variant_key(a), variant_key(b), variant_key(c)
    best = max(
        OSA.normalized_similarity(a, b + c),
        OSA.normalized_similarity(a, c + b),
        OSA.normalized_similarity(ka, kb + kc),
        OSA.normalized_similarity(ka, kc + kb),
    )
    return best if best >= 0.85 else 0.0


def _typo(data: st.DataObject, word: str) -> str:
    if not word:
        return word
    i = data.draw(st.integers(0, len(word) - 1))
    kind = data.draw(st.sampled_from(("drop", "swap", "change", "add", "none")))
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "swap" and i + 1 < len(word):
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "change":
        return word[:i] + data.draw(st.sampled_from(LETTERS)) + word[i + 1 :]
    if kind == "add":
        return word[:i] + data.draw(st.sampled_from(LETTERS)) + word[i:]
    return word


@settings(max_examples=600, deadline=None)
@given(data=st.data(), b=words, c=words)
def test_the_joined_word_shortcuts_never_turn_a_pair_away(
    data: st.DataObject, b: str, c: str
) -> None:
    """Lengths and ends reject most pairs early; what they keep is the definition's."""
    whole = _typo(data, _typo(data, data.draw(st.sampled_from((b + c, c + b)))))
    for a in (whole, data.draw(words)):
        assert in_use._joined_similarity(a, b, c) == _joined_by_definition(a, b, c), (a, b, c)


def test_similarity_rows_are_shared_and_start_again_past_their_limit(
    pure: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pure, "TOKEN_ROWS_LIMIT", 20)
    query = ["mohammad", "reza", "karimi"]
    first = pure.QueryParts(query, lambda _w: 1.0, pure.token_similarity)
    second = pure.QueryParts(query, lambda _w: 1.0, pure.token_similarity)
    assert first.rows[0] is second.rows[0]  # one row per word, shared
    cands = ["muhammad", "mohamad", "rezaa", "karimy", "hosseini", "ali", "reza"] * 3
    for n, word in enumerate(cands + [f"{w}x" for w in cands]):
        qp = pure.QueryParts(query, lambda _w: 1.0, pure.token_similarity)
        want = tuple(
            (i, s) for i, a in enumerate(query) if (s := pure.token_similarity(a, word)) > 0
        )
        assert qp.column(word, False) == want, (n, word)
        assert sum(len(r) + 1 for r in pure._TOKEN_ROWS.values()) <= 20 + 2 * len(query)
    # rows alone (query words that met no candidate) are bounded too
    for n in range(100):
        pure.QueryParts([f"word{n}"], lambda _w: 1.0, pure.token_similarity)
    assert len(pure._TOKEN_ROWS) <= 21
    # other similarities keep their rows to the query that made them
    skel = pure.QueryParts(["mhmd"], lambda _w: 1.0, pure.skeleton_similarity)
    assert skel.rows[0] is not pure._TOKEN_ROWS.get("mhmd")
    assert skel.column("mhmd", False) == ((0, 1.0),)


def test_a_word_listed_twice_may_still_be_the_querys_words_joined() -> None:
    # عبد الله احمد عبدالله الالفي / ABDULLAH AHMED ABDULLAH EL ALFI, by skeleton: the
    # query writes the first ABDULLAH in two words (bd l) and the second in one
    # (bdl). The listed word is in the query once, but listed twice
    al = in_use.align(
        ["bd", "l", "hmd", "bdl", "lf"],
        ["bdl", "hmd", "bdl", "l", "lf"],
        lambda _w: 1.0,
        in_use.skeleton_similarity,
        0.35,
        False,
    )
    assert [p[:2] for p in al.pairs].count(("bdl", "bdl")) == 2
    assert al.unmatched_query == () and al.unmatched_candidate == ("l",)
    # a word as many times on both sides is not taken apart or joined
    same = in_use.align(
        ["bd", "l", "bdl"],
        ["bdl", "bd", "l"],
        lambda _w: 1.0,
        in_use.skeleton_similarity,
        0.35,
        False,
    )
    assert same.score == 1.0 and len(same.pairs) == 3


def test_a_theophoric_name_meets_its_first_part_in_any_spelling() -> None:
    sim = in_use.token_similarity
    for whole, part in [
        ("ghodratollah", "ghodrat"),
        ("qodratollah", "ghodrat"),  # the first part's romanization may differ
        ("habibullah", "habib"),
        ("rahmatulla", "rahmat"),
    ]:
        assert sim(whole, part) == sim(part, whole) == in_use.THEOPHORIC_SIM, (whole, part)
    # the part must be the whole first part, of four letters or more
    assert sim("ghodratollah", "ghod") == 0.0
    assert sim("abdullah", "abd") == 0.0
    assert sim("habibullah", "habibi") == 0.0
