"""The candidate index: which listed names could a query be? (no scoring here)

Blocking keys, each pointing at vocabulary tokens, each token at the names
that contain it:

- the token itself (exact);
- its romanization-variant key (:func:`dualuse.normalize.variant_key`), so
  Muhammad meets Mohammed;
- every one-letter deletion of that key ("symmetric delete", as in SymSpell),
  so that a typo of one edit (insert, delete, substitute, transpose) still
  meets its token, without a scan;
- its consonant skeleton, so an Arabic-script query meets Latin listings (a
  skeleton, or one-edit, neighbour of an Arabic-script word weighs what its whole
  family of words weighs: the query gave only consonants, not the rare word);
- joined and split words (ALQAIDA / AL QAIDA, "xi jin ping" / "xi jinping"),
  typos inside joined words included;
- for people, a word plus the initial of another word of the name
  ("b khan" reaches KHAN, Bahawal).

Each query token adds ``similarity x rarity`` (an IDF weight, never more than the
query token's own) to the names it reaches; the best ``limit`` names are handed to
the scorer, with the names tied with the last of them (up to ``2 * limit``; see
:func:`top_names_numpy`, and ``_ranking.c`` for the same in C). Work per query is
bounded by the postings of the query's tokens, never by the index size, and
very common tokens (postings over ``common_cap``) only add to names that rarer
tokens already reached, unless the query has nothing rarer.

Identifiers are an exact dictionary (normalized value -> entities).
"""

from __future__ import annotations

import gc
import math
import multiprocessing as mp
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from dualuse.matching import _native
from dualuse.normalize import NameForm, analyze_name, normalize_identifier, variant_key
from dualuse.normalize.names import weak_words
from dualuse.normalize.phonetic import fits_unvowelled

EXACT, VARIANT, TYPO, SKELETON, JOINED, INITIAL = 1.0, 0.9, 0.75, 0.7, 0.85, 0.5
#: the most a one-letter word weighs: ln 26, the information of one letter of 26
LETTER_WEIGHT = math.log(26)
#: the share of its rarity that a particle or generic word weighs (al-, bin; company)
WEAK_SHARE = 0.5
#: a word of the query's skeleton that its Arabic-script romanization also fits
SKELETON_ROMANIZED = 0.85


def deletes(key: str) -> set[str]:
    """All strings made by deleting one character of ``key``."""
    return {key[:i] + key[i + 1 :] for i in range(len(key))}


def analysis_schema(schema: str) -> str:
    """Which name analysis a listed schema gets (legal forms for bodies, not people)."""
    if schema == "Person":
        return "Person"
    if schema in ("Organization", "Company", "PublicBody"):
        return "Organization"
    return "Any"


def listed_names(names: Iterable[str]) -> Iterator[str]:
    """Each name of a party; a name field listing several, split by ";" or by an
    a.k.a./f.k.a. inside it, gives each one, and a name ending in its abbreviation in
    brackets also gives the name without it.

    Some list entries put a party's spellings in one field ("Qasim Soleimani; Qasem
    Sulaimani; Kasim Soleimani" in the UN list; "Gazprom Sotsinvest, OOO (f.k.a.,
    Gazprominvestarena OOO)" in the US CSL): as one name it meets each only in part.
    """
    for name in names:
        aliases = _embedded_aliases(name)
        if aliases:
            # the whole field too: a query may copy it as the list writes it
            yield from _with_short_form(name)
        for alias in aliases or [name]:
            for part in alias.split(";"):
                if part.strip():
                    yield from _with_short_form(part.strip())


#: "a.k.a.", "f.k.a.", "n.k.a." (also known as, formerly, now) as lists write them
#: inside one name: "X (f.k.a., Y)", "X, a.k.a., Y", "X a.k.a. Y", "F.K.A. Y"
_ALIAS_MARKER = re.compile(
    r"(?:\s*[,(]\s*|\s+|^)(?<![A-Za-z])[afn][./]k[./]a\.?,?(?:\s+|$)", re.IGNORECASE
)


