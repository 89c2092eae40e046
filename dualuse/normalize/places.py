"""Place names that qualify an organisation name: ``data/place_names.yml``.

A city or country that one organisation name adds and the other lacks (BANK
MELLAT YEREVAN / BANK MELLAT, GOORYONG SHIPPING BANGKOK / GOORYONG SHIPPING CO
LTD, DANDONG JINXIANG TRADE / JINXIANG TRADING) most often names a branch or the
city of registration, not another party. The scorer lets such a word cost less
(:func:`dualuse.matching.names.align_parts`); this module only reads the words.

The file is written from GeoNames by ``scripts/make_place_names.py`` (its header
says which cities). The index's word weights cannot tell this: a city that few
listed names contain is as rare as a distinctive name.
"""

from __future__ import annotations

from functools import cache

from dualuse.normalize import _data
from dualuse.normalize.names import generic_words, particles


@cache
def place_words() -> frozenset[str]:
    """The one-word place names, as :func:`~dualuse.normalize.analyze_name` spells tokens.

    Generic organisation words and particles are left out (a city called
    Industry, Commerce or Al): they are handled as such already.
    """
    words = _data.load("place_names.yml")["words"]
    return frozenset(words) - generic_words() - particles()
