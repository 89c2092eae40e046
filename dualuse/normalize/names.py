"""Analysis of one name into the parts the index and the scorer compare.

``analyze_name(text, schema)`` runs the whole normalization chain:

1. :func:`~dualuse.normalize.text.clean` (Unicode, case, punctuation, spacing),
   after the Persian ezafe written on a Latin word is taken off, in names that are
   not persons' (HAFEZ-E DARYAY-E ARIA, DARYA-YE KHAZAR -> hafez darya aria, darya
   khazar);
2. legal forms written in their own script are taken out (有限公司, شرکت, ООО);
3. each word is transliterated to Latin (:mod:`~dualuse.normalize.translit`);
   Arabic-script words also get their consonant skeleton from the letter table;
   in names that are not persons', the glossary's Han words are read as one
   pinyin token each (电子 -> dianzi), and its Arabic-script words as their
   English word (صنایع -> industries, الخدمات -> services) with that word's
   skeleton (:func:`english_skeleton`), which the Latin spellings of the word
   share in such names (industrial, sanaye), so that both the spelling and the
   skeleton comparison meet the listing;
4. "No." / "Nr." before a number is dropped (OFFICE NO. 39 -> office 39);
5. Latin legal forms are taken out (persons excepted) and kept as generic classes:
   off both ends of the name, and inside it (Huawei Technologies LLC Kazakhstan,
   see :func:`~dualuse.normalize.legal.inner_legal_forms`);
6. a glossary word written as several words is joined into one token, in names
   that are not persons' (sarmayeh gozari -> sarmayehgozari, see
   :mod:`dualuse.normalize.orgwords`);
7. honorifics are dropped from person names (Haji, Sheikh, Dr ...).

Particles (al, bin, van, de ...) stay in the name but are flagged so that the
scorer weighs them lightly. The result is a frozen, hashable ``NameForm``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from dualuse.normalize import _data, orgwords
from dualuse.normalize.legal import (
    inner_legal_forms,
    split_legal_forms,
    strip_original_script,
    unglue_legal_forms,
)
from dualuse.normalize.phonetic import skeleton, variant_key
from dualuse.normalize.text import ARABIC, clean, detect_script
from dualuse.normalize.translit import arabic_skeleton, arabic_to_latin, is_arabic_token, to_latin

PERSON_SCHEMAS = frozenset({"Person"})


@dataclass(frozen=True, slots=True)
class NameForm:
    """A name, normalized for comparison."""

    #: The name as given.
    original: str
    #: Main script of the original (Latin, Cyrillic, Arabic, Han, Hangul, ...).
    script: str
    #: Latin name tokens, legal forms and honorifics removed.
    tokens: tuple[str, ...]
    #: Consonant skeleton of each token (same length as ``tokens``); in names that
    #: are not persons', a glossary word's is its English word's
    #: (:func:`english_skeleton`: sanaye -> "ndstrs", naft -> OIL).
    skeletons: tuple[str, ...]
    #: Generic legal-form classes found (llc, jsc ...), sorted.
    legal_forms: tuple[str, ...]
    #: The words that were taken out as legal forms or honorifics (Latin).
    form_words: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return " ".join(self.tokens)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(variant_key(t) for t in self.tokens)


@cache
def particles() -> frozenset[str]:
    return frozenset(_data.load("particles.yml")["particles"])


@cache
def patronymic_endings() -> tuple[str, ...]:
    return tuple(_data.load("particles.yml")["patronymic_endings"])


def is_patronymic(token: str) -> bool:
    return len(token) > 5 and token.endswith(patronymic_endings())


@cache
def articles() -> frozenset[str]:
    """The Arabic article and its assimilated forms (al-, el-, ash- ...)."""
    return frozenset(_data.load("particles.yml")["articles"])


@cache
def honorifics() -> frozenset[str]:
    return frozenset(clean(h) for h in _data.load("particles.yml")["honorifics"])


@cache
def generic_words() -> frozenset[str]:
    """Words that say what kind of body a name belongs to, not which one (weigh little).

    ``data/generic_words.yml`` and the generic words of the glossary
    (``data/org_words.yml``: sherkat, sanaye, gongsi, lizing ... and their English words).
    """
    listed = frozenset(_data.load("generic_words.yml")["words"])
    return listed | orgwords.glossary_generic_words()


@cache
def weak_words() -> frozenset[str]:
    """Particles and generic words: what never tells one party from another."""
    return particles() | generic_words()


#: an English word whose consonant skeleton is shorter than this is compared with
#: Arabic-script names by its capitals (see :func:`english_skeleton`)
MIN_ENGLISH_SKELETON = 4


def english_skeleton(word: str) -> str:
    """The skeleton an English glossary word (a token: "middleeast") gives its spellings.

    Most are the word's consonant skeleton (industries -> "ndstrs"). Short ones are
    shared with too many names ("oil" -> "l", the skeleton of the particle al;
    "office" -> "fs", "aviation" -> "tn"): such a word's skeleton is the word in
    capitals (OIL), which no consonant skeleton equals.
    """
    sk = skeleton(word)
    return word.upper() if len(sk) < MIN_ENGLISH_SKELETON else sk


@cache
def _glossary_skeletons() -> dict[str, str]:
    """Latin glossary spelling -> the skeleton of its English word, for the English
    words that the glossary also reads in Arabic script.

    In a name that is not a person's, an Arabic-script glossary word becomes its
    English word (صنایع -> industries). For the skeleton comparison of
    Arabic-script queries to meet the Latin listings of that word however they
    write it (industries, industrial, sanaye, sanayi), those spellings take the
    English word's skeleton too. Spellings joined to an Arabic prefix are included
    (alkhadamat); words the glossary does not read in Arabic script (foolad, a
    given name there) keep their consonants.
    """
    translated = frozenset(orgwords.arabic_script_words().values())
    out: dict[str, str] = {}
    prefixes = orgwords.arabic_prefixes()
    for w in orgwords.org_words():
        if w.canonical not in translated:
            continue
        sk = english_skeleton(w.canonical)
        out[w.spelling] = sk
        if w.language in orgwords.PREFIXED_LANGUAGES:
            for prefix in prefixes:
                out.setdefault(prefix + w.spelling, sk)
    return out


def _glossary_skeleton_of(tokens: tuple[str, ...], skeletons: tuple[str, ...]) -> tuple[str, ...]:
    table = _glossary_skeletons()
    if table.keys().isdisjoint(tokens):
        return skeletons
    return tuple(table.get(t, sk) for t, sk in zip(tokens, skeletons, strict=True))


_HAS_DIGIT = re.compile(r"\d").search


@cache
def _glued_number() -> re.Pattern[str]:
    # "№39" is "no39" after NFKC; one-letter words stay glued (N39 is a code)
    words = sorted((w for w in orgwords.numbering_words() if len(w) > 1), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")(?=\d)")


def _words(text: str, org: bool = False) -> list[tuple[str, str]]:
    """(latin token, skeleton) pairs for cleaned text in any script.

    With ``org``, the glossary's Han words are read as one pinyin token each
    (电子 -> dianzi, not "dian zi"; 银行 -> yinhang, not ICU's "yin xing"), and its
    Arabic-script words as the token of their English word, with that token's
    skeleton (صنایع -> industries, not "snai"; حمل و نقل -> transport).
    """
    out: list[tuple[str, str]] = []
    words = text.split(" ")
    if org and not text.isascii() and is_arabic_token(text):
        read = orgwords.read_arabic_script([w for w in words if w])
    else:
        read = [(w, False) for w in words]
    for word, is_english in read:
        if not word:
            continue
        if is_english:
            out.append((word, english_skeleton(word)))
            continue
        if is_arabic_token(word):
            latin = arabic_to_latin(word)
            if latin:
                out.append((latin, arabic_skeleton(word)))
            continue
        pieces = orgwords.split_han(word) if org else [(word, False)]
        for piece, is_glossary in pieces:
            if is_glossary:
                out.append((piece, skeleton(piece)))
                continue
            for part in to_latin(piece).split(" "):
                if part:
                    out.append((part, skeleton(part)))
    return out


#: the Persian ezafe ("of"), romanized as a hyphenated -e after a consonant and -ye
#: (or y-e) after a vowel (BGN/PCGN Persian 1958; Wikipedia "Ezafe"): SEPAH-E QODS,
#: DARYA-YE KHAZAR, DARYAY-E ARIA. Some write it, some do not: it is no name word
_EZAFE = re.compile(r"(?<=[a-z])(?:(?<=a)y)?-y?e(?![a-z])", re.IGNORECASE)


@lru_cache(maxsize=131072)
def analyze_name(text: str, schema: str = "Any") -> NameForm:
    """Normalize one name for matching (see the module docstring)."""
    # persons' names keep it: a hyphenated e or ye there is a syllable (Korean Hye-e)
    ezafe = "-" in text and schema not in PERSON_SCHEMAS
    cleaned = clean(_EZAFE.sub("", text) if ezafe else text)
    script = detect_script(cleaned)
    if _HAS_DIGIT(cleaned):
        cleaned = _glued_number().sub(r"\1 ", cleaned)
    forms: list[str] = []
    is_person = schema in PERSON_SCHEMAS
    if not is_person:
        cleaned, forms = strip_original_script(cleaned)
    pairs = _words(cleaned, org=not is_person)
    if len(pairs) > 1:
        keep = orgwords.drop_numbering_words([p[0] for p in pairs])
        if keep is not None:
            pairs = [pairs[i] for i in keep]
    if not is_person and pairs:
        words = [p[0] for p in pairs]
        unglued = unglue_legal_forms(words)
        if unglued != words:
            pairs = [(w, skeleton(w)) for w in unglued]
    all_words = [p[0] for p in pairs]
    if not is_person and len(pairs) > 1:
        kept, latin_forms = split_legal_forms([p[0] for p in pairs])
        if latin_forms:
            forms.extend(latin_forms)
            # legal forms come off the ends only, so the kept words are a slice
            start = next(
                i for i in range(len(pairs)) if [p[0] for p in pairs[i : i + len(kept)]] == kept
            )
            pairs = pairs[start : start + len(kept)]
    if not is_person and len(pairs) > 2:
        inner = inner_legal_forms([p[0] for p in pairs])
        if inner:
            forms.extend(generic for _, _, generic in inner)
            drop = {i for start, end, _ in inner for i in range(start, end)}
            pairs = [p for i, p in enumerate(pairs) if i not in drop]
    if not is_person and len(pairs) > 1:
        spans = orgwords.join_compounds([p[0] for p in pairs])
        if spans:
            joined: list[tuple[str, str]] = []
            last = 0
            for start, end, word in spans:
                joined.extend(pairs[last:start])
                joined.append((word, skeleton(word)))
                last = end
            joined.extend(pairs[last:])
            pairs = joined
    if schema != "Organization" and len(pairs) > 1:
        hon = honorifics()
        if is_person:
            # after the article a title is a family name: AL-SHAYKH, Diyab; El-Sheikh
            arts = articles()
            stripped = [
                p
                for i, p in enumerate(pairs)
                if p[0] not in hon or (i > 0 and pairs[i - 1][0] in arts)
            ]
        else:
            # a party of unknown kind: only leading titles ("Dr. ...", not "... General Trading")
            lead = 0
            while lead < len(pairs) - 1 and pairs[lead][0] in hon:
                lead += 1
            stripped = pairs[lead:]
        if stripped:
            pairs = stripped
    tokens = tuple(p[0] for p in pairs)
    name_words = set(tokens)
    skeletons = tuple(p[1] for p in pairs)
    if not is_person:
        skeletons = _glossary_skeleton_of(tokens, skeletons)
    return NameForm(
        original=text,
        script=script,
        tokens=tokens,
        skeletons=skeletons,
        legal_forms=tuple(sorted(set(forms))),
        form_words=tuple(w for w in all_words if w not in name_words),
    )


def is_arabic_script(form: NameForm) -> bool:
    return form.script == ARABIC
