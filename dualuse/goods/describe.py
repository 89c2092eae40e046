"""Free-text product description -> ranked HS-6 subheadings.

The vocabulary is data (``data/hs_vocabulary.yml``): for each HS-6
subheading its nomenclature wording (with source) and the words and phrases
that trade documents use for such goods, each with a weight. Classification
is a transparent bag-of-phrases score:

1. the description is lower-cased, split into words on anything that is not
   a letter or digit, and simple English plurals are folded;
2. every run of 1..N words is looked up in a phrase index built from the
   vocabulary (terms, plus the content words of the wording at a small
   weight); single words are also tried against the regular-expression
   patterns of the vocabulary (bearing series numbers, KV ratings ...). A term
   word ending in ``*`` matches any word it begins (``подшипник*`` for the
   inflected Russian forms of TN VED declarations). Chinese has no spaces, so
   a term in Chinese characters is found as a substring of the words
   (``轴承`` in ``深沟球轴承``); a longer Chinese term shadows a shorter one
   inside it that points elsewhere;
3. a longer phrase shadows the shorter phrases inside it that point to
   *other* subheadings ("marine propeller" is not evidence for aircraft
   propellers), which then count at :data:`SHADOW_FACTOR` of their weight;
4. words after a context marker of the vocabulary ("for": "antenna for
   router") name the apparatus the goods serve, not the goods, and count at
   the vocabulary's ``context_weight`` up to the next comma or bracket;
5. a subheading's score is the sum of the weights of the distinct terms
   found, scaled down when the description names an accessory ("camera
   tripod", "bearing grease") that none of the subheading's terms contains;
   the confidence is the score over the sum of all positive scores plus a
   constant, so one weak word never reaches high confidence.

The words that led to each subheading are returned with it. Work is bounded:
at most :data:`MAX_DESCRIPTION_CHARS` characters are read (the rest is
reported as ignored), and lookups are O(words x N).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from dualuse.errors import ConfigError

#: Longest description read in full; longer text is cut and the cut is reported.
MAX_DESCRIPTION_CHARS = 10_000
#: Constant added to the denominator of the confidence (uncertainty mass).
CONFIDENCE_PRIOR = 2.0
#: Lowest score of a candidate shown below the best one.
MIN_CANDIDATE_SCORE = 0.5
#: Weight kept by a phrase inside a longer phrase that points elsewhere.
SHADOW_FACTOR = 0.25
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
#: Punctuation that ends a phrase and a context ("0.1uF, 630V"; "(for drones)").
_TOKEN_OR_BREAK = re.compile(r"[^\W_]+|[,;:()\[\]|]", re.UNICODE)
_BREAKS = frozenset(",;:()[]|")
_PREFIX_WORD = re.compile(r"[^\W_]+\*?", re.UNICODE)
_CJK = re.compile(r"[\u3400-\u9fff]")
#: Words that look plural but are not, or whose plural is irregular.
_KEEP = frozenset(
    {
        "lens",
        "gps",
        "gnss",
        "glass",
        "bus",
        "mos",
        "ins",
        "ams",
        "plus",
        "axis",
        "chassis",
        "cross",
        "less",
        "press",
        "brass",
        "harness",
        "thickness",
        "process",
        "access",
        "wireless",
        "status",
        "radius",
        "nas",
        "dpss",
        "ups",
        "sms",
        "ss",
        "dgps",
        "series",
        "apparatus",
    }
)
_IRREGULAR = {
    "lenses": "lens",
    "axes": "axis",
    "harnesses": "harness",
    "switches": "switch",
    "boxes": "box",
    "relays": "relay",
    "accessories": "accessory",
}


def fold_word(word: str) -> str:
    """Singular, lower-case form used on both sides of the comparison. Pure."""
    w = word.lower().replace("ё", "е")
    if w in _KEEP or len(w) <= 3 or w[-1].isdigit():
        return w
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "sses", "xes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def tokenize(text: str) -> list[str]:
    """Folded words of a text, in order."""
    return [fold_word(m.group(0)) for m in _WORD.finditer(text)]


def segments(text: str) -> list[list[str]]:
    """Folded words grouped into runs between punctuation breaks."""
    out: list[list[str]] = [[]]
    for m in _TOKEN_OR_BREAK.finditer(text):
        tok = m.group(0)
        if tok not in _BREAKS:
            out[-1].append(fold_word(tok))
        elif out[-1]:
            out.append([])
    return [s for s in out if s]


@dataclass(frozen=True)
class HeadingCandidate:
    """One likely HS-6 subheading for a description."""

    code: str
    confidence: float
    score: float
    words: tuple[str, ...]
    wording: str
    source: str
    #: Accessory words of the description ("tripod") that lowered this candidate.
    caveats: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "confidence": round(self.confidence, 3),
            "score": round(self.score, 2),
            "words": list(self.words),
            "caveats": list(self.caveats),
            "wording": self.wording,
            "source": self.source,
        }


@dataclass(frozen=True)
class _Pattern:
    regex: re.Pattern[str]
    weight: float
    label: str
    code: str


class DescriptionClassifier:
    """Phrase index over the vocabulary; build once, classify many times."""

    def __init__(self, vocabulary: dict[str, Any]) -> None:
        self.sources: dict[str, dict[str, str]] = vocabulary.get("sources", {})
        self.headings: dict[str, dict[str, str]] = {
            str(k): v for k, v in (vocabulary.get("headings") or {}).items()
        }
        self.subheadings: dict[str, dict[str, Any]] = {
            str(k): v for k, v in vocabulary["subheadings"].items()
        }
        wording_weight = float(vocabulary.get("wording_weight", 0.3))
        self.context_markers = frozenset(
            fold_word(str(w)) for w in vocabulary.get("context_markers", [])
        )
        self.context_weight = float(vocabulary.get("context_weight", 1.0))
        self.accessory_words = frozenset(
            fold_word(str(w)) for w in vocabulary.get("accessory_words", [])
        )
        self.accessory_factor = float(vocabulary.get("accessory_factor", 1.0))
        stop = {fold_word(w) for w in vocabulary.get("wording_stopwords", [])}
        # phrase (tuple of folded words) -> {code: (weight, written term)}
        self.index: dict[tuple[str, ...], dict[str, tuple[float, str]]] = {}
        self.patterns: list[_Pattern] = []
        # first two letters of the first word -> (stems, code, weight, term)
        self.prefix_terms: dict[str, list[tuple[tuple[tuple[str, bool], ...], str, float, str]]]
        self.prefix_terms = {}
        self.cjk_terms: list[tuple[str, str, float]] = []
        self.max_len = 1
        for code, entry in self.subheadings.items():
            if not (code.isdigit() and len(code) == 6):
                raise ConfigError(f"hs_vocabulary.yml: subheading {code!r} is not 6 digits")
            for word in set(tokenize(str(entry.get("wording", "")))):
                if word in stop or word.isdigit() or len(word) < 3:
                    continue
                self._add((word,), code, wording_weight, word)
            for term, weight in (entry.get("terms") or {}).items():
                if _CJK.search(str(term)):
                    self.cjk_terms.append((str(term).lower(), code, float(weight)))
                    continue
                if "*" in str(term):
                    self._add_prefix_term(str(term), code, float(weight))
                    continue
                words = tuple(tokenize(str(term)))
                if not words:
                    raise ConfigError(f"hs_vocabulary.yml: empty term under {code}")
                # A hand-written term replaces the wording weight of the same word.
                self._add(words, code, float(weight), str(term), replace=True)
            for pat in entry.get("patterns") or ():
                self.patterns.append(
                    _Pattern(re.compile(pat["regex"]), float(pat["weight"]), pat["label"], code)
                )

    def _add_prefix_term(self, term: str, code: str, weight: float) -> None:
        stems = tuple(
            (w.rstrip("*").lower().replace("ё", "е"), w.endswith("*"))
            for w in _PREFIX_WORD.findall(term)
        )
        if not stems or any(len(s) < 2 for s, _p in stems):
            raise ConfigError(f"hs_vocabulary.yml: prefix term {term!r} under {code} is too short")
        self.prefix_terms.setdefault(stems[0][0][:2], []).append((stems, code, weight, term))
        self.max_len = max(self.max_len, len(stems))

    def _add(
        self, words: tuple[str, ...], code: str, weight: float, term: str, replace: bool = False
    ) -> None:
        slot = self.index.setdefault(words, {})
        if replace or code not in slot:
            slot[code] = (weight, term)
        self.max_len = max(self.max_len, len(words))

    def wording(self, code: str) -> tuple[str, str]:
        """Nomenclature wording of a 4- or 6-digit code and the URL of its source."""
        entry = self.subheadings.get(code) or self.headings.get(code)
        if not entry:
            return "", ""
        src = self.sources.get(entry.get("source", ""), {})
        return str(entry.get("wording", "")), str(src.get("url", entry.get("source", "")))

    def classify(self, text: str, limit: int = 5) -> list[HeadingCandidate]:
        scores: dict[str, dict[str, float]] = {}  # code -> {term: weight}
        all_words: set[str] = set()
        for words in segments(text[:MAX_DESCRIPTION_CHARS]):
            self._score_segment(words, scores)
            all_words.update(words)
        totals = {code: sum(t.values()) for code, t in scores.items()}
        caveats: dict[str, tuple[str, ...]] = {}
        accessories = all_words & self.accessory_words
        if accessories:
            for code, terms in scores.items():
                # "tool holder" names the goods; "camera tripod" names an accessory.
                term_words = {w for term in terms for w in tokenize(term)}
                found = tuple(sorted(accessories - term_words))
                if found:
                    caveats[code] = found
                    totals[code] *= self.accessory_factor
        positive = {c: s for c, s in totals.items() if s > 0}
        if not positive:
            return []
        denom = sum(positive.values()) + CONFIDENCE_PRIOR
        ranked = sorted(positive.items(), key=lambda kv: (-kv[1], kv[0]))
        # Below the best, a candidate resting on one weak word is noise, not a suggestion.
        ranked = [kv for i, kv in enumerate(ranked) if i == 0 or kv[1] >= MIN_CANDIDATE_SCORE]
        ranked = ranked[:limit]
        out = []
        for code, score in ranked:
            terms = scores[code]
            words_used = tuple(t for t, w in sorted(terms.items(), key=lambda kv: -kv[1]) if w > 0)
            wording, source = self.wording(code)
            out.append(
                HeadingCandidate(
                    code, score / denom, score, words_used, wording, source, caveats.get(code, ())
                )
            )
        return out

    def _score_segment(self, words: list[str], scores: dict[str, dict[str, float]]) -> None:
        # Position of each word relative to the context marker before it.
        in_context = []
        ctx = False
        for w in words:
            in_context.append(ctx)
            if w in self.context_markers:
                ctx = True
        matches: list[tuple[int, int, str, float, str]] = []  # start, length, code, weight, term
        for i in range(len(words)):
            for n in range(1, min(self.max_len, len(words) - i) + 1):
                hit = self.index.get(tuple(words[i : i + n]))
                if hit:
                    for code, (weight, term) in hit.items():
                        matches.append((i, n, code, weight, term))
            for stems, code, weight, term in self.prefix_terms.get(words[i][:2], ()):
                n = len(stems)
                if i + n <= len(words) and all(
                    words[i + k].startswith(s) if is_prefix else words[i + k] == s
                    for k, (s, is_prefix) in enumerate(stems)
                ):
                    matches.append((i, n, code, weight, term))
            if self.cjk_terms and _CJK.search(words[i]):
                found = [(term, code, w) for term, code, w in self.cjk_terms if term in words[i]]
                for term, code, w in found:
                    longer_elsewhere = any(
                        len(other) > len(term) and term in other and other_code != code
                        for other, other_code, other_w in found
                        if other_w > 0
                    )
                    # Recorded as a one-word match; shadowing is settled here.
                    matches.append(
                        (i, 1, code, w * (SHADOW_FACTOR if longer_elsewhere else 1), term)
                    )
            for pat in self.patterns:
                if pat.regex.match(words[i]):
                    matches.append((i, 1, pat.code, pat.weight, f"{words[i]} ({pat.label})"))
        by_start: dict[int, list[tuple[int, str]]] = {}
        for s, n, code, weight, _term in matches:
            if weight > 0 and n > 1:
                by_start.setdefault(s, []).append((n, code))
        for start, n, code, weight, term in matches:
            shadowed = any(
                other_n > n and start + n <= s + other_n and other_code != code
                for s in range(max(0, start - self.max_len + 1), start + 1)
                for other_n, other_code in by_start.get(s, ())
            )
            value = weight * (SHADOW_FACTOR if shadowed and weight > 0 else 1.0)
            if in_context[start] and value > 0:
                value *= self.context_weight
            slot = scores.setdefault(code, {})
            # The strongest reading of a term counts once.
            if term not in slot or abs(value) > abs(slot[term]):
                slot[term] = value


@cache
def load_vocabulary() -> dict[str, Any]:
    text = resources.files("dualuse.goods.data").joinpath("hs_vocabulary.yml").read_text("utf-8")
    return yaml.safe_load(text)


@cache
def default_classifier() -> DescriptionClassifier:
    return DescriptionClassifier(load_vocabulary())


def classify_description(text: str, limit: int = 5) -> list[HeadingCandidate]:
    """Likely HS-6 subheadings for a description, best first (no validation)."""
    return default_classifier().classify(text, limit)
