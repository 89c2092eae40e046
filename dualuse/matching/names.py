"""Name similarity over aligned name parts.

Two analysed names (:class:`dualuse.normalize.NameForm`) are compared part by
part: every query token is paired with at most one candidate token (greedy,
best pair first, ties broken by position, so the result is deterministic and
independent of word order). A pair's similarity is 1 for equal tokens, 0.95 for
equal romanization-variant keys, 0.85 for a theophoric given name and its first
part (Ghodratollah / Ghodrat), else the normalized OSA (Damerau) similarity of
the spellings or of their keys; one slip of the keyboard in a word of four or
more letters counts as nearly the same word, in a three-letter word as 0.72;
below 0.7 a pair does not count. A one-letter token pairs with a word of the
same initial at 0.8 (J. Smith / John Smith), but initials stand for words on one
side only (JOHN B. LARSON is not JOHN L. BROUSSARD). Words joined on one side and split
on the other (AL QAIDA / ALQAIDA, XI JIN PING / XI JINPING, AKBARSEYED / SEYED ..
AKBAR) are paired as one.

The score weighs each part by its rarity (IDF, from the index):

    score = sum(sim * (wq + wc))
            / (sum(wq) + sum(wc matched) + q_cost * sum(wq unmatched) + beta * sum(wc unmatched))

so a query word with no counterpart costs its full weight (a different family
name is a different person) while a candidate word the query lacks costs only
``beta`` of it (a dropped middle name, a longer official name). When the listed
name is wholly matched, extra query words cost ``extra_query`` of their weight
(three agreeing words, or a patronymic). When each side keeps a distinctive word
the other lacks (a substitution: the pattern of a different party), a penalty
per substituted word is subtracted. Words one side wrote as its legal form
(typos included) are set aside. In organisation names, a place (a city, a
country) that only one side has costs ``qualifier_cost`` of its weight when the
names share a distinctive word (BANK MELLAT YEREVAN / BANK MELLAT: a branch).

For an Arabic-script query against a Latin name the parts compared are the
consonant skeletons (:func:`dualuse.normalize.skeleton`), since Arabic script
does not write short vowels.

:class:`NameComparer` prepares a query once for all its candidates;
:func:`borrow_words` lets a query word missing from the best listed name be
matched in another name of the same party (the matcher decides when).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import replace
from functools import lru_cache
from typing import Final

from rapidfuzz.distance import OSA, Levenshtein

from dualuse.normalize import NameForm, particles, variant_key
from dualuse.normalize.names import honorifics, is_patronymic, weak_words
from dualuse.normalize.phonetic import fits_unvowelled

MIN_PAIR: Final = 0.7
#: a skeleton match counts this much of a spelling match (see NameComparer.compare)...
SKELETON_FIT: Final = 0.97
#: ...and this much where the Arabic-script words' romanization does not fit the spellings
#: (DEV: 0.93 keeps every cross-script hit and drops some false alerts; 0.90 loses one)
SKELETON_UNFIT: Final = 0.93
SINGLE_EDIT_SIM: Final = 0.72
INITIAL_SIM: Final = 0.8
#: how close a word must be to a title of the other side's to be set aside with it
HONORIFIC_SIM: Final = 0.9


def _osa_similarity(a: str, b: str) -> float:
    """``OSA.normalized_similarity(a, b)``, to the bit, at half its cost.

    rapidfuzz's normalized call spends more on its arguments than the distance
    costs on name-length words; its definition is 1 - distance / longer length.
    """
    longest = max(len(a), len(b))
    return 1.0 - OSA.distance(a, b) / longest if longest else 1.0


@lru_cache(maxsize=262144)
def token_similarity(a: str, b: str) -> float:
    """Similarity of two Latin name tokens in [0, 1] (see module docstring)."""
    if a == b:
        return 1.0
    ka, kb = variant_key(a), variant_key(b)
    if ka == kb:
        return 0.95
    if len(a) == 1 or len(b) == 1:
        return 0.0
    if a.isdigit() or b.isdigit():
        return 0.0  # 7th / 8th, vessel numbers: never fuzzy
    if (a.endswith(_THEOPHORIC_ENDS) or b.endswith(_THEOPHORIC_ENDS)) and _theophoric(a, b):
        return THEOPHORIC_SIM
    la, lb = len(a), len(b)
    lka, lkb = len(ka), len(kb)
    # lengths alone bound the similarity: most pairs stop here
    if (
        abs(la - lb) > 1
        and min(la, lb) < MIN_PAIR * max(la, lb)
        and min(lka, lkb) < MIN_PAIR * max(lka, lkb)
    ):
        return 0.0
    # OSA: a transposition (HAIDRA/HAIDAR) is one edit, as typists make it
    sim = max(_osa_similarity(a, b), _osa_similarity(ka, kb))
    # one edit in a short word is a different word more often than a typo
    if min(len(a), len(b)) <= 3:
        sim -= 0.1
    if min(la, lb) >= 3 and OSA.distance(a, b) == 1:
        if min(la, lb) >= 4:
            # one slip of the keyboard in a real word: the same word, nearly sure
            sim = max(sim, 1.0 - 0.5 / max(la, lb))
        else:
            # ...and in a short word it still counts a little (JAN/JANG, BNK/BANK)
            sim = max(sim, SINGLE_EDIT_SIM)
    return sim if sim >= MIN_PAIR else 0.0


#: the endings of Persian and Arabic theophoric given names ("... of God": Ghodratollah,
#: Habibullah, Rahmatulla), which also go by their first part (Ghodrat, Habib, Rahmat)
_THEOPHORIC = re.compile(r"^(.{4,}?)[aou](?:llah?|lah)$")
_THEOPHORIC_ENDS: Final = ("lah", "lla")
THEOPHORIC_SIM: Final = 0.85


def _theophoric(a: str, b: str) -> bool:
    """Is one word the other's theophoric name (Ghodratollah / Ghodrat, any spelling)?"""
    for whole, part in ((a, b), (b, a)):
        m = _THEOPHORIC.match(whole)
        if m is not None:
            stem = m.group(1)
            if stem == part or variant_key(stem) == variant_key(part):
                return True
    return False


