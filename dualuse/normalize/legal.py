"""Legal forms (LLC, OOO, ООО, JSC, АО, Co. Ltd, 有限公司, شرکت, GmbH, FZE, A.Ş. ...).

A legal form says what kind of body a name belongs to, not which one, so it is
taken out of the name before comparison and kept aside as a *generic class*
(llc, jsc, lp, ...). The scorer then neither ignores it blindly (a differing
class is noted) nor lets it carry a match (it is never a name token).

Recognition uses dualuse's own table first (``data/legal_forms.yml``: forms in
Chinese, Persian, Russian and Turkish, and spellings rigour lacks), then
rigour's org-type database (ISO 20275 based) in its "generic" mode. Forms are
taken from the start and the end of a name, repeatedly ("JSC Acme LLC"); inside
a name (:func:`inner_legal_forms`) only forms of several words and one-word
abbreviations that no name uses as a word, so that a word like "AO" or "SA"
inside a name stays a name word.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache

from rapidfuzz.distance import OSA
from rigour.names import extract_org_types

from dualuse.normalize import _data
from dualuse.normalize.text import clean

_MAX_SPAN = 6
#: dualuse's own table is searched in longer spans: its longest forms, written out with
#: their dotted abbreviations, are 7 words (S. de R.L. de C.V., Sociedad de Producción
#: Rural de Responsabilidad Limitada); rigour's table only in spans up to _MAX_SPAN
_MAX_OWN_SPAN = 8


@cache
def _tables() -> tuple[list[tuple[str, str]], dict[tuple[str, ...], str]]:
    forms = _data.load("legal_forms.yml")["forms"]
    orig: list[tuple[str, str]] = []
    latin: dict[tuple[str, ...], str] = {}
    for form in forms:
        text = clean(form["match"])
        if form["script"] == "orig":
            orig.append((text, form["generic"]))
        else:
            latin[tuple(text.split(" "))] = form["generic"]
    # longest first, so that 股份有限公司 wins over 有限公司
    orig.sort(key=lambda item: -len(item[0]))
    return orig, latin


def strip_original_script(text: str) -> tuple[str, list[str]]:
    """Remove legal forms written in their own script (Chinese, Persian, Russian).

    ``text`` is cleaned text. Han forms are suffixes without spaces (…有限公司);
    others are whole words at the start or end.
    """
    orig, _ = _tables()
    found: list[str] = []
    changed = True
    while changed and text:
        changed = False
        for form, generic in orig:
            if text == form:
                continue
            if text.endswith(form) and (
                form[0] >= "\u3400" or text[-len(form) - 1 : -len(form)] == " "
            ):
                text = text[: -len(form)].strip()
                found.append(generic)
                changed = True
                break
            if text.startswith(form + " "):
                text = text[len(form) + 1 :].strip()
                found.append(generic)
                changed = True
                break
    return text, found


@lru_cache(maxsize=65536)
def _rigour_form(span: str) -> str | None:
    matches = extract_org_types(span, generic=True)
    if len(matches) == 1 and matches[0][0] == span:
        return matches[0][1]
    return None


def _compact(span: tuple[str, ...]) -> tuple[str, ...]:
    """Join runs of one-letter words: dotted abbreviations (S.A. de C.V. -> sa de cv)."""
    out: list[str] = []
    run = ""
    for tok in span:
        if len(tok) == 1:
            run += tok
            continue
        if run:
            out.append(run)
            run = ""
        out.append(tok)
    if run:
        out.append(run)
    return tuple(out)


#: a mistyped word of a written-out form is this long at least (see _mistyped_form)
_MIN_TYPO_WORD = 5


@cache
def _masked_forms() -> dict[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """dualuse's written-out forms of two words or more, one word masked at a time.

    (sociedad, *) -> ((anonima, jsc), (limitada, llc), ...): a span with one
    word different from a form is looked up by the span with that word masked.
    """
    _, latin = _tables()
    masked: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for form, generic in latin.items():
        if len(form) < 2:
            continue
        for i, word in enumerate(form):
            if len(word) >= _MIN_TYPO_WORD:
                key = form[:i] + ("*",) + form[i + 1 :]
                masked.setdefault(key, []).append((word, generic))
    return {key: tuple(found) for key, found in masked.items()}


def _mistyped_form(span: tuple[str, ...]) -> str | None:
    """The class of a written-out form with one word mistyped (Osciedad Anonima).

    One edit in one word of five letters or more, the other words as the form
    has them: a name word is never taken for a form by one slip alone. Only
    dualuse's own table is searched (rigour's is compiled into its matcher and
    cannot be listed), which is why it writes out the common long forms.
    """
    if len(span) < 2:
        return None
    masked = _masked_forms()
    for i, word in enumerate(span):
        if len(word) < _MIN_TYPO_WORD:
            continue
        for form_word, generic in masked.get(span[:i] + ("*",) + span[i + 1 :], ()):
            if OSA.distance(word, form_word, score_cutoff=1) <= 1:
                return generic
    return None


def _form_of(span: tuple[str, ...]) -> str | None:
    _, latin = _tables()
    generic = latin.get(span)
    if generic is not None:
        return generic
    compact = _compact(span)
    if len(span) > _MAX_SPAN:
        # longer spans: dualuse's own table only
        return latin.get(compact) or _mistyped_form(span)
    if compact != span:
        generic = latin.get(compact) or _rigour_form(" ".join(compact))
        if generic is not None:
            return generic
    # single letters ("a", "s") are initials far more often than forms
    if len(span) == 1 and len(span[0]) < 2:
        return None
    return _rigour_form(" ".join(span)) or _mistyped_form(span)


@cache
def _letter_prefixes() -> frozenset[tuple[str, ...]]:
    """Forms of one-letter words that stand at a name's start too (C.I. DISERCOM)."""
    forms = _data.load("legal_forms.yml")["forms"]
    return frozenset(tuple(clean(f["match"]).split(" ")) for f in forms if f.get("prefix"))


