"""Name similarity over aligned name parts.

Two analysed names (:class:`dualuse.normalize.NameForm`) are compared part by
part: every query token is paired with at most one candidate token (greedy,
best pair first, ties broken by position, so the result is deterministic and
independent of word order). A pair's similarity is 1 for equal tokens, 0.95 for
equal romanization-variant keys, else the normalized OSA (Damerau) similarity of
the spellings or of their keys; one slip of the keyboard in a word of four or
more letters counts as nearly the same word, in a three-letter word as 0.72;
below 0.7 a pair does not count. A one-letter token pairs with a word of the
same initial at 0.8 (J. Smith / John Smith). Words joined on one side and split
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
(typos included) are set aside.

For an Arabic-script query against a Latin name the parts compared are the
consonant skeletons (:func:`dualuse.normalize.skeleton`), since Arabic script
does not write short vowels.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA, Levenshtein

from dualuse.normalize import NameForm, particles, variant_key
from dualuse.normalize.names import is_patronymic

MIN_PAIR = 0.7
SINGLE_EDIT_SIM = 0.72
INITIAL_SIM = 0.8


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
    sim = max(OSA.normalized_similarity(a, b), OSA.normalized_similarity(ka, kb))
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


def _joined_similarity(a: str, b: str, c: str) -> float:
    """Similarity of word ``a`` with ``b`` and ``c`` written as one (either order)."""
    if len(a) < 5 or abs(len(a) - len(b) - len(c)) > 2:
        return 0.0
    best = max(
        OSA.normalized_similarity(a, b + c),
        OSA.normalized_similarity(a, c + b),
        # keys of the parts (cached) rather than of new joined strings
        OSA.normalized_similarity(variant_key(a), variant_key(b) + variant_key(c)),
        OSA.normalized_similarity(variant_key(a), variant_key(c) + variant_key(b)),
    )
    return best if best >= 0.85 else 0.0


@lru_cache(maxsize=262144)
def skeleton_similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0 if a else 0.0
    if not a or not b:
        return 0.0
    sim = Levenshtein.normalized_similarity(a, b)
    if min(len(a), len(b)) <= 2:
        sim -= 0.2
    return sim if sim >= 0.6 else 0.0


@dataclass(frozen=True, slots=True)
class Alignment:
    score: float
    #: (query part, candidate part, similarity) per aligned pair
    pairs: tuple[tuple[str, str, float], ...]
    unmatched_query: tuple[str, ...]
    unmatched_candidate: tuple[str, ...]
    #: words of one side that the other side wrote as its legal form (set aside)
    legal_words: tuple[str, ...] = ()
    #: penalty applied because a distinctive word of each side has no counterpart
    substitution: float = 0.0


def _merge_split(parts: list[str], other: set[str]) -> list[str]:
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
) -> Alignment:
    if sorted(query) == sorted(cand):
        # the same words in any order: nothing to weigh
        return Alignment(1.0, tuple((a, a, 1.0) for a in query), (), ())
    qset, cset = set(query), set(cand)
    # only a word one side lacks can be the other side's words joined
    c_only = cset - qset
    q = _merge_split(query, c_only) if c_only and len(query) > 1 else query
    if q is not query:
        qset = set(q)
    q_only = qset - cset
    c = _merge_split(cand, q_only) if q_only and len(cand) > 1 else cand
    q_one = [len(a) == 1 for a in q]
    c_one = [len(b) == 1 for b in c]
    scored: list[tuple[float, int, int]] = []
    for i, a in enumerate(q):
        qi1 = q_one[i]
        for j, b in enumerate(c):
            s = sim(a, b)
            if s == 0.0:
                if initials and (qi1 or c_one[j]) and a[0] == b[0]:
                    s = INITIAL_SIM
                else:
                    continue
            scored.append((-s, i, j))
    scored.sort()
    used_q: set[int] = set()
    used_c: set[int] = set()
    pairs: list[tuple[str, str, float]] = []
    num = 0.0
    den = 0.0
    for neg, i, j in scored:
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        s = -neg
        wc = weight(c[j])
        # an initial carries the weight of the word it stands for, not of a letter
        wq = wc if q_one[i] else weight(q[i])
        if c_one[j]:
            wc = wq
        num += s * (wq + wc)
        den += wq + wc
        pairs.append((q[i], c[j], round(s, 3)))
    # words joined on one side, split on the other, in any order (AKBARSEYED / SEYED .. AKBAR)
    for side_a, side_b, used_a, used_b, a_is_query in (
        (q, c, used_q, used_c, True),
        (c, q, used_c, used_q, False),
    ):
        if len(used_a) == len(side_a) or len(side_b) - len(used_b) < 2:
            continue
        free = [j for j in range(len(side_b)) if j not in used_b]
        lens = [len(side_b[j]) for j in free]
        # lengths two free words reach together: most words need no closer look
        sums = {lens[x] + lens[y] for x in range(len(free)) for y in range(x + 1, len(free))}
        for i, a in enumerate(side_a):
            la = len(a)
            if i in used_a or la < 5 or len(free) < 2:
                continue
            if not (
                la in sums or la - 1 in sums or la + 1 in sums or la - 2 in sums or la + 2 in sums
            ):
                continue
            best: tuple[float, int, int] | None = None
            for xi in range(len(free)):
                lx = lens[xi]
                if lx >= la:
                    continue  # a part is shorter than the whole
                for yi in range(xi + 1, len(free)):
                    if -2 <= la - lx - lens[yi] <= 2:
                        x, y = free[xi], free[yi]
                        s = _joined_similarity(a, side_b[x], side_b[y])
                        if s and (best is None or s > best[0]):
                            best = (s, x, y)
            if best is None:
                continue
            s, x, y = best
            used_a.add(i)
            used_b.update((x, y))
            free = [j for j in free if j not in (x, y)]
            lens = [len(side_b[j]) for j in free]
            sums = {lens[u] + lens[v] for u in range(len(free)) for v in range(u + 1, len(free))}
            w = weight(side_b[x]) + weight(side_b[y])
            num += s * 2 * w
            den += 2 * w
            joined = side_b[x] + " " + side_b[y]
            pairs.append((a, joined, round(s, 3)) if a_is_query else (joined, a, round(s, 3)))
    unmatched_q = [a for i, a in enumerate(q) if i not in used_q]
    unmatched_c = [b for j, b in enumerate(c) if j not in used_c]
    # a word one side wrote as (part of) a legal form, typos included, is set aside
    legal: list[str] = []
    for words, forms in ((unmatched_q, cand_forms), (unmatched_c, query_forms)):
        if forms:
            for w in list(words):
                if any(token_similarity(w, f) >= 0.7 for f in forms):
                    words.remove(w)
                    legal.append(w)
    wq_un = sum(weight(a) for a in unmatched_q)
    wc_un = sum(weight(b) for b in unmatched_c)
    # the listed name is wholly in the query, which says more (a patronymic, a
    # second family name): the extra query words cost less
    if not unmatched_c and len(pairs) >= 2 and extra_query < 1.0:
        # three agreeing words, or only patronymics extra: relief
        if len(pairs) >= 3:
            den += extra_query * wq_un
        else:
            den += sum(weight(a) * (extra_query if is_patronymic(a) else 1.0) for a in unmatched_q)
    else:
        den += wq_un
    den += beta * wc_un
    score = num / den if den > 0 else 0.0
    penalty = 0.0
    parts = particles()
    sub_q = [a for a in unmatched_q if a not in parts]
    sub_c = [b for b in unmatched_c if b not in parts]
    if substitution and sub_q and sub_c and num > 0:
        # each side has a word the other lacks: a different party more often than not.
        # The penalty counts substituted words (in units of the query's mean word
        # weight), so a long name does not dilute it.
        mean_q = sum(weight(a) for a in q) / len(q)
        w_sub = min(sum(weight(a) for a in sub_q), sum(weight(b) for b in sub_c))
        penalty = min(0.3, substitution * w_sub / max(mean_q, 1e-9))
        score = max(0.0, score - penalty)
    return Alignment(
        min(1.0, score),
        tuple(pairs),
        tuple(unmatched_q),
        tuple(unmatched_c),
        tuple(legal),
        round(penalty, 4),
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
    latin = align(
        list(query.tokens),
        list(cand.tokens),
        weight,
        token_similarity,
        beta,
        initials,
        query.form_words,
        cand.form_words,
        substitution,
        extra_query,
    )
    if query.script == "Arabic" and cand.script != "Arabic":
        skel_weight: dict[str, float] = {}
        for tok, sk in zip(cand.tokens, cand.skeletons, strict=True):
            skel_weight[sk] = max(skel_weight.get(sk, 0.0), weight(tok))
        default = sorted(skel_weight.values())[len(skel_weight) // 2] if skel_weight else 5.0

        def sk_weight(s: str) -> float:
            return skel_weight.get(s, default)

        q_sk = [s for s in query.skeletons if s]
        c_sk = [s for s in cand.skeletons if s]
        skel = align(
            q_sk,
            c_sk,
            sk_weight,
            skeleton_similarity,
            beta,
            False,
            substitution=substitution,
            extra_query=extra_query,
        )
        # a skeleton match is weaker evidence than a spelling match
        skel = Alignment(
            skel.score * 0.97,
            skel.pairs,
            skel.unmatched_query,
            skel.unmatched_candidate,
            skel.legal_words,
            skel.substitution,
        )
        if skel.score > latin.score:
            return skel
    return latin
