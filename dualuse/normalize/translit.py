"""Transliteration of names to lower-case ASCII Latin.

- Cyrillic, Greek, Hangul, Armenian, Georgian: rigour's ``maybe_ascii`` (its own
  tables, which give the spellings lists use: Шевченко -> shevchenko).
- Han: ICU through rigour/normality (pinyin, one syllable per word: 习近平 ->
  "xi jin ping"; the scorer re-joins split syllables).
- Arabic script (Arabic, Persian, Pashto, Urdu): dualuse's own table
  (``data/arabic_script.yml``), because ICU's Arabic-Latin transform drops the
  Persian letters' values and writes ayn as "?". Short vowels are not written in
  Arabic script, so the result is consonant-heavy; the scorer compares such names
  by consonant skeleton (:mod:`dualuse.normalize.phonetic`), not by spelling.
- Latin with diacritics: ASCII folding (García -> garcia, Şirketi -> sirketi).
"""

from __future__ import annotations

from functools import cache, lru_cache

from icu import ICUError
from rigour.text.translit import ascii_text

from dualuse.normalize import _data
from dualuse.normalize.text import ARABIC, char_script, squeeze_runs


@cache
def _arabic_tables() -> tuple[dict[int, str], dict[int, str], str]:
    data = _data.load("arabic_script.yml")
    skel = {ord(k): v for k, v in data["letters"].items()}
    roman = {ord(k): v for k, v in data["romanize"].items()}
    return skel, roman, data["article_prefix"]


def is_arabic_token(token: str) -> bool:
    if token.isascii():
        return False
    return any(char_script(ch) == ARABIC for ch in token)


def arabic_strip_article(token: str) -> str:
    """Remove a joined definite article (الرحمن -> رحمن) from a longer word."""
    _, _, article = _arabic_tables()
    if token.startswith(article) and len(token) > len(article) + 1:
        return token[len(article) :]
    return token


def arabic_to_latin(token: str) -> str:
    """Romanize one Arabic-script word with the ALA-LC-like table (no vowels added)."""
    _, roman, _ = _arabic_tables()
    out = token.translate(roman)
    if not out.isascii():
        out = ascii_text(out).lower()
    # ICU writes letters it cannot map as "?"
    return "".join(ch for ch in out if ch.isalnum())


def arabic_skeleton(token: str) -> str:
    """Consonant skeleton of one Arabic-script word (article, vowels and ayn dropped)."""
    skel, _, article = _arabic_tables()
    token = arabic_strip_article(token)
    # Abd al-X written as one word (عبدالرحمن): drop the article, as the Latin side does
    abd = "عبد" + article
    if token.startswith(abd) and token[len(abd) :] not in ("له", "لە"):
        token = "عبد" + token[len(abd) :]
    # z and d are one skeleton class (see dualuse.normalize.phonetic)
    out = token.translate(skel).replace("z", "d")
    if not out.isascii():
        out = "".join(ch for ch in out if ch.isascii())
    return squeeze_runs(out).rstrip("h") or out


def _ascii_word(word: str) -> str:
    """A word of another script in ASCII, through ICU (rigour's ascii_text)."""
    try:
        return ascii_text(word).lower()
    except ICUError:
        # ICU rejects some rare sequences as a whole (a Soyombo letter before the kana
        # iteration mark ゝ, found by a property test): a name must still be screened,
        # so convert letter by letter and leave out what ICU cannot convert
        out: list[str] = []
        for ch in word:
            try:
                out.append(ascii_text(ch))
            except ICUError:
                continue
        return "".join(out).lower()


@lru_cache(maxsize=65536)
def to_latin(text: str) -> str:
    """Transliterate cleaned text (see :func:`dualuse.normalize.text.clean`) to ASCII.

    Word boundaries are kept; the result is lower case and may contain spaces
    where a script writes one word as several romanized syllables.
    """
    if text.isascii():
        return text
    words: list[str] = []
    for word in text.split(" "):
        if word.isascii():
            words.append(word)
        elif is_arabic_token(word):
            words.append(arabic_to_latin(word))
        else:
            words.append(_ascii_word(word))
    out = " ".join(words)
    # ICU may emit punctuation (Korean syllable hyphens, apostrophes).
    out = "".join(ch if ch.isalnum() or ch == " " else " " for ch in out)
    return " ".join(out.split())
