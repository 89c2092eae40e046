"""Scale benchmark: 1 million synthetic parties, build time and query latency.

Names are generated from small pools of common given names, family names and
company words (general name knowledge, not list data), with a seeded RNG, so
every run indexes the same million parties. Queries are drawn from the indexed
names with one perturbation each (typo, dropped word, swapped order) plus
unrelated names, and the script prints build time, p50/p99 latency and peak
memory. Usage: ``python bench/names_1m.py [N] [QUERIES] [WORKERS]`` (WORKERS:
processes that analyse the names while the index is built; default 1).
"""

from __future__ import annotations

import json
import random
import resource
import sys
import time

from dualuse.matching import Matcher, PartyQuery
from dualuse.matching.index import EntityRecord

GIVEN = (
    "mohammad ali hossein reza ahmad hassan mehdi amir javad saeed sergey alexander dmitry "
    "andrei ivan nikolai vladimir oleg pavel yuri wei jian ming li hua jun john james robert "
    "michael david maria elena olga anna fatima zahra leila mariam kemal mehmet mustafa emre"
).split()
FAMILY = (
    "rezaei ahmadi hosseini mohammadi karimi moradi jafari rahimi sadeghi ivanov petrov "
    "smirnov kuznetsov popov sokolov lebedev kozlov novikov morozov wang zhang liu chen yang "
    "huang zhao wu zhou smith johnson brown yilmaz kaya demir sahin celik yildiz aydin ozturk "
    "haddad khalil nasser saleh hamdan"
).split()
ORG_WORDS = (
    "pars kala sanat tejarat saman arya behsaz tosee fanavari sepehr caspian baltic ural "
    "volga sibir aero tech nova star trans marine global eastern golden dragon phoenix "
    "unity orient delta alpha omega vector quantum electron precision"
).split()
ORG_TAILS = ("trading company", "llc", "co ltd", "jsc", "industrial group", "fze", "")


def synth(n: int, seed: int = 20250601) -> list[EntityRecord]:
    rng = random.Random(seed)
    out: list[EntityRecord] = []
    for i in range(n):
        if rng.random() < 0.55:
            parts = [rng.choice(GIVEN)] + ([rng.choice(GIVEN)] if rng.random() < 0.4 else [])
            name = " ".join(parts + [rng.choice(FAMILY)]) + f" {_suffix(rng, i)}"
            schema = "Person"
        else:
            words = rng.sample(ORG_WORDS, rng.randint(1, 3))
            name = " ".join(words) + f" {_suffix(rng, i)} " + rng.choice(ORG_TAILS)
            schema = "Company"
        out.append(EntityRecord(f"syn-{i}", schema, name.strip(), "synthetic", [name.strip()]))
    return out


def _suffix(rng: random.Random, i: int) -> str:
    # a pseudo-word per entity so that names are distinct, like real listings
    letters = "bdfgklmnprstvz"
    vowels = "aeiou"
    word = "".join(rng.choice(letters) + rng.choice(vowels) for _ in range(3))
    return word + letters[i % len(letters)]


def perturb(rng: random.Random, name: str) -> str:
    words = name.split()
    kind = rng.randrange(3)
    if kind == 0 and words:
        w = rng.randrange(len(words))
        t = words[w]
        if len(t) > 3:
            k = rng.randrange(len(t) - 1)
            words[w] = t[:k] + t[k + 1] + t[k] + t[k + 2 :]
    elif kind == 1 and len(words) > 2:
        del words[rng.randrange(len(words))]
    else:
        words = words[::-1]
    return " ".join(words)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    n_queries = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    workers = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    records = synth(n)
    start = time.perf_counter()
    matcher = Matcher.from_records(records, workers=workers)
    build_s = time.perf_counter() - start
    rng = random.Random(7)
    queries = [perturb(rng, rng.choice(records).names[0]) for _ in range(n_queries)]
    latencies: list[float] = []
    for q in queries:
        t0 = time.perf_counter()
        matcher.score_query(PartyQuery(q), explain=False)
        latencies.append((time.perf_counter() - t0) * 1000)
    latencies.sort()
    print(
        json.dumps(
            {
                "entities": n,
                "build_s": round(build_s, 1),
                "build_workers": workers,
                "queries": n_queries,
                "p50_ms": round(latencies[len(latencies) // 2], 2),
                "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1], 2),
                "peak_mem_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            }
        )
    )


if __name__ == "__main__":
    main()
