"""Unicode, case, punctuation and spacing; script detection.

``clean`` is the first step for every name: NFKC, case folding, invisible
characters removed (zero-width joiners, soft hyphens, Arabic tatweel and
vowel marks), apostrophes removed *inside* words (Sa'ad -> saad, since lists
write the ayn as ', ‘ or nothing), every other punctuation or symbol turned
into a space, spaces collapsed. It is idempotent: ``clean(clean(x)) == clean(x)``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import groupby

# Characters that are deleted outright (they never separate words).
_DELETE = dict.fromkeys(
    [
        0x200B,  # zero width space
        0x200C,  # zero width non-joiner (Persian half-space inside a word)
        0x200D,  # zero width joiner
        0x2060,  # word joiner
        0xFEFF,  # byte order mark
        0x00AD,  # soft hyphen
        0x0640,  # Arabic tatweel (kashida)
        0x0027,  # ' apostrophe: ayn/hamza in romanized Arabic
        0x2018,  # ‘
        0x2019,  # ’
        0x02BB,  # ʻ
        0x02BC,  # ʼ
        0x02BF,  # ʿ
        0x02BE,  # ʾ
        0x0060,  # `
        0x00B4,  # ´
    ]
)
# Arabic harakat (short vowel marks, shadda, sukun) and the superscript alef.
_DELETE.update(dict.fromkeys(range(0x064B, 0x0660)))
_DELETE[0x0670] = None

_SPACES = re.compile(r"\s+")
# ASCII: apostrophes deleted, letters and digits kept, everything else a space
_ASCII_CLASS = {
    i: (None if i in _DELETE else (chr(i) if chr(i).isalnum() else " ")) for i in range(128)
}
_CAMEL = re.compile(r"(?<=[a-zà-ÿ]{2})(?=[A-Z][A-Za-z])")

LATIN = "Latin"
CYRILLIC = "Cyrillic"
ARABIC = "Arabic"
HAN = "Han"
HANGUL = "Hangul"
GREEK = "Greek"
OTHER = "Other"


def _char_class(ch: str) -> str:
    """Keep letters and digits; everything else becomes a space."""
    cat = unicodedata.category(ch)
    if cat[0] in "LN" or cat == "Mn" or cat == "Mc":
        return ch
    return " "


@lru_cache(maxsize=65536)
def clean(text: str) -> str:
    """Normalize Unicode, case, punctuation and spacing of a name.

    Returns "" for text with no letters or digits.
    """
    if text.isascii():
        # the same steps, for the plain ASCII most listed names are written in: NFKC
        # changes nothing, case folding is lower(), letters and digits are [a-z0-9]
        value = _CAMEL.sub(" ", text).lower().translate(_ASCII_CLASS)
        return _SPACES.sub(" ", value).strip()
    return _clean_unicode(text)


def _clean_unicode(text: str) -> str:
    value = unicodedata.normalize("NFKC", text)
    # camelCase joins are word breaks lost in data entry: FarhanMAHFUD, AllPorts
    value = _CAMEL.sub(" ", value).casefold()
    value = value.translate(_DELETE)
    value = "".join(_char_class(ch) for ch in value)
    # NFKC again: case folding can produce sequences that compose differently.
    value = unicodedata.normalize("NFKC", value)
    return _SPACES.sub(" ", value).strip()


def char_script(ch: str) -> str:
    """The script of one character (only the scripts dualuse handles by name)."""
    cp = ord(ch)
    if cp < 0x0250 or 0x1E00 <= cp <= 0x1EFF:
        return LATIN
    if 0x0400 <= cp <= 0x052F or 0x1C80 <= cp <= 0x1C8F or 0x2DE0 <= cp <= 0x2DFF:
        return CYRILLIC
    if (
        0x0600 <= cp <= 0x06FF
        or 0x0750 <= cp <= 0x077F
        or 0x08A0 <= cp <= 0x08FF
        or 0xFB50 <= cp <= 0xFDFF
        or 0xFE70 <= cp <= 0xFEFF
    ):
        return ARABIC
    if 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF:
        return HAN
    if 0xAC00 <= cp <= 0xD7AF or 0x1100 <= cp <= 0x11FF or 0x3130 <= cp <= 0x318F:
        return HANGUL
    if 0x0370 <= cp <= 0x03FF:
        return GREEK
    return OTHER


def detect_script(text: str) -> str:
    """The main script of the letters in ``text`` (most letters wins; Latin on ties).

    Digits and punctuation do not count; text with no letters is Latin.
    """
    if text.isascii():
        return LATIN
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            script = char_script(ch)
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return LATIN
    return max(sorted(counts), key=lambda s: (counts[s], s == LATIN))


def is_ascii_word(token: str) -> bool:
    return token.isascii()


def squeeze_runs(text: str) -> str:
    """``text`` with each run of one character written once (hossein -> hosein)."""
    return "".join(ch for ch, _ in groupby(text))
