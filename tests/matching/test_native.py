"""The mypyc-compiled ``dualuse.matching.names``: the same results as names.py, never stale.

Where the package was installed compiled, the compiled module is checked against
names.py loaded from its file, field by field, over generated name pairs (typos,
dropped and swapped words, initials, joined and split words, legal forms, Arabic and
Cyrillic script), and whole matcher answers are compared with ``DUALUSE_PURE_PYTHON=1``.
The choice of module (:mod:`dualuse.matching._native`) is tested without a compiler:
a stale or missing build record, a broken extension and ``DUALUSE_PURE_PYTHON=1`` all
give names.py.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dualuse
from dualuse.matching import _native, names_is_compiled
from dualuse.matching import names as in_use
from dualuse.normalize import NameForm, analyze_name
from tests.modules import module_from_file

MATCHING = Path(_native.__file__).parent
NAMES_PY = MATCHING / "names.py"
SETUP_PY = Path(__file__).resolve().parents[2] / "setup.py"

needs_compiled = pytest.mark.skipif(
    not names_is_compiled(),
    reason=f"dualuse.matching.names is pure Python here ({_native.reason}): nothing to compare",
)

# -- generated names (common given and family names and invented companies) ----------

LATIN = (
    "mohammad muhammad mohammed ali alireza hossein husein hosseini reza ahmad ahmed zadeh "
    "karimi rahman abd al el bin abdul sergey sergei petrovich ivanov ivanoff john jon "
    "robert smith wang jianguo xi jin ping jinping mehmet yilmaz romashka pars kala trading "
    "company anadolu makine sanayi blue sea shipping caspian star huaxin electronics seyed "
    "akbar de van no 7 8 a j m r s"
).split()
FORMS = ("llc", "ltd", "co", "ooo", "company", "limited", "fze")
ARABIC = "محمد علی حسین رضا احمد زاده کریمی حسینی رحمان عبد شرکت تجارت پارس کالا".split()
CYRILLIC = "Сергей Петрович Иванов Иван Смирнов ООО Ромашка Торговый Дом".split()
LETTERS = "abdehiklmnorstyz"


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 3:
        return word
    i = rng.randrange(len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + rng.choice(LETTERS) + word[i + 1 :]
    if kind == 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 2:
        return word[:i] + word[i + 1 :]
    return word[:i] + rng.choice(LETTERS) + word[i:]


def _variant(rng: random.Random, words: list[str]) -> list[str]:
    """``words`` changed once or twice as lists and typists change names."""
    out = list(words)
    for _ in range(rng.randint(1, 2)):
        kind = rng.randrange(10)
        i = rng.randrange(len(out))
        if kind == 0:
            out[i] = _typo(rng, out[i])
        elif kind == 1 and len(out) > 1:
            del out[i]
        elif kind == 2:
            rng.shuffle(out)
        elif kind == 3:
            out[i] = out[i][0]  # an initial
        elif kind == 4 and i + 1 < len(out):
            out[i : i + 2] = [out[i] + out[i + 1]]  # joined
        elif kind == 5 and len(out[i]) >= 6:
            cut = rng.randrange(2, len(out[i]) - 2)
            out[i : i + 1] = [out[i][:cut], out[i][cut:]]  # split
        elif kind == 6:
            out.insert(rng.randrange(len(out) + 1), rng.choice(LATIN))
        elif kind == 7:
            out.append(rng.choice(FORMS))
        elif kind == 8:
            out = [rng.choice(LATIN) for _ in range(rng.randint(1, 4))]  # someone else
    return out or list(words)


def _token_pairs(rng: random.Random, n: int) -> Iterator[tuple[list[str], list[str]]]:
    for _ in range(n):
        query = [rng.choice(LATIN) for _ in range(rng.randint(1, 5))]
        if rng.random() < 0.3:
            query = _variant(rng, query)
        yield query, _variant(rng, query)


def _raw_names(rng: random.Random, n: int) -> list[tuple[str, str]]:
    """(name as written, schema): Latin with legal forms, Arabic and Cyrillic script."""
    out: list[tuple[str, str]] = []
    for _ in range(n):
        script = rng.random()
        if script < 0.2:
            words = [rng.choice(ARABIC) for _ in range(rng.randint(1, 4))]
        elif script < 0.3:
            words = [rng.choice(CYRILLIC) for _ in range(rng.randint(1, 4))]
        else:
            words = _variant(rng, [rng.choice(LATIN) for _ in range(rng.randint(1, 4))])
            words = [w.capitalize() if rng.random() < 0.7 else w.upper() for w in words]
        schema = rng.choice(("Person", "Organization", "Any"))
        if schema != "Person" and rng.random() < 0.3:
            words.append(rng.choice(("LLC", "Co. Ltd", "Limited", "FZE")))
        out.append((" ".join(words), schema))
    return out


def _weight(word: str) -> float:
    """A deterministic stand-in for the index's word weights (rarity)."""
    return 0.5 + (sum(map(ord, word)) % 11) / 2