@cache
def _joined() -> tuple[tuple[str, ...], tuple[str, ...], frozenset[str]]:
    data = _data.load("legal_forms.yml")
    return (
        tuple(data["joined_prefixes"]),
        tuple(data["joined_suffixes"]),
        frozenset(data["joined_suffix_rests"]),
    )


def unglue_legal_forms(tokens: list[str]) -> list[str]:
    """Split a legal form glued to the first or last word (JSCEnergiya, Machangaltd),
    or to the last word before the name's legal form (SONSPTY LTD, NOCTURNUMINC, S.
    DE R.L. DE C.V.)."""
    prefixes, suffixes, _ = _joined()
    if not tokens:
        return tokens
    tokens = _rejoined_end(tokens)
    first = tokens[0]
    for pre in prefixes:
        if first.startswith(pre) and len(first) - len(pre) >= 4:
            tokens = [pre, first[len(pre) :], *tokens[1:]]
            break
    last = _unglued_end(tokens[-1], suffixes)
    if last is not None:
        return [*tokens[:-1], *last]
    if len(tokens) > 2:
        kept = len(split_legal_forms(tokens)[0])
        if kept < len(tokens):
            end = _unglued_end(tokens[kept - 1], suffixes)
            if end is not None:
                return [*tokens[: kept - 1], *end, *tokens[kept:]]
    return tokens


#: the longest legal-form word that data entry splits in two (LIMI TED, COMP ANY)
_MAX_SPLIT_FORM = 12


def _rejoined_end(tokens: list[str]) -> list[str]:
    """The name with its last two words joined when they are one legal-form word
    split in two (LORA ENTERPRISES LIMI TED, BANK VTB JOINT STOCK COMP ANY)."""
    if len(tokens) < 3:
        return tokens
    a, b = tokens[-2], tokens[-1]
    if (
        len(a) < 2
        or len(b) < 2
        or len(a) + len(b) > _MAX_SPLIT_FORM
        or _form_of((a,)) is not None
        or _form_of((b,)) is not None
    ):
        return tokens
    joined = [*tokens[:-2], a + b]
    if len(split_legal_forms(joined)[1]) > len(split_legal_forms(tokens)[1]):
        return joined
    return tokens


def _unglued_end(word: str, suffixes: tuple[str, ...]) -> tuple[str, str] | None:
    """(the word, the legal form glued to its end), or None."""
    for suf in suffixes:
        if word.endswith(suf) and word != suf:
            rest = word[: -len(suf)]
            if len(rest) >= 4 or rest in _joined()[2] or _form_of((rest,)) is not None:
                return rest, suf
    return None


def split_legal_forms(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Split Latin name tokens into (name tokens, generic legal-form classes).

    At least one name token is always kept: "Limited" alone stays a name.
    """
    tokens = list(tokens)
    found: list[str] = []
    changed = True
    while changed and len(tokens) > 1:
        changed = False
        for size in range(min(_MAX_OWN_SPAN, len(tokens) - 1), 0, -1):
            generic = _form_of(tuple(tokens[-size:]))
            if generic is not None:
                found.append(generic)
                del tokens[-size:]
                changed = True
                break
            head = tuple(tokens[:size])
            # forms with one-letter words (A.Ş., A/S) are suffixes; "A S Smith" is initials,
            # but three letters or more, one-letter words all (L.L.C. Teson), spell a form
            spelled = size >= 3 and all(len(t) == 1 for t in head)
            if len(head[0]) < 2 and not spelled and head not in _letter_prefixes():
                generic = None
            else:
                generic = _form_of(head)
            if generic is not None:
                found.append(generic)
                del tokens[:size]
                changed = True
                break
    return tokens, found


#: one-word forms that are taken out inside a name too: abbreviations that are no
#: name word (LLC, OOO, JSC); AO, SA, AG, CO and the like are (SA for Saudi Arabia)
_INNER_WORDS = frozenset(
    {"llc", "ooo", "ltd", "jsc", "cjsc", "ojsc", "pjsc", "oao", "zao", "pao"}
    | {"gmbh", "fze", "fzco", "llp", "plc", "ltda", "sarl"}
)


def inner_legal_forms(tokens: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, generic class) of the legal forms inside a name, between its first
    and last word (Huawei Technologies LLC Kazakhstan; Tactical Missile Corporation,
    Joint Stock Company GosNIIMash; Markel Closed Joint Stock Company Markel CJSC).

    Lists write a subsidiary's form after its parent's name, and a branch's country
    after its form. A form of several words is taken out wherever it stands; a form
    of one word only when it is an abbreviation no name uses as a word.
    """
    spans: list[tuple[int, int, str]] = []
    i = 1
    while i < len(tokens) - 1:
        for size in range(min(_MAX_OWN_SPAN, len(tokens) - 1 - i), 0, -1):
            span = tuple(tokens[i : i + size])
            if size == 1 and span[0] not in _INNER_WORDS:
                continue
            if size == 2 and min(len(t) for t in span) < 2:
                continue  # "A S", "D O": initials as often as a form
            generic = _form_of(span)
            if generic is not None:
                spans.append((i, i + size, generic))
                i += size
                break
        else:
            i += 1
    return spans
