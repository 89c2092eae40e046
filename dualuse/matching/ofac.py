"""An OFAC-compatible score, shown beside dualuse's own.

OFAC's Sanctions List Search FAQ (questions 249-251, "How does the Sanctions
List Search tool's fuzzy logic work?") says the tool uses two algorithms,
Jaro-Winkler and Soundex, and two methods, character matching and string
matching, and that the score is a percentage of similarity. This module
reproduces that design, not OFAC's code (which is not published):

- string matching: each query name part is paired with its best candidate
  part; a part scores its Jaro-Winkler similarity, averaged with 1 when the
  two parts share a Soundex code (0 otherwise), and the parts are averaged;
- character matching: Jaro-Winkler of the whole names (ASCII, upper case,
  punctuation removed);
- the OFAC score is the higher of the two, in [0, 1].

So a user can answer "what would OFAC's tool roughly say" (its default
minimum is 80 %); the decision itself uses dualuse's score.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import JaroWinkler

from dualuse.normalize import clean, soundex, to_latin


@lru_cache(maxsize=65536)
def _parts(name: str) -> tuple[str, ...]:
    return tuple(to_latin(clean(name)).split())


def ofac_score(query: str, candidate: str) -> float:
    """OFAC-style similarity of two names in [0, 1] (see module docstring)."""
    q, c = _parts(query), _parts(candidate)
    if not q or not c:
        return 0.0
    whole = JaroWinkler.normalized_similarity(" ".join(q), " ".join(c))
    total = 0.0
    for a in q:
        sa = soundex(a)
        best = 0.0
        for b in c:
            jw = JaroWinkler.normalized_similarity(a, b)
            part = (jw + (1.0 if sa and sa == soundex(b) else 0.0)) / 2
            best = max(best, part)
        total += best
    return round(max(whole, total / len(q)), 4)