def _fields(al: Any) -> tuple[Any, ...]:
    return tuple(getattr(al, name) for name in al.FIELDS)


@pytest.fixture(scope="module")
def pure() -> ModuleType:
    """names.py loaded from its file, beside the module in use."""
    return module_from_file("dualuse_test_names_pure", NAMES_PY)


# -- (a) compiled and pure Python give the same alignments ----------------------------


@needs_compiled
def test_the_compiled_module_is_the_one_in_use(pure: ModuleType) -> None:
    assert not in_use.__file__.endswith(".py") and pure.__file__.endswith("names.py")
    assert in_use.Alignment.FIELDS == pure.Alignment.FIELDS


@needs_compiled
def test_word_similarities_agree(pure: ModuleType) -> None:
    rng = random.Random(1)
    words = LATIN + [_typo(rng, w) for w in LATIN for _ in range(3)]
    words += [_typo(rng, _typo(rng, a + b)) for a, b in zip(LATIN, LATIN[7:], strict=False)]
    for a in words:
        for b in rng.sample(words, 40):
            assert in_use.token_similarity(a, b) == pure.token_similarity(a, b), (a, b)
            ka, kb = a.replace("a", ""), b.replace("e", "")
            assert in_use.skeleton_similarity(ka, kb) == pure.skeleton_similarity(ka, kb)
        for b, c in zip(rng.sample(words, 20), rng.sample(words, 20), strict=True):
            for whole in (a, b + c, _typo(rng, c + b), _typo(rng, _typo(rng, b + c))):
                assert in_use._joined_similarity(whole, b, c) == pure._joined_similarity(
                    whole, b, c
                ), (whole, b, c)


@needs_compiled
def test_alignments_agree_over_generated_pairs(pure: ModuleType) -> None:
    rng = random.Random(2)
    for query, cand in _token_pairs(rng, 4000):
        kwargs: dict[str, Any] = {
            "beta": rng.choice((0.3, 0.5, 1.0)),
            "initials": rng.random() < 0.5,
            "query_forms": tuple(rng.sample(FORMS, rng.randint(0, 2))),
            "cand_forms": tuple(rng.sample(FORMS, rng.randint(0, 2))),
            "substitution": rng.choice((0.0, 0.1, 0.25)),
            "extra_query": rng.choice((1.0, 0.5)),
            "qualifiers": frozenset(rng.sample(LATIN, rng.choice((0, 8)))),
            "qualifier_cost": rng.choice((1.0, 0.3)),
        }
        got = in_use.align(query, cand, _weight, in_use.token_similarity, **kwargs)
        want = pure.align(query, cand, _weight, pure.token_similarity, **kwargs)
        assert _fields(got) == _fields(want), (query, cand, kwargs)


@needs_compiled
def test_name_comparisons_agree_across_scripts(pure: ModuleType) -> None:
    """NameComparer (one per query, many candidates), compare_names and borrow_words."""
    rng = random.Random(3)
    forms: list[NameForm] = [analyze_name(text, schema) for text, schema in _raw_names(rng, 130)]
    assert {f.script for f in forms} >= {"Latin", "Arabic", "Cyrillic"}
    compared = 0
    for q in forms:
        got_cmp = in_use.NameComparer(q, _weight)
        want_cmp = pure.NameComparer(q, _weight)
        for c in forms:
            args = (rng.choice((0.3, 0.5)), rng.random() < 0.5, rng.choice((0.0, 0.2)), 0.5)
            got, want = got_cmp.compare(c, *args), want_cmp.compare(c, *args)
            assert _fields(got) == _fields(want), (q.original, c.original, args)
            compared += 1
            if rng.random() < 0.05:
                assert _fields(in_use.compare_names(q, c, _weight, *args)) == _fields(want)
                others = rng.sample(forms, 3)
                lent = in_use.borrow_words(got, c, others, _weight, 1, 0.8)
                assert lent == pure.borrow_words(want, c, others, _weight, 1, 0.8)
                moved = got.replace(borrowed=(("a", "b"),))
                assert moved.borrowed == (("a", "b"),)
                kept = [i for i, name in enumerate(got.FIELDS) if name != "borrowed"]
                assert [_fields(moved)[i] for i in kept] == [_fields(got)[i] for i in kept]
    assert compared == len(forms) ** 2


words = st.one_of(st.sampled_from(LATIN), st.text(alphabet=LETTERS, min_size=1, max_size=9))