def _embedded_aliases(name: str) -> list[str]:
    """The names written in one name field around an a.k.a./f.k.a. marker, or none.

    The bracket that a "(f.k.a. Y)" opens is closed at the end of the name; what a
    marker leaves empty is dropped.
    """
    if _ALIAS_MARKER.search(name) is None:
        return []
    parts = []
    for part in _ALIAS_MARKER.split(name):
        part = part.strip(" ,.")
        if part.endswith(")") and part.count(")") > part.count("("):
            part = part[:-1].strip(" ,.")
        if part:
            parts.append(part)
    return parts


#: a name ending in its abbreviation in brackets: HAQQANI NETWORK (HQN)
_TRAILING_ACRONYM = re.compile(
    r"^(?P<name>\S+(?:\s+\S+)+?)\s*\((?=[^)]*[A-Z]{2})[A-Z0-9&.\-]{2,10}\)$"
)


def _with_short_form(name: str) -> Iterator[str]:
    """The name, and the name without a trailing abbreviation in brackets.

    Lists write an organisation's acronym after its name (AL-QAIDA IN THE ARABIAN
    PENINSULA (AQAP), HAQQANI NETWORK (HQN)); a query that leaves it out is the
    same name, not one lacking a rare word.
    """
    yield name
    m = _TRAILING_ACRONYM.match(name)
    if m:
        yield m.group("name")


#: fewer names than this are analysed in the calling process (workers cost a start-up)
PARALLEL_MIN_NAMES = 20_000


def _analyse_chunk(chunk: list[tuple[str, str]]) -> list[NameForm]:
    return [analyze_name(name, schema) for name, schema in chunk]


def _forks_pay(workers: int, items: int) -> bool:
    """Whether ``items`` are worth ``workers`` forked processes (see PARALLEL_MIN_NAMES)."""
    return workers > 1 and items >= PARALLEL_MIN_NAMES and "fork" in mp.get_all_start_methods()


def _analysed_names(entities: Sequence[EntityRecord], workers: int) -> Iterator[NameForm]:
    """The analysed form of every name of ``entities``, in order."""
    items = [
        (name, analysis_schema(ent.schema)) for ent in entities for name in listed_names(ent.names)
    ]
    if not _forks_pay(workers, len(items)):
        for name, schema in items:
            yield analyze_name(name, schema)
        return
    size = 5_000
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    with mp.get_context("fork").Pool(workers) as pool:
        for forms in pool.imap(_analyse_chunk, chunks):
            yield from forms


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the block (as it was, after it).

    Building or loading an index makes millions of lists and strings that all live
    on, and none of them in a reference cycle; each of the collector's full passes
    walks every one of them and frees nothing. Paused, a 200,000-party build takes a
    third less time (a million: 118 instead of 170 s). Memory is still freed by
    reference counting as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
            # one full pass now moves the new objects to the oldest generation, where
            # young collections no longer walk them (else the first queries pay for it)
            gc.collect()


def _keys_chunk(tokens: list[str]) -> list[str]:
    return [variant_key(t) for t in tokens]


def _variant_keys(tokens: list[str], workers: int) -> list[str]:
    """``variant_key`` of every token, in order; in ``workers`` processes when that pays.

    Each key is a few dozen regular-expression rewrites, and a large vocabulary (a
    million parties bring about as many words) makes this one of the longest steps of
    a build after the names' analysis; each token's key is its own, so it splits.
    """
    if not _forks_pay(workers, len(tokens)):
        return _keys_chunk(tokens)
    size = 20_000
    chunks = [tokens[i : i + size] for i in range(0, len(tokens), size)]
    with mp.get_context("fork").Pool(workers) as pool:
        return [key for keys in pool.map(_keys_chunk, chunks) for key in keys]


