"""Generic organisation words across languages: the glossary ``data/org_words.yml``.

Lists write the same kind of body in many languages and spellings: "Sanaye
Electronic Iran" is "Iran Electronics Industries", "Sberbank Lizing" is "Sberbank
Leasing", "Alrahmah Welfare Org" is "... Organisation". The glossary maps each
such word (Persian, Arabic and Russian transliterations, Chinese pinyin, Turkish,
Spanish, Portuguese, French, German, Italian, and English inflections, British
spellings and abbreviations) to one English word.

This module reads the glossary; it does no matching itself:

- :func:`org_words` gives each spelling (as :func:`~dualuse.normalize.analyze_name`
  sees it) with its English word; :mod:`dualuse.normalize.phonetic` gives every
  spelling the variant key of its English word.
- :func:`join_compounds` joins a glossary word written as several words
  ("sarmayeh gozari", "haml o naql") into one token; :func:`split_han` cuts the
  glossary's Han words (电子, 银行) out of Han text, to be read as one pinyin token;
  :func:`read_arabic_script` reads the glossary's Arabic-script words (صنایع,
  الخدمات, حمل و نقل) as the token of their English word (industries, services,
  transport).
- :func:`glossary_generic_words` lists the spellings and English words that weigh
  little in the index (:func:`dualuse.normalize.names.generic_words`).
- :func:`drop_numbering_words` drops "No." / "Nr." before a number.

Persons' names are never rewritten here: the joins are for organisation names
only, and plural or adjective forms meet only where the glossary lists them
(industry/industrial -> industries), never by a stemming rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from dualuse.normalize import _data
from dualuse.normalize.text import ARABIC, HAN, char_script, clean
from dualuse.normalize.translit import is_arabic_token, to_latin

_FILE = "org_words.yml"
#: sections of the glossary and whether their words are generic (weigh little)
SECTIONS = {"generic": True, "sectors": False, "places": False}
#: a compound is at most this many words ("khavar e mianeh")
MAX_COMPOUND = 4
#: languages whose glossary words take the joined Arabic prefixes (lil-, wal-)
PREFIXED_LANGUAGES = frozenset({"ar", "fa"})


@dataclass(frozen=True, slots=True)
class OrgWord:
    """One spelling of a glossary word."""

    #: the spelling as one Latin token (compounds joined: "sarmayehgozari")
    spelling: str
    #: the English word, as one token ("middleeast" for "middle east")
    canonical: str
    #: language code of the spelling (en for the English word and its forms)
    language: str
    #: True for generic organisation words (weigh little), False for sector and region words
    generic: bool
    #: the spelling's words before joining (one word for most)
    words: tuple[str, ...]


class GlossaryError(ValueError):
    """The glossary file has an entry that cannot be used."""


def latin_words(text: str) -> tuple[str, ...]:
    """The Latin tokens ``text`` gives, as the name analysis reads them."""
    return tuple(to_latin(clean(text)).split())


def _expand(spelling: str, language: str, endings: list[str]) -> list[str]:
    if language == "ru" and spelling.endswith("*"):
        stem = spelling[:-1]
        return [stem + e for e in endings]
    return [spelling]


@cache
def org_words() -> tuple[OrgWord, ...]:
    """Every spelling in the glossary, English words included, in file order."""
    return parse_glossary(_data.load(_FILE))


def parse_glossary(data: dict[str, Any]) -> tuple[OrgWord, ...]:
    """The spellings of a parsed glossary file; :class:`GlossaryError` names a bad entry."""
    endings = data.get("russian_adjective_endings") or []
    out: list[OrgWord] = []
    seen: dict[str, str] = {}

    def add(word: OrgWord, where: str) -> None:
        other = seen.setdefault(word.spelling, word.canonical)
        if other != word.canonical:
            raise GlossaryError(
                f"{where}: {word.spelling!r} is already a spelling of {other!r}, "
                f"not of {word.canonical!r}"
            )
        out.append(word)

    for section, generic in SECTIONS.items():
        for canonical, by_lang in (data.get(section) or {}).items():
            if not isinstance(canonical, str) or not latin_words(canonical):
                raise GlossaryError(f"{_FILE} [{section}]: {canonical!r} is not an English word")
            canon_words = latin_words(canonical)
            canon = "".join(canon_words)
            add(OrgWord(canon, canon, "en", generic, canon_words), f"{_FILE} [{section}]")
            if not isinstance(by_lang, dict):
                raise GlossaryError(
                    f"{_FILE} [{section}] {canonical}: expected language -> spellings, "
                    f"got {by_lang!r}"
                )
            for language, spellings in by_lang.items():
                if not isinstance(spellings, list) or not spellings:
                    raise GlossaryError(
                        f"{_FILE} [{section}] {canonical}.{language}: expected a non-empty "
                        f"list of spellings, got {spellings!r}"
                    )
                where = f"{_FILE} [{section}] {canonical}.{language}"
                for raw in spellings:
                    if not isinstance(raw, str):
                        raise GlossaryError(
                            f"{where}: {raw!r} is not a string (quote words YAML reads as "
                            "booleans: 'no', 'on')"
                        )
                    if raw.endswith("*") and language != "ru":
                        raise GlossaryError(f"{where}: {raw!r}: only Russian stems take '*'")
                    for form in _expand(raw, language, endings):
                        words = latin_words(form)
                        if not words:
                            raise GlossaryError(f"{where}: {raw!r} has no letters")
                        add(OrgWord("".join(words), canon, language, generic, words), where)
    return tuple(out)


@cache
def spelling_map() -> dict[str, str]:
    """Spelling (one token) -> English word (one token)."""
    return {word.spelling: word.canonical for word in org_words()}


@cache
def arabic_spellings() -> dict[str, str]:
    """Arabic and Persian spellings -> English word: the words that take joined prefixes."""
    return {w.spelling: w.canonical for w in org_words() if w.language in PREFIXED_LANGUAGES}


@cache
def arabic_prefixes() -> tuple[str, ...]:
    """Joined Arabic article and prepositions, longest first."""
    return tuple(sorted(_data.load(_FILE)["arabic_prefixes"], key=lambda p: (-len(p), p)))


@cache
def arabic_prefix_starts() -> frozenset[str]:
    """First two letters of the joined prefixes: a quick test before trying them."""
    return frozenset(p[:2] for p in arabic_prefixes())


def strip_arabic_prefix(token: str) -> str | None:
    """The Arabic glossary word under a joined prefix (lilkhadamat -> khadamat), or None."""
    table = arabic_spellings()
    for prefix in arabic_prefixes():
        if token.startswith(prefix):
            rest = token[len(prefix) :]
            if len(rest) >= 4 and rest in table:
                return rest
    return None


@cache
def spelling_rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    """British-to-American spelling rules (-isation -> -ization)."""
    return tuple(
        (re.compile(pattern), repl) for pattern, repl, _why in _data.load(_FILE)["spelling_rules"]
    )


def respell(token: str) -> str:
    """A token with the spelling rules applied (organisational -> organizational)."""
    for pattern, repl in spelling_rules():
        token = pattern.sub(repl, token)
    return token


@cache
def han_words() -> dict[str, str]:
    """Han-script glossary word -> its pinyin spelling (a zh spelling of the glossary)."""
    table = _data.load(_FILE).get("han") or {}
    zh = {w.spelling for w in org_words() if w.language == "zh"}
    out: dict[str, str] = {}
    for han, pinyin in table.items():
        text = clean(str(han))
        if not text or any(char_script(ch) != HAN for ch in text):
            raise GlossaryError(f"{_FILE} [han]: {han!r} is not a word in Han script")
        if pinyin not in zh:
            raise GlossaryError(
                f"{_FILE} [han] {han}: {pinyin!r} is not a zh spelling of the glossary"
            )
        out[text] = pinyin
    return out


@cache
def _han_lengths() -> tuple[int, ...]:
    return tuple(sorted({len(w) for w in han_words()}, reverse=True))


def split_han(word: str) -> list[tuple[str, bool]]:
    """Cut the glossary's Han words out of ``word``: (piece, is the pinyin of a glossary word).

    深圳华信电子 -> [("深圳华信", False), ("dianzi", True)]. Longest word first, left to
    right. A word with no Han letters comes back whole.
    """
    if word.isascii() or not any(char_script(ch) == HAN for ch in word):
        return [(word, False)]
    table = han_words()
    lengths = _han_lengths()
    out: list[tuple[str, bool]] = []
    pending = ""
    i = 0
    while i < len(word):
        for size in lengths:
            pinyin = table.get(word[i : i + size])
            if pinyin is not None:
                if pending:
                    out.append((pending, False))
                    pending = ""
                out.append((pinyin, True))
                i += size
                break
        else:
            pending += word[i]
            i += 1
    if pending:
        out.append((pending, False))
    return out


# Letters that Persian and Arabic write differently (Unicode 9.2), folded for lookup
_ARABIC_FOLD = str.maketrans(
    {
        "ك": "ک",  # Arabic kaf -> Persian keheh
        "ي": "ی",  # Arabic yeh -> Persian yeh
        "ى": "ی",  # alef maqsura
        "ئ": "ی",  # yeh with hamza (هوائی = هوایی)
        "ے": "ی",  # Urdu yeh barree
        "ة": "ه",  # teh marbuta
        "ۀ": "ه",  # heh with yeh above (ezafe)
        "ہ": "ه",  # Urdu heh goal
        "ھ": "ه",  # heh doachashmee
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
    }
)
#: least letters a word keeps under a joined prefix of one letter / of several
_MIN_UNDER_LETTER = 4
_MIN_UNDER_PREFIX = 3


def fold_arabic(word: str) -> str:
    """An Arabic-script word with its Persian/Arabic letter variants folded (كة -> که)."""
    return word.translate(_ARABIC_FOLD)


def _is_arabic_script(text: str) -> bool:
    return bool(text) and all(ch == " " or char_script(ch) == ARABIC for ch in text)


@cache
def arabic_script_words() -> dict[tuple[str, ...], str]:
    """Arabic-script glossary words (folded words) -> the token of their English word."""
    return parse_arabic_script(_data.load(_FILE).get("arabic_script") or {}, org_words())


def parse_arabic_script(section: Any, words: tuple[OrgWord, ...]) -> dict[tuple[str, ...], str]:
    """The ``arabic_script`` section of the glossary; :class:`GlossaryError` names a bad entry.

    ``words`` are the glossary's spellings: each English word of the section must
    be one of them (an English word or one of its English forms).
    """
    english = {w.spelling: w.canonical for w in words if w.language == "en"}
    where = f"{_FILE} [arabic_script]"
    if not isinstance(section, dict):
        raise GlossaryError(f"{where}: expected English word -> spellings, got {section!r}")
    out: dict[tuple[str, ...], str] = {}
    for word, by_lang in section.items():
        token = "".join(latin_words(word)) if isinstance(word, str) else ""
        canonical = english.get(token)
        if canonical is None:
            raise GlossaryError(f"{where}: {word!r} is not an English word of the glossary")
        if not isinstance(by_lang, dict):
            raise GlossaryError(f"{where} {word}: expected language -> spellings, got {by_lang!r}")
        for language, spellings in by_lang.items():
            if not isinstance(spellings, list) or not spellings:
                raise GlossaryError(
                    f"{where} {word}.{language}: expected a non-empty list of spellings, "
                    f"got {spellings!r}"
                )
            for raw in spellings:
                text = clean(raw) if isinstance(raw, str) else ""
                if not _is_arabic_script(text):
                    raise GlossaryError(
                        f"{where} {word}.{language}: {raw!r} is not a word in Arabic script"
                    )
                key = tuple(fold_arabic(text).split(" "))
                other = out.setdefault(key, canonical)
                if other != canonical:
                    raise GlossaryError(
                        f"{where} {word}.{language}: {raw!r} is already a spelling of "
                        f"{other!r}, not of {canonical!r}"
                    )
    return out


@cache
def arabic_script_prefixes() -> tuple[tuple[str, int], ...]:
    """Joined Arabic-script prefixes, longest first, each with the least letters it leaves."""
    out: list[tuple[str, int]] = []
    for raw in _data.load(_FILE).get("arabic_script_prefixes") or []:
        text = clean(raw) if isinstance(raw, str) else ""
        if not _is_arabic_script(text) or " " in text:
            raise GlossaryError(
                f"{_FILE} [arabic_script_prefixes]: {raw!r} is not a prefix in Arabic script"
            )
        prefix = fold_arabic(text)
        out.append((prefix, _MIN_UNDER_LETTER if len(prefix) == 1 else _MIN_UNDER_PREFIX))
    return tuple(sorted(out, key=lambda p: (-len(p[0]), p[0])))


@cache
def _arabic_script_sizes() -> tuple[int, ...]:
    """Numbers of words of the Arabic-script glossary words, most first."""
    return tuple(sorted({len(k) for k in arabic_script_words()}, reverse=True))


def _arabic_script_lookup(parts: tuple[str, ...]) -> str | None:
    """The English token of folded words ``parts``, the first maybe under a joined prefix."""
    table = arabic_script_words()
    found = table.get(parts)
    if found is not None:
        return found
    first = parts[0]
    for prefix, least in arabic_script_prefixes():
        if first.startswith(prefix) and len(first) - len(prefix) >= least:
            found = table.get((first[len(prefix) :], *parts[1:]))
            if found is not None:
                return found
    return None


def read_arabic_script(words: list[str]) -> list[tuple[str, bool]]:
    """Read the glossary's Arabic-script words in ``words``: (word, is an English token).

    شبکه حقانی -> [("network", True), ("حقانی", False)]; الخدمات -> services;
    حمل و نقل -> one token, transport. Longest word first, left to right; the
    other words come back as they are.
    """
    folded = [fold_arabic(w) if is_arabic_token(w) else "" for w in words]
    out: list[tuple[str, bool]] = []
    n = len(words)
    i = 0
    while i < n:
        if folded[i]:
            for size in _arabic_script_sizes():
                if i + size > n or not all(folded[i : i + size]):
                    continue
                token = _arabic_script_lookup(tuple(folded[i : i + size]))
                if token is not None:
                    out.append((token, True))
                    i += size
                    break
            else:
                out.append((words[i], False))
                i += 1
        else:
            out.append((words[i], False))
            i += 1
    return out


@cache
def compounds() -> dict[tuple[str, ...], str]:
    """Glossary words written as several words -> the joined token."""
    return {w.words: w.spelling for w in org_words() if len(w.words) > 1}


@cache
def _compound_starts() -> frozenset[str]:
    return frozenset(words[0] for words in compounds())


def join_compounds(tokens: list[str]) -> list[tuple[int, int, str]]:
    """Spans ``(start, end, joined)`` of ``tokens`` that are one glossary word.

    Longest match first, left to right; spans do not overlap.
    """
    if len(tokens) < 2 or _compound_starts().isdisjoint(tokens):
        return []
    table = compounds()
    spans: list[tuple[int, int, str]] = []
    i = 0
    n = len(tokens)
    while i < n - 1:
        for size in range(min(MAX_COMPOUND, n - i), 1, -1):
            joined = table.get(tuple(tokens[i : i + size]))
            if joined is not None:
                spans.append((i, i + size, joined))
                i += size
                break
        else:
            i += 1
    return spans


@cache
def glossary_generic_words() -> frozenset[str]:
    """Spellings (compounds joined) and English words of the generic sections.

    Arabic and Persian spellings are also listed with their joined prefixes
    (alkhadamat). The parts of a compound are not ("o" of "haml o naql").
    """
    out: set[str] = set()
    for w in org_words():
        if not w.generic:
            continue
        out.add(w.spelling)
        if w.language in PREFIXED_LANGUAGES:
            out.update(prefix + w.spelling for prefix in arabic_prefixes())
    return frozenset(out)


@cache
def numbering_words() -> frozenset[str]:
    return frozenset(_data.load(_FILE)["numbering_words"])


def is_number(token: str) -> bool:
    return token[:1].isdigit()


def drop_numbering_words(tokens: list[str]) -> list[int] | None:
    """Indexes of ``tokens`` to keep, "No." / "Nr." directly before a number dropped.

    None when nothing is dropped. A run ("no no 5") goes whole, so that analysing
    the result again changes nothing.
    """
    words = numbering_words()
    if words.isdisjoint(tokens):
        return None
    keep: list[int] = []
    next_is_number = False
    for i in range(len(tokens) - 1, -1, -1):
        tok = tokens[i]
        if next_is_number and tok in words:
            continue
        next_is_number = is_number(tok)
        keep.append(i)
    if len(keep) == len(tokens):
        return None
    keep.reverse()
    return keep