@needs_compiled
@settings(max_examples=400, deadline=None)
@given(
    query=st.lists(words, min_size=1, max_size=5),
    cand=st.lists(words, min_size=1, max_size=5),
    beta=st.sampled_from((0.3, 0.5, 1.0)),
    initials=st.booleans(),
    substitution=st.sampled_from((0.0, 0.2)),
)
def test_alignments_agree_property(
    pure: ModuleType,
    query: list[str],
    cand: list[str],
    beta: float,
    initials: bool,
    substitution: float,
) -> None:
    got = in_use.align(
        query, cand, _weight, in_use.token_similarity, beta, initials, substitution=substitution
    )
    want = pure.align(
        query, cand, _weight, pure.token_similarity, beta, initials, substitution=substitution
    )
    assert _fields(got) == _fields(want)


MATCH_SCRIPT = """
import json, sys
from dualuse.matching import Matcher, PartyQuery, names_is_compiled
index, queries = sys.argv[1], json.load(open(sys.argv[2], encoding="utf-8"))
m = Matcher.from_bench_index(index)
hits = [[h.to_dict() for h in m.score_query(PartyQuery(q, s), limit=50, threshold=0.3)]
        for q, s in queries]
print(json.dumps({"compiled": names_is_compiled(), "hits": hits}))
"""


@needs_compiled
def test_matcher_answers_agree_with_pure_python(tmp_path: Path) -> None:
    rng = random.Random(4)
    names = _raw_names(rng, 300)
    index = tmp_path / "index.jsonl"
    with index.open("w", encoding="utf-8") as fh:
        for i in range(0, len(names), 2):
            schema = {"Any": "Company"}.get(names[i][1], names[i][1])
            row = {"id": f"e{i}", "schema": schema, "names": [names[i][0], names[i + 1][0]]}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    queries = [(text, schema) for text, schema in _raw_names(random.Random(5), 150)]
    queries += [(t.lower(), s) for t, s in names[:100:3]]
    (tmp_path / "queries.json").write_text(json.dumps(queries), encoding="utf-8")

    def run(**env: str) -> dict[str, Any]:
        proc = subprocess.run(
            [sys.executable, "-c", MATCH_SCRIPT, str(index), str(tmp_path / "queries.json")],
            env=_env(Path(dualuse.__file__).parent.parent, **env),
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        return json.loads(proc.stdout)

    compiled, pure_run = run(), run(DUALUSE_PURE_PYTHON="1")
    assert compiled["compiled"] and not pure_run["compiled"]
    assert sum(map(len, compiled["hits"])) > 100
    assert compiled["hits"] == pure_run["hits"]


# -- (b) the stale guard, and (c) DUALUSE_PURE_PYTHON -----------------------------------


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _build_over(directory: Path) -> Path:
    """A fake extension beside ``directory/names.py`` whose build record matches it."""
    ext = directory / (_native.STEM + EXTENSION_SUFFIXES[0])
    ext.write_bytes(b"not a shared library")
    record = ext.with_name(ext.name + _native.RECORD_SUFFIX)
    record.write_text(f"{_sha256(directory / 'names.py')}  names.py\n", encoding="ascii")
    return ext


def _build(directory: Path) -> tuple[Path, Path]:
    source = directory / "names.py"
    source.write_text("X = 1\n", encoding="utf-8")
    return source, _build_over(directory)


def test_a_current_build_is_chosen(tmp_path: Path) -> None:
    source, ext = _build(tmp_path)
    assert _native.find_extension(tmp_path) == ext
    assert _native.choose(source, ext, forced_pure=False).compiled


def test_a_build_of_an_edited_names_py_is_passed_over(tmp_path: Path) -> None:
    source, ext = _build(tmp_path)
    source.write_text("X = 2\n", encoding="utf-8")  # a developer's edit after the build
    choice = _native.choose(source, ext, forced_pure=False)
    assert not choice.compiled and choice.warn
    assert "compiled from another names.py" in choice.reason


def test_a_build_without_its_record_is_passed_over(tmp_path: Path) -> None:
    source, ext = _build(tmp_path)
    ext.with_name(ext.name + _native.RECORD_SUFFIX).unlink()
    choice = _native.choose(source, ext, forced_pure=False)
    assert not choice.compiled and choice.warn


def test_no_build_is_no_warning(tmp_path: Path) -> None:
    (tmp_path / "names.py").write_text("X = 1\n", encoding="utf-8")
    assert _native.find_extension(tmp_path) is None
    assert _native.choose(tmp_path / "names.py", None, forced_pure=False) == (
        False,
        "not compiled",
        False,
    )


def test_pure_python_forced_by_the_environment(tmp_path: Path) -> None:
    source, ext = _build(tmp_path)
    choice = _native.choose(source, ext, forced_pure=True)
    assert not choice.compiled and not choice.warn
    assert _native.pure_python_forced({"DUALUSE_PURE_PYTHON": "1"})
    assert _native.pure_python_forced({"DUALUSE_PURE_PYTHON": "true"})
    assert not _native.pure_python_forced({"DUALUSE_PURE_PYTHON": "0"})
    assert not _native.pure_python_forced({"DUALUSE_PURE_PYTHON": ""})
    assert not _native.pure_python_forced({})


def test_an_unclear_environment_value_means_pure_python(caplog: pytest.LogCaptureFixture) -> None:
    assert _native.pure_python_forced({"DUALUSE_PURE_PYTHON": "maybe"})
    assert "neither 0 nor 1" in caplog.text


def test_build_and_loader_agree_on_file_names() -> None:
    if not SETUP_PY.is_file():
        pytest.skip("setup.py is not beside the tests (not a source checkout)")
    tree = ast.parse(SETUP_PY.read_text(encoding="utf-8"))
    consts = {
        node.targets[0].id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.targets[0], ast.Name)
        and isinstance(node.value, ast.Constant)
    }
    for name in ("MODULE", "STEM", "RECORD_SUFFIX", "ENV", "RANKING_MODULE"):
        assert consts[name] == getattr(_native, name), name