def _ends_agree(a: str, b: str, c: str) -> bool:
    """Could ``a`` be within one edit of ``b`` and ``c`` joined (either order)?

    One edit leaves the first or the last letter in place, so a word that agrees
    with neither end of the parts is no joined form of them. (Words of 14 letters
    or more may take two edits, and are always looked at.)
    """
    if max(len(a), len(b) + len(c)) >= 14 or not (a and b and c):
        return True
    return a[0] == b[0] or a[0] == c[0] or a[-1] == b[-1] or a[-1] == c[-1]


def _could_reach(whole: int, parts: int, floor: float) -> bool:
    """Could words of these lengths be ``floor`` similar? (an edit per length difference)"""
    longest = max(whole, parts)
    # a hair of slack so that float rounding never turns away a pair at the floor
    return longest > 0 and 1.0 - abs(whole - parts) / longest >= floor - 1e-9


def _joined_similarity(a: str, b: str, c: str) -> float:
    """Similarity of word ``a`` with ``b`` and ``c`` written as one (either order)."""
    return _joined_keyed(a, b, c, variant_key(a), variant_key(b), variant_key(c))


def _joined_keyed(a: str, b: str, c: str, ka: str, kb: str, kc: str) -> float:
    """:func:`_joined_similarity` given the words' variant keys (``ka``, ``kb``, ``kc``)."""
    if len(a) < 5 or abs(len(a) - len(b) - len(c)) > 2:
        return 0.0
    # the similarity below counts only from 0.85, which is at most one edit in
    # words under 14 letters: most pairs stop here, or at their lengths
    spelled = _could_reach(len(a), len(b) + len(c), 0.85) and _ends_agree(a, b, c)
    keyed = _could_reach(len(ka), len(kb) + len(kc), 0.85) and _ends_agree(ka, kb, kc)
    best = 0.0
    if spelled:
        best = max(_close_similarity(a, b + c), _close_similarity(a, c + b))
    if keyed:
        best = max(best, _close_similarity(ka, kb + kc), _close_similarity(ka, kc + kb))
    return best if best >= 0.85 else 0.0


def _close_similarity(a: str, b: str) -> float:
    """:func:`_osa_similarity` where it may reach 0.85; below that, maybe 0.

    Under 14 letters 0.85 is at most one edit, and one edit leaves in place all
    but at most two letters between the common start and the common end of the
    two words: a pair that shares less is turned away without a distance.
    """
    la, lb = len(a), len(b)
    longest = max(la, lb)
    if longest >= 14:
        return _osa_similarity(a, b)
    if la - lb > 1 or lb - la > 1:
        return 0.0
    shortest = min(la, lb)
    start = 0
    while start < shortest and a[start] == b[start]:
        start += 1
    end = 0
    while end < shortest - start and a[la - 1 - end] == b[lb - 1 - end]:
        end += 1
    if start + end < longest - 2:
        return 0.0
    return _osa_similarity(a, b)


