"""Romanization-variant keys and consonant skeletons of name tokens.

``variant_key`` rewrites a Latin token by the rules in ``data/name_variants.yml``
so that spellings of the same name in different romanization systems meet
(Mohammed/Muhammad/Mohamed, Hossein/Husayn/Hussein, Sergei/Sergey,
Ivanoff/Ivanov, Khalid/Halid, -zadeh/-zade). Before the rules, a generic
organisation word is looked up in the glossary (``data/org_words.yml``, read by
:mod:`dualuse.normalize.orgwords`) and gets the key of its English word, so that
sanaye/sanayi/industry meet "industries" and lizing meets "leasing".

``skeleton`` reduces a romanization key (the variant key without the glossary:
an Arabic-script word is compared by the letters it has, not by its translation)
to its consonants, in the same classes
that ``data/arabic_script.yml`` gives Arabic-script letters, so that a
Persian or Arabic name (written without short vowels) can meet its Latin
listing: احمد -> "hmd" and AHMAD -> "hmd".
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Final

from dualuse.normalize import _data, orgwords
from dualuse.normalize.text import squeeze_runs

#: A token meets a glossary word by romanization key (not only by exact spelling)
#: when the key has this many letters. Shorter keys are shared with given names:
#: sanaye -> "sana" = Sana, tose'e -> "tusa".
MIN_KEY_LOOKUP = 8


@cache
def _rules(section: str = "rules") -> list[tuple[re.Pattern[str], str, str]]:
    """(pattern, replacement, letters every match contains) of each rule of ``section``."""
    data = _data.load("name_variants.yml")
    return [
        (re.compile(pattern), repl, _required_letters(pattern))
        for pattern, repl, _why in data.get(section) or ()
    ]


def _apply(rules: list[tuple[re.Pattern[str], str, str]], token: str) -> str:
    for pattern, repl, letters in rules:
        if letters in token:
            token = pattern.sub(repl, token)
    return token


_LOOKAROUND = re.compile(r"\(\?<?[=!](?:[^()]|\([^()]*\))*\)")
_CLASS = re.compile(r"\[[^\]]*\]")


def _required_letters(pattern: str) -> str:
    """The first run of plain letters that every match of ``pattern`` contains ("" if none).

    The rules are applied to every new word, and most of them cannot match it: a
    substring test before each regular expression saves most of the work (the
    rules file is plain patterns; lookarounds and character classes are skipped,
    and a pattern with alternatives has no required letters).
    """
    text = _CLASS.sub("#", _LOOKAROUND.sub("", pattern))
    if "|" in text:
        return ""
    run = ""
    for i, ch in enumerate(text):
        optional = i + 1 < len(text) and text[i + 1] in "*?{"
        if "a" <= ch <= "z" and not optional and (i == 0 or text[i - 1] != "\\"):
            run += ch
        elif run:
            break
    return run


@cache
def _abbreviations() -> dict[str, str]:
    return dict(_data.load("abbreviations.yml")["abbreviations"])


@lru_cache(maxsize=262144)
def romanization_key(token: str) -> str:
    """The key of a lower-case ASCII token by abbreviations and romanization rules only."""
    if not token.isalpha() or not token.isascii():
        return token
    out = _apply(_rules(), _abbreviations().get(token, token))
    return out or token


@cache
def _glossary_keys() -> tuple[dict[str, str], dict[str, str]]:
    """(spelling -> key of its English word, long romanization key -> the same)."""
    exact: dict[str, str] = {}
    by_key: dict[str, str] = {}
    for spelling, canonical in orgwords.spelling_map().items():
        key = romanization_key(canonical)
        exact[spelling] = key
        rkey = romanization_key(spelling)
        if len(rkey) >= MIN_KEY_LOOKUP:
            by_key.setdefault(rkey, key)
    return exact, by_key


def glossary_key(token: str) -> str | None:
    """The variant key of the English word a glossary token stands for, or None.

    Looked up by spelling (after abbreviations: ind -> industries, and British
    spelling rules: -isation), by long romanization key (kompaniia, kompaniya),
    or under a joined Arabic prefix (lilkhadamat -> khadamat -> services).
    """
    exact, by_key = _glossary_keys()
    spelled = orgwords.respell(token)
    found = exact.get(spelled)
    if found is None:
        full = _abbreviations().get(spelled, spelled)
        found = exact.get(full)
        if found is None:
            found = by_key.get(romanization_key(spelled))
    if found is None and spelled[:2] in orgwords.arabic_prefix_starts():
        rest = orgwords.strip_arabic_prefix(spelled)
        if rest is not None:
            found = exact[rest]
    return found


@lru_cache(maxsize=262144)
def variant_key(token: str) -> str:
    """Romanization-variant key of a lower-case ASCII token (digits kept as they are).

    A glossary word gets the key of its English word (sherkat, gongsi -> company);
    abbreviations of common organisation words (corp, intl) are expanded first.
    """
    if not token.isalpha() or not token.isascii():
        return token
    found = glossary_key(token)
    if found is not None:
        return found
    # key-only rules (Persian gh for ق): skeletons keep the letters they stand for
    return romanization_key(_apply(_rules("key_rules"), orgwords.respell(token)))


# z and d are one class: Persian/Urdu write ض and ذ as z, Arabic as d/dh (Zia/ضیا).
_SKELETON_FOLD = [
    ("sh", "x"),
    ("ch", "x"),
    ("th", "t"),
    ("dh", "d"),
    ("ks", "x"),
    ("p", "b"),
    ("z", "d"),
]
# Abd al-X written as one Latin word (Abdul, Abdelkader, Abderrahmane): the
# article is not written as a separate consonant in Arabic compounds' skeletons.
_ABD = re.compile(r"^abd(?:[aeiou]{1,2})(?:l|(?=([rsntdz])\1))")
_SKELETON_DROP = str.maketrans("", "", "aeiouyvw")


# kh after one of these letters is a letter of its own (SHAHIDKHEL: shahid + khel),
# but the kh -> h rule would make a digraph of them (d + h: dh) that the folds read
# as one letter: such a word's skeleton is that of its parts
_KH_AFTER_LETTER = re.compile(r"(?<=[cdgpst])(?=kh)")


@lru_cache(maxsize=262144)
def skeleton(token: str) -> str:
    """Consonant skeleton of a lower-case ASCII token (see module docstring)."""
    if not token.isalpha() or not token.isascii():
        return token
    parts = _KH_AFTER_LETTER.split(token)
    if len(parts) == 1:
        return _skeleton(token)
    return squeeze_runs("".join(_skeleton(p) for p in parts))


def _skeleton(token: str) -> str:
    m = _ABD.match(token)
    if m and token[m.end() :] not in ("lah", "la", "llah", "ah", "a"):
        rest = token[m.end() :]
        return "bd" + (skeleton(rest) if rest else "")
    out = romanization_key(token)
    for a, b in _SKELETON_FOLD:
        out = out.replace(a, b)
    out = squeeze_runs(out.translate(_SKELETON_DROP))
    # final h is teh marbuta / -ah / -eh, romanized in many ways
    return out.rstrip("h") or out


@lru_cache(maxsize=262144)
def fits_unvowelled(roman: str, latin: str) -> bool:
    """Could Latin ``latin`` be a spelling of the Arabic-script word romanized as ``roman``?

    Arabic script writes consonants and long vowels but not short vowels, so
    its romanization (احمد -> ahmd) is a subsequence of a Latin spelling of the
    same word (AHMAD), once both are reduced to their variant keys. Wider than
    equal skeletons, whose classes many names share (AHMAD, HAMID and HAMMOUD are
    all "hmd"), this tells which of those names a word may be. A joined article
    (الحمزي -> alhmzi) may be absent from the Latin word (HAMZI).
    """
    key = variant_key(latin)
    if _is_subsequence(variant_key(roman), key):
        return True
    article = roman.startswith("al") and len(roman) > 4
    return article and _is_subsequence(variant_key(roman[2:]), key)


#: what a letter of an Arabic-script word's romanization may be in a Latin key:
#: و is a vowel (u, o: keyed u) or a consonant (w, v: keyed v) -- جواد is JAVAD,
#: وزیری WAZIRI. (ی as a consonant, y, is keyed i already.)
_MAY_BE: Final = {"u": "uv"}


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    for ch in short:
        allowed = _MAY_BE.get(ch, ch)
        if not any(c in allowed for c in it):  # consumes ``it`` up to the letter found
            return False
    return True


_SOUNDEX = str.maketrans(
    "bfpvcgjkqsxzdtlmnr",
    "111122222222334556",
)


@lru_cache(maxsize=262144)
def soundex(token: str) -> str:
    """American Soundex (as in the US National Archives' description) of an ASCII token."""
    letters = [ch for ch in token.lower() if "a" <= ch <= "z"]
    if not letters:
        return ""
    first = letters[0]
    codes: list[str] = []
    prev = first.translate(_SOUNDEX) if first in "bfpvcgjkqsxzdtlmnr" else ""
    for ch in letters[1:]:
        if ch in "hw":
            continue  # h and w do not separate equal codes
        code = ch.translate(_SOUNDEX) if ch in "bfpvcgjkqsxzdtlmnr" else ""
        if code and code != prev:
            codes.append(code)
        prev = code
    return (first.upper() + "".join(codes) + "000")[:4]