# The whole import, in a fresh interpreter on a copy of the package.

PROBE = "import dualuse.matching as m; print(m.names_is_compiled(), m.names.__file__)"


def _env(root: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DUALUSE_PURE_PYTHON"}
    env["PYTHONPATH"] = str(root)
    return {**env, **extra}


def _probe(root: Path, **env: str) -> tuple[bool, str, str]:
    """(compiled?, file of dualuse.matching.names, stderr) in a new interpreter."""
    proc = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=root,
        env=_env(root, **env),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    compiled, file = proc.stdout.split()
    assert Path(file).is_relative_to(root), file  # the copy, not the installed package
    return compiled == "True", file, proc.stderr


@pytest.fixture
def package_copy(tmp_path: Path) -> Callable[[bool], Path]:
    """A copy of the dualuse package, with its compiled build (True) or without (False)."""

    def make(with_build: bool) -> Path:
        ignore = ["__pycache__"] + ([] if with_build else ["*.so", "*.pyd", "*.source-sha256"])
        src = Path(dualuse.__file__).parent
        shutil.copytree(src, tmp_path / "dualuse", ignore=shutil.ignore_patterns(*ignore))
        return tmp_path

    return make


def test_a_broken_build_falls_back_to_names_py(package_copy: Callable[[bool], Path]) -> None:
    root = package_copy(False)
    matching = root / "dualuse" / "matching"
    _build_over(matching)
    compiled, file, err = _probe(root)
    assert not compiled and file.endswith("names.py")
    assert "does not import" in err


def test_a_stale_build_is_not_even_loaded(package_copy: Callable[[bool], Path]) -> None:
    root = package_copy(False)
    matching = root / "dualuse" / "matching"
    _build_over(matching)
    with (matching / "names.py").open("a", encoding="utf-8") as fh:
        fh.write("\n# edited after the build\n")
    compiled, file, err = _probe(root)
    assert not compiled and file.endswith("names.py")
    assert "compiled from another names.py" in err and "does not import" not in err


def test_pure_python_env_skips_any_build(package_copy: Callable[[bool], Path]) -> None:
    root = package_copy(False)
    _build_over(root / "dualuse" / "matching")
    compiled, file, err = _probe(root, DUALUSE_PURE_PYTHON="1")
    assert not compiled and file.endswith("names.py") and _native.MODULE not in err


def test_a_stray_names_extension_is_never_imported(package_copy: Callable[[bool], Path]) -> None:
    """A names<EXT_SUFFIX> (say from a manual ``mypyc names.py``) would shadow names.py."""
    root = package_copy(False)
    (root / "dualuse" / "matching" / ("names" + EXTENSION_SUFFIXES[0])).write_bytes(b"junk")
    compiled, file, _ = _probe(root)
    assert not compiled and file.endswith("names.py")


@needs_compiled
def test_the_real_build_is_used_until_names_py_is_edited(
    package_copy: Callable[[bool], Path],
) -> None:
    root = package_copy(True)
    compiled, file, err = _probe(root)
    assert compiled and Path(file).name.startswith(_native.STEM) and _native.MODULE not in err
    assert not _probe(root, DUALUSE_PURE_PYTHON="1")[0]
    with (root / "dualuse" / "matching" / "names.py").open("a", encoding="utf-8") as fh:
        fh.write("\n# edited after the build\n")
    compiled, file, err = _probe(root)
    assert not compiled and file.endswith("names.py") and "compiled from another" in err