@lru_cache(maxsize=262144)
def skeleton_similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0 if a else 0.0
    if not a or not b:
        return 0.0
    longest = max(len(a), len(b))
    # Levenshtein.normalized_similarity, cheaper (as _osa_similarity)
    sim = 1.0 - Levenshtein.distance(a, b) / longest
    if min(len(a), len(b)) <= 2:
        sim -= 0.2
    return sim if sim >= 0.6 else 0.0


class Alignment:
    """How two names' parts were aligned, and the score (treat as immutable).

    A plain class rather than a frozen dataclass: compiled by mypyc it is a native
    class whose construction is a C call, where a dataclass's generated
    ``__init__`` runs as Python (a fifth of a comparison's time). :meth:`replace`
    and :data:`FIELDS` stand in for ``dataclasses.replace`` and ``fields``.
    """

    FIELDS: Final = (
        "score",
        "pairs",
        "unmatched_query",
        "unmatched_candidate",
        "legal_words",
        "substitution",
        "borrowed",
        "by_skeleton",
        "qualifiers",
    )

    def __init__(
        self,
        score: float,
        pairs: tuple[tuple[str, str, float], ...],
        unmatched_query: tuple[str, ...],
        unmatched_candidate: tuple[str, ...],
        legal_words: tuple[str, ...] = (),
        substitution: float = 0.0,
        borrowed: tuple[tuple[str, str], ...] = (),
        by_skeleton: bool = False,
        qualifiers: tuple[str, ...] = (),
    ) -> None:
        self.score = score
        #: (query part, candidate part, similarity) per aligned pair
        self.pairs = pairs
        self.unmatched_query = unmatched_query
        self.unmatched_candidate = unmatched_candidate
        #: words of one side that the other side wrote as its legal form (set aside)
        self.legal_words = legal_words
        #: penalty applied because a distinctive word of each side has no counterpart
        self.substitution = substitution
        #: (listed word, the other listed name of the party it was taken from)
        self.borrowed = borrowed
        #: the parts are consonant skeletons (an Arabic-script query against a Latin name)
        self.by_skeleton = by_skeleton
        #: unmatched place names that counted less (qualifiers, see align_parts)
        self.qualifiers = qualifiers

    def values(self) -> tuple[object, ...]:
        return (
            self.score,
            self.pairs,
            self.unmatched_query,
            self.unmatched_candidate,
            self.legal_words,
            self.substitution,
            self.borrowed,
            self.by_skeleton,
            self.qualifiers,
        )

    def replace(
        self,
        *,
        pairs: tuple[tuple[str, str, float], ...] | None = None,
        unmatched_query: tuple[str, ...] | None = None,
        unmatched_candidate: tuple[str, ...] | None = None,
        borrowed: tuple[tuple[str, str], ...] | None = None,
    ) -> Alignment:
        """A copy with the given fields changed (the ones callers change)."""
        return Alignment(
            self.score,
            self.pairs if pairs is None else pairs,
            self.unmatched_query if unmatched_query is None else unmatched_query,
            self.unmatched_candidate if unmatched_candidate is None else unmatched_candidate,
            self.legal_words,
            self.substitution,
            self.borrowed if borrowed is None else borrowed,
            self.by_skeleton,
            self.qualifiers,
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Alignment) and self.values() == other.values()

    def __hash__(self) -> int:
        return hash(self.values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{n}={v!r}" for n, v in zip(self.FIELDS, self.values(), strict=True))
        return f"Alignment({fields})"


def _merge_split(parts: list[str], other: AbstractSet[str]) -> list[str]:
    """Join adjacent parts whose concatenation is a word of the other name.

    ``other`` holds only the other name's words that ``parts`` lacks.
    """
    out: list[str] = []
    i = 0
    n = len(parts)
    while i < n:
        if i + 2 < n and parts[i] + parts[i + 1] + parts[i + 2] in other:
            out.append(parts[i] + parts[i + 1] + parts[i + 2])
            i += 3
        elif i + 1 < n and parts[i] + parts[i + 1] in other:
            out.append(parts[i] + parts[i + 1])
            i += 2
        else:
            out.append(parts[i])
            i += 1
    return out


def _lacking(
    words: list[str], word_set: AbstractSet[str], other: list[str], other_set: AbstractSet[str]
) -> AbstractSet[str]:
    """The words of ``words`` that ``other`` lacks, or has fewer times."""
    lacking = word_set - other_set
    if len(words) == len(word_set):
        return lacking
    # a repeated word (rare): only then are words counted
    return lacking | {w for w in word_set & other_set if words.count(w) > other.count(w)}


def _may_join(parts: list[str], words: AbstractSet[str]) -> bool:
    """Could adjacent ``parts`` be one of ``words`` written as one? (it starts with a part)"""
    for part in parts[:-1]:
        for word in words:
            if len(word) > len(part) and word.startswith(part):
                return True
    return False


def _joins(parts: tuple[str, ...] | list[str]) -> frozenset[str]:
    """Adjacent parts written together: every run of two or three."""
    n = len(parts)
    out = {parts[i] + parts[i + 1] for i in range(n - 1)}
    out.update(parts[i] + parts[i + 1] + parts[i + 2] for i in range(n - 2))
    return frozenset(out)


class QueryParts:
    """The query side of :func:`align_parts`, prepared once per query.

    A query is compared with many candidate names, whose words recur (the
    candidates were found through the query's words). What each candidate
    word is similar to among the query words is therefore worked out once and
    kept for the query's lifetime: the per-candidate work is then one
    dictionary look-up per candidate word, not a similarity per word pair.
    """

    __slots__ = (
        "words",
        "weights",
        "ordered",
        "word_set",
        "joins",
        "keys",
        "rows",
        "forms",
        "_sim",
        "_columns",
        "_columns_initials",
    )

    def __init__(
        self,
        words: list[str] | tuple[str, ...],
        weight: Callable[[str], float],
        sim: Callable[[str, str], float],
        forms: tuple[str, ...] = (),
    ) -> None:
        self.words = list(words)
        self.weights = [weight(w) for w in self.words]
        self.ordered = sorted(self.words)
        self.word_set = frozenset(self.words)
        self.joins = _joins(self.words) if len(self.words) > 1 else frozenset()
        self.keys = [variant_key(w) for w in self.words]
        #: per query word, its similarity to the candidate words met so far
        self.rows = [_similarity_row(sim, w) for w in self.words]
        self.forms = forms
        self._sim = sim
        # one dict per initials setting: a (word, flag) key would be a tuple built
        # and hashed on every look-up
        self._columns: dict[str, tuple[tuple[int, float], ...]] = {}
        self._columns_initials: dict[str, tuple[tuple[int, float], ...]] = {}

    def column(self, word: str, initials: bool) -> tuple[tuple[int, float], ...]:
        """(query word number, similarity) of the query words that ``word`` may pair with."""
        columns = self._columns_initials if initials else self._columns
        col = columns.get(word)
        if col is None:
            col = _column(self.words, self.rows, word, self._sim, initials)
            columns[word] = col
        return col


#: token_similarity by query word, then candidate word: a query's words look up
#: their row once, and each pair is then one dictionary look-up (the lru_cache of
#: token_similarity builds and hashes a key tuple per call, a tenth of a comparison)
_TOKEN_ROWS: Final[dict[str, dict[str, float]]] = {}
#: entries in _TOKEN_ROWS above which it starts again (bounded memory)
TOKEN_ROWS_LIMIT: Final = 500_000
_token_row_entries = 0


def _similarity_row(sim: Callable[[str, str], float], word: str) -> dict[str, float]:
    """The shared similarity row of ``word`` for token_similarity, else a fresh one."""
    global _token_row_entries
    if sim is not token_similarity:
        return {}
    if _token_row_entries > TOKEN_ROWS_LIMIT:
        _TOKEN_ROWS.clear()  # rows held by live queries stay valid, unshared
        _token_row_entries = 0
    row = _TOKEN_ROWS.get(word)
    if row is None:
        row = _TOKEN_ROWS[word] = {}
        _token_row_entries += 1  # a row counts too: queries that meet no candidate add rows
    return row


def _remember(row: dict[str, float], word: str, similarity: float) -> None:
    global _token_row_entries
    row[word] = similarity
    _token_row_entries += 1


def _column(
    words: list[str],
    rows: list[dict[str, float]] | None,
    word: str,
    sim: Callable[[str, str], float],
    initials: bool,
) -> tuple[tuple[int, float], ...]:
    out: list[tuple[int, float]] = []
    one = len(word) == 1
    for i, a in enumerate(words):
        if rows is None:
            s = sim(a, word)
        else:
            row = rows[i]
            found = row.get(word)
            if found is None:
                s = sim(a, word)
                _remember(row, word, s)
            else:
                s = found
        if s == 0.0:
            # a one-letter word pairs with a word of the same initial (J. / John)
            if initials and (one or len(a) == 1) and a[0] == word[0]:
                s = INITIAL_SIM
            else:
                continue
        out.append((i, s))
    return tuple(out)


def align(
    query: list[str],
    cand: list[str],
    weight: Callable[[str], float],
    sim: Callable[[str, str], float],
    beta: float,
    initials: bool,
    query_forms: tuple[str, ...] = (),
    cand_forms: tuple[str, ...] = (),
    substitution: float = 0.0,
    extra_query: float = 1.0,
    qualifiers: AbstractSet[str] = frozenset(),
    qualifier_cost: float = 1.0,
) -> Alignment:
    """Align two lists of name parts (see the module docstring)."""
    qp = QueryParts(query, weight, sim, query_forms)
    return align_parts(
        qp,
        qp.weights,
        list(cand),
        [weight(b) for b in cand],
        weight,
        beta,
        initials,
        cand_forms,
        substitution,
        extra_query,
        qualifiers,
        qualifier_cost,
    )


def align_parts(
    qp: QueryParts,
    q_weights: list[float],
    cand: list[str],
    c_weights: list[float],
    weight: Callable[[str], float],
    beta: float,
    initials: bool,
    cand_forms: tuple[str, ...] = (),
    substitution: float = 0.0,
    extra_query: float = 1.0,
    qualifiers: AbstractSet[str] = frozenset(),
    qualifier_cost: float = 1.0,
) -> Alignment:
    """:func:`align` with the query prepared (``q_weights``: its words' weights here).

    ``qualifiers`` (place names, in organisation names) that only one side has
    cost ``qualifier_cost`` of their weight (see :func:`_qualified`).
    """
    query = qp.words
    if len(query) == len(cand) and qp.ordered == sorted(cand):
        # the same words in any order: nothing to weigh
        return Alignment(1.0, tuple((a, a, 1.0) for a in query), (), ())
    cset = set(cand)
    q = query
    qw = q_weights
    if qp.joins and not qp.joins.isdisjoint(cset):
        # only a word one side lacks can be the other side's words joined (or has
        # fewer times: ABDULLAH AHMED ABDULLAH / عبد الله احمد عبدالله)
        merged = _merge_split(query, _lacking(cand, cset, query, qp.word_set))
        if len(merged) != len(query):
            q = merged
            qw = [weight(a) for a in q]
    q_set = qp.word_set if q is query else set(q)
    c = cand
    cw = c_weights
    if len(cand) > 1:
        q_only = _lacking(q, q_set, cand, cset)
        if q_only and _may_join(cand, q_only):
            merged = _merge_split(cand, q_only)
            if len(merged) != len(cand):
                c = merged
                cw = [weight(b) for b in c]
    scored: list[tuple[float, int, int]] = []
    if q is query:
        for j, b in enumerate(c):
            for i, s in qp.column(b, initials):
                scored.append((-s, i, j))
    else:
        for j, b in enumerate(c):
            for i, s in _column(q, None, b, qp._sim, initials):
                scored.append((-s, i, j))
    scored.sort()
    nq, nc = len(q), len(c)
    used_q = [False] * nq
    used_c = [False] * nc
    pairs: list[tuple[str, str, float]] = []
    num = 0.0
    den = 0.0
    # which side's initial stood for the other side's word (0: none yet)
    initial_side = 0
    for neg, i, j in scored:
        if used_q[i] or used_c[j]:
            continue
        s = -neg
        if s == INITIAL_SIM and (len(q[i]) == 1) != (len(c[j]) == 1):
            # each side's initial standing for the other's word (JOHN B. LARSON /
            # JOHN L. BROUSSARD) is two coincidences of letters, not one name
            side = 1 if len(q[i]) == 1 else 2
            if initial_side and side != initial_side:
                continue
            initial_side = side
        used_q[i] = used_c[j] = True
        wc = cw[j]
        # an initial carries the weight of the word it stands for, not of a letter
        wq = wc if len(q[i]) == 1 else qw[i]
        if len(c[j]) == 1:
            wc = wq
        num += s * (wq + wc)
        den += wq + wc
        pairs.append((q[i], c[j], s))
    un_q = [i for i in range(nq) if not used_q[i]]
    un_c = [j for j in range(nc) if not used_c[j]]
    # words joined on one side, split on the other, in any order (AKBARSEYED / SEYED .. AKBAR)
    if (un_q and len(un_c) >= 2) or (un_c and len(un_q) >= 2):
        # the variant keys of both sides, looked up once here rather than per triple
        q_keys = qp.keys if q is query else [variant_key(a) for a in q]
        c_keys = [variant_key(b) for b in c]
        for side_a, side_b, keys_a, keys_b, used_a, used_b, w_b, a_is_query in (
            (q, c, q_keys, c_keys, used_q, used_c, cw, True),
            (c, q, c_keys, q_keys, used_c, used_q, qw, False),
        ):
            free = [j for j in range(len(side_b)) if not used_b[j]]
            for i, a in enumerate(side_a):
                la = len(a)
                if used_a[i] or la < 5 or len(free) < 2:
                    continue
                best: tuple[float, int, int] | None = None
                for xi, x in enumerate(free):
                    lx = len(side_b[x])
                    if lx >= la:
                        continue  # a part is shorter than the whole
                    for y in free[xi + 1 :]:
                        if -2 <= la - lx - len(side_b[y]) <= 2:
                            s = _joined_keyed(
                                a, side_b[x], side_b[y], keys_a[i], keys_b[x], keys_b[y]
                            )
                            if s and (best is None or s > best[0]):
                                best = (s, x, y)
                if best is None:
                    continue
                s, x, y = best
                used_a[i] = used_b[x] = used_b[y] = True
                free = [j for j in free if j != x and j != y]
                w = w_b[x] + w_b[y]
                num += s * 2 * w
                den += 2 * w
                joined = side_b[x] + " " + side_b[y]
                pairs.append((a, joined, s) if a_is_query else (joined, a, s))
        un_q = [i for i in un_q if not used_q[i]]
        un_c = [j for j in un_c if not used_c[j]]
    # a word one side wrote as (part of) a legal form, typos included, is set aside
    legal: list[str] = []
    if un_q and cand_forms:
        legal.extend(q[i] for i in un_q if _is_form_word(q[i], cand_forms))
        un_q = [i for i in un_q if q[i] not in legal]
    if un_c and qp.forms:
        found = [c[j] for j in un_c if _is_form_word(c[j], qp.forms)]
        legal.extend(found)
        un_c = [j for j in un_c if c[j] not in found]
    # what an unmatched word costs: its weight, or less for a qualifier
    q_cost = [qw[i] for i in un_q]
    c_cost = [cw[j] for j in un_c]
    qualified: tuple[str, ...] = ()
    if qualifiers and (un_q or un_c) and _qualified(q, un_q, c, un_c, pairs, qualifiers):
        qualified = tuple(q[i] for i in un_q if q[i] in qualifiers) + tuple(
            c[j] for j in un_c if c[j] in qualifiers
        )
        q_cost = [
            w * qualifier_cost if q[i] in qualifiers else w
            for i, w in zip(un_q, q_cost, strict=True)
        ]
        c_cost = [
            w * qualifier_cost if c[j] in qualifiers else w
            for j, w in zip(un_c, c_cost, strict=True)
        ]
    wq_un = sum(q_cost)
    wc_un = sum(c_cost)
    # the listed name is wholly in the query, which says more (a patronymic, a
    # second family name): the extra query words cost less
    if not un_c and len(pairs) >= 2 and extra_query < 1.0:
        # three agreeing words, or only patronymics extra: relief
        if len(pairs) >= 3:
            den += extra_query * wq_un
        else:
            den += sum(
                w * (extra_query if is_patronymic(q[i]) else 1.0)
                for i, w in zip(un_q, q_cost, strict=True)
            )
    else:
        den += wq_un
    den += beta * wc_un
    score = num / den if den > 0 else 0.0
    penalty = 0.0
    if substitution and un_q and un_c and num > 0:
        parts = particles()
        sub_q = [i for i in un_q if q[i] not in parts]
        sub_c = [j for j in un_c if c[j] not in parts]
        if sub_q and sub_c:
            # each side has a word the other lacks: a different party more often than
            # not. The penalty counts substituted words (in units of the query's mean
            # word weight), so a long name does not dilute it.
            mean_q = sum(qw) / nq
            w_sub = min(sum(qw[i] for i in sub_q), sum(cw[j] for j in sub_c))
            penalty = min(0.3, substitution * w_sub / max(mean_q, 1e-9))
            score = max(0.0, score - penalty)
    return Alignment(
        min(1.0, score),
        tuple(pairs),
        tuple(q[i] for i in un_q),
        tuple(c[j] for j in un_c),
        tuple(legal),
        penalty,
        qualifiers=qualified,
    )


def _qualified(
    q: list[str],
    un_q: list[int],
    c: list[str],
    un_c: list[int],
    pairs: list[tuple[str, str, float]],
    qualifiers: AbstractSet[str],
) -> bool:
    """May the qualifiers among the unmatched words cost less?

    Only where one side alone has words the other lacks (particles aside) and
    one of those is a qualifier, and where the names share a distinctive word:
    ROSARIO NIEBLA .. / RESEARCH NIEBLA .. is a substitution, whatever ROSARIO
    is, and SHENZHEN TRADING CO / TRADING CO shares only what any company has.
    """
    # most candidates have no unmatched place: the cheap test first (a hot path)
    if all(q[i] not in qualifiers for i in un_q) and all(c[j] not in qualifiers for j in un_c):
        return False
    parts = particles()
    if any(q[i] not in parts for i in un_q) and any(c[j] not in parts for j in un_c):
        return False
    weak = weak_words()
    return any(len(a) > 1 and a not in weak and a not in qualifiers for a, _, _ in pairs)


def _one_slip(a: str, b: str, min_len: int) -> bool:
    """One edit apart, both words of ``min_len`` letters or more."""
    return min(len(a), len(b)) >= min_len and OSA.distance(a, b) <= 1


@lru_cache(maxsize=65536)  # the same few forms (ltd, co, llc) meet the same words
def _is_form_word(word: str, forms: tuple[str, ...]) -> bool:
    """Is ``word`` one of the other side's legal-form words, maybe mistyped?

    Legal forms are short (CO, LTD, LLC): one slip in them ("FO., TD.") is still
    the form, though two-letter words are otherwise never called similar. A
    title taken off a person's name (QARI, SHEIKH) sets aside only its own
    spellings and slips (SHAYKH, MAWLANA / MAULANA, AQRI / QARI): both sides
    have their known titles taken off already, and a given name that merely
    resembles one (GHAZI / QARI, 0.75) is a word of the name, not the title.
    """
    titles = honorifics()
    return any(
        (token_similarity(word, f) >= HONORIFIC_SIM or _one_slip(word, f, 4))
        if f in titles
        else (token_similarity(word, f) >= 0.7 or _one_slip(word, f, 2))
        for f in forms
    )


class NameComparer:
    """Compares one analysed query name with candidate names (see :func:`compare_names`).

    Built once per query, so that the query's words, weights and similarities
    to the candidates' words are worked out once, not once per candidate.
    """

    def __init__(self, query: NameForm, weight: Callable[[str], float]) -> None:
        self.query = query
        self.weight = weight
        self.latin = QueryParts(query.tokens, weight, token_similarity, query.form_words)
        self.arabic = query.script == "Arabic"
        self.skeletons: QueryParts | None = None
        self._word_of_skeleton: dict[str, str] = {}
        self._particle_weights: list[float | None] = []
        if self.arabic:
            # weights are the candidate's (see compare), so none are needed here
            kept = [(tok, sk) for tok, sk in zip(query.tokens, query.skeletons, strict=True) if sk]
            self.skeletons = QueryParts([sk for _, sk in kept], lambda _s: 0.0, skeleton_similarity)
            # a particle (al, abu) weighs what it weighs in Latin names; other words
            # borrow the candidate's weights (see compare)
            parts = particles()
            self._particle_weights = [weight(tok) if tok in parts else None for tok, _ in kept]
            self._word_of_skeleton = {sk: tok for tok, sk in kept}

    def compare(
        self,
        cand: NameForm,
        beta: float,
        initials: bool,
        substitution: float = 0.0,
        extra_query: float = 1.0,
        qualifiers: AbstractSet[str] = frozenset(),
        qualifier_cost: float = 1.0,
    ) -> Alignment:
        weight = self.weight
        c_weights = [weight(t) for t in cand.tokens]
        latin = align_parts(
            self.latin,
            self.latin.weights,
            list(cand.tokens),
            c_weights,
            weight,
            beta,
            initials,
            cand.form_words,
            substitution,
            extra_query,
            qualifiers,
            qualifier_cost,
        )
        if self.skeletons is None or cand.script == "Arabic":
            return latin
        skel_weight: dict[str, float] = {}
        for sk, w in zip(cand.skeletons, c_weights, strict=True):
            skel_weight[sk] = max(skel_weight.get(sk, 0.0), w)
        default = sorted(skel_weight.values())[len(skel_weight) // 2] if skel_weight else 5.0

        def sk_weight(s: str) -> float:
            return skel_weight.get(s, default)

        c_sk = [s for s in cand.skeletons if s]
        skel = align_parts(
            self.skeletons,
            [
                sk_weight(s) if w is None else w
                for s, w in zip(self.skeletons.words, self._particle_weights, strict=True)
            ],
            c_sk,
            [sk_weight(s) for s in c_sk],
            sk_weight,
            beta,
            False,
            substitution=substitution,
            extra_query=extra_query,
        )
        if skel.score * SKELETON_FIT <= latin.score:
            return latin
        # a skeleton match is weaker evidence than a spelling match, and weaker still
        # where the romanization does not fit the listed spelling (احمد and HEMED)
        q_word = self._word_of_skeleton
        c_word = dict(zip(cand.skeletons, cand.tokens, strict=True))
        unfit = sum(
            1
            for a, b, _ in skel.pairs
            if " " not in a + b and not fits_unvowelled(q_word.get(a, a), c_word.get(b, b))
        )
        factor = SKELETON_FIT - (SKELETON_FIT - SKELETON_UNFIT) * unfit / max(len(skel.pairs), 1)
        score = skel.score * factor
        if score <= latin.score:
            return latin
        return Alignment(
            score,
            skel.pairs,
            skel.unmatched_query,
            skel.unmatched_candidate,
            skel.legal_words,
            skel.substitution,
            by_skeleton=True,
        )


def compare_names(
    query: NameForm,
    cand: NameForm,
    weight: Callable[[str], float],
    beta: float,
    initials: bool,
    substitution: float = 0.0,
    extra_query: float = 1.0,
) -> Alignment:
    """Align two analysed names; Arabic-script query vs other script by skeleton."""
    return NameComparer(query, weight).compare(cand, beta, initials, substitution, extra_query)


def borrow_words(
    al: Alignment,
    cand: NameForm,
    others: Sequence[NameForm],
    weight: Callable[[str], float],
    max_words: int,
    min_similarity: float,
) -> tuple[NameForm, tuple[tuple[str, str], ...]] | None:
    """``cand`` with query words it lacks taken from the party's other names.

    A party's names are spellings and aliases of one party, and an alias may mix
    their words (GRAN GRIF DE SAVIEN for GRAN GRIF and SAVIEN GANG). The query
    words ``al`` left unmatched are looked up, rarest first, among the words of
    ``others``; at most ``max_words`` words at ``min_similarity`` or more are
    added to the candidate's words. Particles and single letters are never
    borrowed: they say too little. None when nothing is found.
    """
    if not others or max_words < 1:
        return None
    have = set(cand.tokens)
    parts = particles()
    wanted = sorted(
        (w for w in set(al.unmatched_query) if len(w) > 1 and w not in parts),
        key=lambda w: (-weight(w), w),
    )
    tokens: list[str] = []
    skeletons: list[str] = []
    borrowed: list[tuple[str, str]] = []
    for word in wanted:
        found = next(
            (
                (tok, sk, other.original)
                for other in others
                for tok, sk in zip(other.tokens, other.skeletons, strict=True)
                if tok not in have and token_similarity(word, tok) >= min_similarity
            ),
            None,
        )
        if found is None:
            continue
        tok, sk, source = found
        have.add(tok)
        tokens.append(tok)
        skeletons.append(sk)
        borrowed.append((tok, source))
        if len(borrowed) >= max_words:
            break
    if not borrowed:
        return None
    form = replace(
        cand, tokens=cand.tokens + tuple(tokens), skeletons=cand.skeletons + tuple(skeletons)
    )
    return form, tuple(borrowed)