def _sum_by_name(ids: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct ``ids`` (sorted) and the sum of their ``weights``.

    What ``np.unique(return_inverse=True)`` and ``np.bincount`` give, without the
    general checks of ``np.unique``, which cost more than the work on the few
    hundred names a query reaches (a count over all names costs more still). A
    stable sort keeps each name's weights in their order, so the sums are the
    same to the bit.
    """
    order = np.argsort(ids, kind="stable")
    ids = ids[order]
    first = np.empty(len(ids), dtype=bool)
    first[0] = True
    np.not_equal(ids[1:], ids[:-1], out=first[1:])
    groups = np.cumsum(first) - 1
    sums = np.bincount(groups, weights=weights[order]).astype(np.float32)
    return ids[first], sums


def top_names_numpy(
    ids_parts: list[np.ndarray],
    weight_parts: list[np.ndarray],
    common: list[tuple[np.ndarray, float]],
    name_weight: np.ndarray,
    q_total: float,
    limit: int,
) -> list[tuple[int, float]]:
    """(name number, rank) of the best ``limit`` names the parts reach, and those tied
    with the last of them (up to ``2 * limit`` in all), best first.

    ``ids_parts`` / ``weight_parts``: int32 name numbers (distinct within a part) and
    their float32 weights; a name's sum is its weights over the parts. ``common``:
    (sorted name numbers, weight) of very common words, which add only to names the
    parts reach. The rank is the share of the query's weight (``q_total``) a name
    covers, less half the weight of its words the query did not reach, ordered by rank
    and then by name number. The C build (``_ranking.c``) gives the same, to the bit.
    """
    if not ids_parts or limit <= 0:
        return []
    if len(ids_parts) == 1:
        # one part: its names are distinct already (a copy: the part may be cached)
        uniq, sums = ids_parts[0], weight_parts[0].copy()
    else:
        uniq, sums = _sum_by_name(np.concatenate(ids_parts), np.concatenate(weight_parts))
    for post, w in common:
        sums[np.isin(uniq, post, assume_unique=True)] += w
    q_total = q_total or 1.0
    extra = np.maximum(name_weight[uniq] - sums, 0.0)
    rank = sums / (q_total + 0.5 * extra)
    if len(uniq) > limit:
        # the names tied with the limit-th are kept too (up to twice the limit): the
        # same name listed by two publishers must not lose its place by its number
        kth = np.partition(-rank, limit - 1)[limit - 1]
        top = np.flatnonzero(-rank <= kth)
        top = top[np.lexsort((uniq[top], -rank[top]))][: 2 * limit]
    else:
        top = np.lexsort((uniq, -rank))
    return list(zip(uniq[top].tolist(), rank[top].tolist(), strict=True))


class WeightMap(dict[str, float]):
    """Word weights; a word the index has never seen weighs ``unseen`` (rare), a
    letter the index has never seen as a word at most ``LETTER_WEIGHT``, and a
    particle or generic word it has never seen (OBSHCHEE, an inflection of a glossary
    word) ``WEAK_SHARE`` of ``unseen``, as the index weighs the ones it has seen."""

    unseen: float = 10.0
    weak: frozenset[str] = frozenset()

    def __missing__(self, key: str) -> float:
        if len(key) == 1:
            return min(self.unseen, LETTER_WEIGHT)
        return self.unseen * WEAK_SHARE if key in self.weak else self.unseen


@dataclass
class EntityRecord:
    """What the matcher keeps of one listed party."""

    id: str
    schema: str
    caption: str
    source: str
    names: list[str]
    countries: tuple[str, ...] = ()
    birth_dates: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()


@dataclass
class CandidateIndex:
    entities: list[EntityRecord] = field(default_factory=list)
    #: per name: entity number, and its analysed form
    name_entity: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    name_forms: list[NameForm] = field(default_factory=list)
    vocab: dict[str, int] = field(default_factory=dict)
    tokens: list[str] = field(default_factory=list)
    idf: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    #: per name: the sum of its tokens' weights (to rank candidates by coverage)
    name_weight: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    postings: list[np.ndarray] = field(default_factory=list)
    key_map: dict[str, list[int]] = field(default_factory=dict)
    delete_map: dict[str, list[int]] = field(default_factory=dict)
    skeleton_map: dict[str, list[int]] = field(default_factory=dict)
    identifier_map: dict[str, list[int]] = field(default_factory=dict)
    #: "word|initial" -> names of people with that word and another word of that initial
    initial_map: dict[str, np.ndarray] = field(default_factory=dict)
    unseen_idf: float = 10.0
    common_cap: int = 20000

    # -- build -------------------------------------------------------------

    @classmethod
    def build(cls, entities: Iterable[EntityRecord], workers: int = 1) -> CandidateIndex:
        """Index ``entities``; ``workers`` > 1 analyses the names in that many processes.

        Analysing the names is most of the work and each name is analysed on its
        own, so it splits across processes with the same result. Only ask for
        workers in a process that starts no threads (the benchmarks, a batch job):
        the workers are forked.
        """
        with gc_paused():
            return cls._build(entities, workers)

    @classmethod
    def _build(cls, entities: Iterable[EntityRecord], workers: int) -> CandidateIndex:
        index = cls()
        index.entities = list(entities)
        forms_iter = _analysed_names(index.entities, workers)
        name_entity: list[int] = []
        postings: dict[int, list[int]] = defaultdict(list)
        for ent_no, ent in enumerate(index.entities):
            seen: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()
            for _name in listed_names(ent.names):
                form = next(forms_iter)
                if not form.tokens or (form.tokens, form.legal_forms) in seen:
                    continue
                seen.add((form.tokens, form.legal_forms))
                name_no = len(index.name_forms)
                index.name_forms.append(form)
                name_entity.append(ent_no)
                # in order of first appearance, not a set's: token numbers must not
                # depend on the process's string hashing (PYTHONHASHSEED)
                for tok in dict.fromkeys(form.tokens):
                    tid = index.vocab.get(tok)
                    if tid is None:
                        tid = index.vocab[tok] = len(index.tokens)
                        index.tokens.append(tok)
                    postings[tid].append(name_no)
            for value in ent.identifiers:
                norm = normalize_identifier(value)
                if norm:
                    index.identifier_map.setdefault(norm, [])
                    if ent_no not in index.identifier_map[norm]:
                        index.identifier_map[norm].append(ent_no)
        index.name_entity = np.asarray(name_entity, dtype=np.int32)
        # people are often written with initials (A. AL-ASSAD): block on a word plus
        # the initial of another word of the same name
        initial_map: dict[str, list[int]] = defaultdict(list)
        for name_no, form in enumerate(index.name_forms):
            if len(form.tokens) < 2 or index.entities[name_entity[name_no]].schema not in (
                "Person",
                "LegalEntity",
            ):
                continue
            keys = {
                f"{t}|{u[0]}"
                for i, t in enumerate(form.tokens)
                for j, u in enumerate(form.tokens)
                if i != j and len(t) > 1
            }
            for key in keys:
                initial_map[key].append(name_no)
        index.initial_map = {k: np.asarray(v, dtype=np.int32) for k, v in initial_map.items()}
        n_names = max(len(index.name_forms), 1)
        index.postings = [np.asarray(postings[t], dtype=np.int32) for t in range(len(index.tokens))]
        df = np.asarray([len(p) for p in index.postings], dtype=np.float32)
        index.idf = np.log((n_names + 1) / (df + 0.5)).astype(np.float32)
        index.unseen_idf = float(math.log((n_names + 1) / 0.5))
        weak = weak_words()
        key_map: dict[str, list[int]] = defaultdict(list)
        delete_map: dict[str, list[int]] = defaultdict(list)
        skeleton_map: dict[str, list[int]] = defaultdict(list)
        weak_ids = [tid for tid, tok in enumerate(index.tokens) if tok in weak]
        index.idf[weak_ids] *= WEAK_SHARE
        # a one-letter word (an initial, R. D.) says no more than a choice among the 26
        # letters: its weight is at most ln 26, however rare the letter is as a word
        letters = [tid for tid, tok in enumerate(index.tokens) if len(tok) == 1]
        index.idf[letters] = np.minimum(index.idf[letters], LETTER_WEIGHT)
        for tid, (tok, key) in enumerate(
            zip(index.tokens, _variant_keys(index.tokens, workers), strict=True)
        ):
            key_map[key].append(tid)
            # deletions of the key and of the spelling itself: the variant rules can
            # turn one typed edit into two key edits (IELES/PIELES)
            dels: set[str] = set()
            if len(key) >= 4:
                dels |= deletes(key)
            if len(tok) >= 4 and tok != key:
                dels |= deletes(tok)
            for d in dels:
                delete_map[d].append(tid)
        for form in index.name_forms:
            for tok, skel in zip(form.tokens, form.skeletons, strict=True):
                if len(skel) >= 2:
                    lst = skeleton_map[skel]
                    tid = index.vocab[tok]
                    if not lst or lst[-1] != tid:
                        lst.append(tid)
        idf_of = dict(zip(index.tokens, index.idf.tolist(), strict=True))
        index.name_weight = np.asarray(
            [sum(idf_of[t] for t in dict.fromkeys(f.tokens)) for f in index.name_forms],
            dtype=np.float32,
        )
        index.key_map = dict(key_map)
        index.delete_map = dict(delete_map)
        index.skeleton_map = {k: sorted(set(v)) for k, v in skeleton_map.items()}
        return index

    # -- lookup ------------------------------------------------------------

    def weight(self, token: str) -> float:
        return self.token_weight[token]

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state.pop("_hits_cache", None)
        state.pop("_block_cache", None)
        state.pop("_token_weight", None)
        state.pop("_entity_of_name", None)
        return state

    @property
    def token_weight(self) -> WeightMap:
        """Token -> weight as plain floats; unknown words weigh ``unseen_idf``."""
        tw = self.__dict__.get("_token_weight")
        if tw is None:
            tw = WeightMap(zip(self.tokens, self.idf.tolist(), strict=True))
            tw.unseen = self.unseen_idf
            tw.weak = weak_words()
            self.__dict__["_token_weight"] = tw
        return tw

    def token_hits(self, token: str, skel: str, use_skeleton: bool) -> dict[int, float]:
        """Vocabulary tokens a query token may be, with a similarity estimate (cached)."""
        cache: dict[tuple[str, str, bool], dict[int, float]] = self.__dict__.setdefault(
            "_hits_cache", {}
        )
        ck = (token, skel, use_skeleton)
        found = cache.get(ck)
        if found is None:
            found = self._token_hits(token, skel, use_skeleton)
            if len(cache) > 200_000:
                cache.clear()  # bounded memory; a cache, not a store
            cache[ck] = found
        return dict(found)

    def _part_hits(self, part: str) -> dict[int, float]:
        """Vocabulary tokens a part of a joined word may be (exact/variant; typo from 5).

        A typo is one edit either way: the part lacks a letter (its spelling is a
        deletion of the word), has one more (a deletion of it is the word), or has
        one changed or two swapped (a deletion of each is the same): LOENCIOSANCHEZ
        is LEONCIO SANCHEZ, STEEVELIU is STEVE LIU.
        """
        tid = self.vocab.get(part)
        if tid is not None:
            return {tid: EXACT}
        hits = {t: VARIANT for t in self.key_map.get(variant_key(part), ())}
        if not hits and len(part) >= 5:
            hits = {t: TYPO for t in self.delete_map.get(part, ())}
            for d in deletes(part):
                t = self.vocab.get(d)
                if t is not None:
                    hits.setdefault(t, TYPO)
                for t in self.delete_map.get(d, ()):
                    hits.setdefault(t, TYPO)
        return hits

    def _token_hits(self, token: str, skel: str, use_skeleton: bool) -> dict[int, float]:
        hits: dict[int, float] = {}
        tid = self.vocab.get(token)
        if tid is not None:
            hits[tid] = EXACT
        key = variant_key(token)
        for t in self.key_map.get(key, ()):
            hits.setdefault(t, VARIANT)
        for form in {key, token}:
            if len(form) < 3:
                continue
            for t in self.delete_map.get(form, ()):
                hits.setdefault(t, TYPO)
            if len(form) < 4:
                continue
            for d in deletes(form):
                for t in self.key_map.get(d, ()):
                    hits.setdefault(t, TYPO)
                for t in self.delete_map.get(d, ()):
                    hits.setdefault(t, TYPO)
        if use_skeleton:
            # an unvowelled romanization (hamd) is one edit from many unrelated words
            # (sham, khadm): its typo neighbours are worth what they are worth together
            hits.update(self._as_family([t for t, s in hits.items() if s == TYPO], TYPO))
        if use_skeleton and len(skel) >= 2:
            family = [t for t in self.skeleton_map.get(skel, ()) if hits.get(t, 0.0) < VARIANT]
            # of the many words with this skeleton, those the romanization fits come
            # first (AHMAD for احمد, not HAMMOUD). The query word says only "a word
            # with these consonants" (that fits its romanization): it is worth what
            # that set of words is worth, however rare one word in it is (حامد
            # reaches HAMID and HAMED before HEMAIDA)
            tokens = self.tokens
            by_family = self._as_family(family, SKELETON)
            fitting = [t for t in family if fits_unvowelled(token, tokens[t])]
            by_family.update(self._as_family(fitting, SKELETON_ROMANIZED))
            for t, sim in by_family.items():
                hits[t] = max(hits.get(t, 0.0), sim)
        return hits

    def _as_family(self, members: list[int], similarity: float) -> dict[int, float]:
        """``similarity`` for each of ``members``, scaled so that none weighs more than
        the members weigh together (as one key found in all their names)."""
        family_idf = self.idf_of_count(sum(len(self.postings[t]) for t in members))
        idf = self.idf
        return {t: similarity * min(1.0, family_idf / float(idf[t])) for t in members}

    def idf_of_count(self, names: int) -> float:
        """The rarity weight of a key found in ``names`` names (the formula of ``idf``).

        ``names`` may count a name twice (a sum of postings): it is capped at the
        number of names, so the weight is never negative.
        """
        n_names = len(self.name_forms)
        return math.log((n_names + 1) / (min(names, n_names) + 0.5))

    def _block(
        self, token: str, skel: str, arabic: bool, joined: bool
    ) -> tuple[np.ndarray | None, np.ndarray | None, list[tuple[np.ndarray, float]], float]:
        """What one query word reaches: (names, their weights, common postings, word weight).

        Cached per word: the same words come back query after query. ``joined``
        marks two adjacent query words written together ("xi jin" -> "xijin").
        """
        cache: dict[tuple[str, str, bool, bool], Any] = self.__dict__.setdefault("_block_cache", {})
        ck = (token, skel, arabic, joined)
        found = cache.get(ck)
        if found is not None:
            return found  # type: ignore[no-any-return]
        hits = self.token_hits(token, skel, use_skeleton=arabic)
        if not joined and len(token) >= 6 and token not in self.vocab:
            # joined words, maybe with a typo: "alqaida" -> "al" + "qaida",
            # "steeveliu" -> "steeve" (steve) + "liu"
            for i in range(2, len(token) - 1):
                left = self._part_hits(token[:i])
                if not left:
                    continue
                right = self._part_hits(token[i:])
                if right and max(left.values()) + max(right.values()) >= TYPO + EXACT:
                    # a typo in one part only, the other written as listed; the best
                    # reading of a word over the split points (prens+alatina reaches
                    # PRENSA as a typo, prensa+latina exactly)
                    for t, s in (*left.items(), *right.items()):
                        if s * JOINED > hits.get(t, 0.0):
                            hits[t] = s * JOINED
        idf = self.idf
        tid = self.vocab.get(token)
        if tid is not None:
            q_weight = float(idf[tid])
        elif hits:
            q_weight = max(float(idf[t]) for t in hits)
        else:
            q_weight = self.unseen_idf
        if joined:
            hits = {t: s * JOINED for t, s in hits.items()}
        if len(hits) > 64:  # a very short key: keep the closest, rarest tokens
            ranked = sorted(hits.items(), key=lambda kv: (-kv[1], -idf[kv[0]], kv[0]))
            hits = dict(ranked[:64])
        # best first, so that a name reached twice by one query word keeps the best. A
        # word reaches a rarer spelling for no more than it weighs itself: MUHAMMAD
        # meeting MUKHAMMAD says no more than meeting MUHAMMAD (else names with a rare
        # spelling crowd out the name written as the query writes it)
        items = sorted(
            ((s * min(float(idf[t]), q_weight), t) for t, s in hits.items()), reverse=True
        )
        posts: list[np.ndarray] = []
        ws: list[float] = []
        common: list[tuple[np.ndarray, float]] = []
        for w, t in items:
            post = self.postings[t]
            if len(post) > self.common_cap:
                common.append((post, w))
                continue
            posts.append(post)
            ws.append(w)
        ids: np.ndarray | None = None
        weights: np.ndarray | None = None
        if len(posts) == 1:
            ids = posts[0]
            weights = np.full(len(ids), ws[0], dtype=np.float32)
        elif posts:
            tok_ids = np.concatenate(posts)
            tok_w = np.repeat(np.asarray(ws, dtype=np.float32), [len(x) for x in posts])
            ids, first = np.unique(tok_ids, return_index=True)
            weights = tok_w[first]
        result = (ids, weights, common, q_weight)
        if len(cache) > 50_000:
            cache.clear()  # bounded memory; a cache, not a store
        cache[ck] = result
        return result

    def candidates(self, form: NameForm, limit: int = 20) -> list[tuple[int, float]]:
        """(name number, rank) of the names most likely to match ``form``, best first.

        The rank estimates the share of the query's weight the name covers; it is
        bounded by the index's similarity estimates, not the scorer's.
        """
        # a repeated word (ISSA Issa) is one word for blocking: counting it twice
        # would favour names that merely contain it
        seen: set[str] = set()
        toks: list[str] = []
        skels: list[str] = []
        for tok, skel in zip(form.tokens, form.skeletons, strict=True):
            if tok not in seen:
                seen.add(tok)
                toks.append(tok)
                skels.append(skel)
        arabic = form.script == "Arabic"
        blocks = []
        # the query's weight: a word not in the vocabulary (a typo, another script)
        # weighs what the closest vocabulary word it reaches weighs
        q_total = 0.0
        for tok, skel in zip(toks, skels, strict=True):
            block = self._block(tok, skel, arabic, False)
            q_total += block[3]
            blocks.append(block)
        # initials: "b khan" reaches people named Khan with a word starting with b
        initials = [t for t in toks if len(t) == 1 and t.isalpha()]
        for x in initials:
            for t in toks:
                post = self.initial_map.get(f"{t}|{x}") if len(t) > 1 else None
                if post is not None and len(post) <= self.common_cap:
                    w = INITIAL * self.weight(t)
                    blocks.append((post, np.full(len(post), w, dtype=np.float32), [], 0.0))
        # split words: "xi jin ping" -> "jinping"; Arabic "abd allah" -> "abdallah"
        for i in range(len(toks) - 1):
            blocks.append(self._block(toks[i] + toks[i + 1], skels[i] + skels[i + 1], arabic, True))
        ids_parts = [b[0] for b in blocks if b[0] is not None]
        weight_parts = [b[1] for b in blocks if b[1] is not None]
        common = [c for b in blocks for c in b[2]]
        if not ids_parts and common:
            # nothing rarer: take the rarest common token's names (bounded by its size)
            post, w = min(common, key=lambda pw: len(pw[0]))
            ids_parts.append(post)
            weight_parts.append(np.full(len(post), w, dtype=np.float32))
            common = []
        if not ids_parts:
            return []
        return top_names(ids_parts, weight_parts, common, self.name_weight, q_total, limit)

    @property
    def entity_of_name(self) -> list[int]:
        """``name_entity`` as a list: a list item is cheaper to read than an array's."""
        found = self.__dict__.get("_entity_of_name")
        if found is None:
            found = self.__dict__["_entity_of_name"] = self.name_entity.tolist()
        return found  # type: ignore[no-any-return]

    def by_identifier(self, value: str) -> list[int]:
        norm = normalize_identifier(value)
        return list(self.identifier_map.get(norm, ())) if norm else []

    def names_of(self, ent_no: int) -> Sequence[int]:
        lo = int(np.searchsorted(self.name_entity, ent_no, "left"))
        hi = int(np.searchsorted(self.name_entity, ent_no, "right"))
        return range(lo, hi)


#: the C build of top_names_numpy when it is current (see _native.ranking), else numpy
top_names = _native.ranking() or top_names_numpy


def ranking_is_compiled() -> bool:
    """Whether the candidate ranking in use is the C build (``_ranking.c``)."""
    return top_names is not top_names_numpy
