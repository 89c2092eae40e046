"""Fresh perturbation cases from a bench index, to check that DEV figures generalize.

DEV's perturbation cases are 2,060 seeded edits of 1,700 listed names. Tuning on them
can fit those names rather than the kinds of variation, and the HOLDOUT split is not
ours to see. This script draws other listed names from the same index and perturbs
them again, with its own seed and its own rules, written from the kinds' descriptions
in ``shared/bench/README.md`` (not from dualuse's tables, which would test dualuse
against itself): typos, dropped middle names, swapped order, initials, legal forms,
transliteration variants, diacritics, spacing, case and punctuation, two at once; and
negatives made the README's way: a listed person's given names with another's family
name, and one distinctive word of a listed organisation swapped for another's.

The output has the format of ``names_dev.jsonl``, so the usual benchmark scores it::

    python bench/make_fresh_cases.py ../shared/bench/names_dev_index.jsonl 1 > /tmp/fresh.jsonl
    dualuse bench names --cases /tmp/fresh.jsonl --index ../shared/bench/names_dev_index.jsonl

Usage: ``python bench/make_fresh_cases.py INDEX.jsonl [SEED] [PER_KIND] [CASES.jsonl]``
(default seed 1, 300 cases per kind; names that CASES.jsonl's cases were derived from
are not drawn). Each seed gives other names and other edits; the figures of a few
seeds, beside DEV's, say how much of DEV's recall is DEV's own.
"""

from __future__ import annotations

import json
import random
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

#: a QWERTY key's neighbours, for typing slips
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
NEIGHBOURS = {
    ch: "".join(
        row[j]
        for r2, row in enumerate(_ROWS)
        if abs(r2 - r) <= 1
        for j in range(max(0, i - 1), min(len(row), i + 2))
        if row[j] != ch
    )
    for r, row in enumerate(_ROWS)
    for i, ch in enumerate(row)
}

#: legal forms as lists write them, with what else they go by (general knowledge)
LEGAL_FORMS: tuple[tuple[str, ...], ...] = (
    ("LLC", "L.L.C.", "Limited Liability Company", "OOO", "ООО"),
    ("JSC", "AO", "Joint Stock Company", "АО"),
    ("OJSC", "OAO", "Open Joint Stock Company"),
    ("CJSC", "ZAO", "Closed Joint Stock Company"),
    ("PJSC", "PAO", "Public Joint Stock Company"),
    ("CO., LTD.", "Co Ltd", "Company Limited"),
    ("LTD", "Ltd.", "Limited"),
    ("CO", "Co.", "Company"),
    ("INC", "Inc.", "Incorporated"),
    ("CORP", "Corp.", "Corporation"),
    ("GMBH", "GmbH", "G.m.b.H.", "Gesellschaft mit beschränkter Haftung"),
    ("S.A.", "SA", "Sociedad Anonima"),
    ("S.A. DE C.V.", "SA de CV", "Sociedad Anonima de Capital Variable"),
    ("A.S.", "A.Ş.", "Anonim Şirketi"),
    ("FZE", "F.Z.E.", "Free Zone Establishment"),
    ("FZCO", "FZ Co", "Free Zone Company"),
    ("LLP", "L.L.P.", "Limited Liability Partnership"),
    ("PVT LTD", "Private Limited"),
    ("SDN BHD", "Sdn. Bhd."),
)

#: romanization variants: (pattern, replacement), applied to one word (general knowledge);
#: a replacement may split the word (ABDULLAH -> abd al lah)
TRANSLIT: tuple[tuple[str, str], ...] = (
    (r"^moh?amm?[ae]d$", "muhammad"),
    (r"^muhamm?[ae]d$", "mohammed"),
    (r"^mohamed$", "mohammad"),
    (r"^h[ou]ss?[ae]in$", "husayn"),
    (r"^husayn$", "hussein"),
    (r"^hossein$", "hussein"),
    (r"ei$", "ey"),
    (r"ey$", "ei"),
    (r"ov$", "off"),
    (r"ev$", "eff"),
    (r"kh", "h"),
    (r"ou", "u"),
    (r"q", "k"),
    (r"yu", "iu"),
    (r"ya", "ia"),
    (r"zh", "j"),
    (r"iy$", "ii"),
    (r"ii$", "iy"),
    (r"sh", "ch"),
    (r"j", "dj"),
    (r"w", "v"),
    (r"ee", "i"),
    (r"oo", "u"),
    (r"zadeh$", "zade"),
    (r"zade$", "zadeh"),
    (r"ph", "f"),
    (r"ai", "ay"),
    (r"y", "i"),
    (r"^abdul", "abd al "),
)

#: accents a native writer puts on (Spanish, Portuguese, Turkish): letter -> accented
ACCENTS = {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú", "n": "ñ", "s": "ş", "c": "ç"}


def fold(text: str) -> str:
    """Lower case, no accents, no punctuation, sorted words: the README's "same name"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return " ".join(sorted(re.sub(r"[^\w\s]", " ", text).split()))


def person_parts(name: str) -> tuple[list[str], list[str]]:
    """(given names, family names) of a listed person's name."""
    if "," in name:
        family, _, given = name.partition(",")
        return given.split(), family.split()
    words = name.split()
    return words[:-1], words[-1:]


def display(given: list[str], family: list[str], rng: random.Random) -> str:
    """A person's name as a form or a message writes it: given names first."""
    style = rng.randrange(3)
    g = " ".join(w.capitalize() for w in given)
    f = " ".join(family)
    if style == 0:
        return f"{g} {f.upper()}".strip()
    if style == 1:
        return f"{g} {f.title()}".strip()
    return f"{g} {f}".lower().strip()


# -- perturbations: each returns None where it does not apply -----------------------


def typo(name: str, rng: random.Random) -> str | None:
    out = name
    for _ in range(rng.choice((1, 1, 2))):
        idx = [i for i, ch in enumerate(out) if ch.isalpha()]
        if len(idx) < 4:
            return None
        i = rng.choice(idx[1:-1])
        kind = rng.randrange(4)
        ch = out[i]
        if kind == 0 and ch.lower() in NEIGHBOURS:
            sub = rng.choice(NEIGHBOURS[ch.lower()])
            out = out[:i] + (sub.upper() if ch.isupper() else sub) + out[i + 1 :]
        elif kind == 1:
            out = out[:i] + out[i + 1 :]
        elif kind == 2:
            out = out[:i] + ch + out[i:]
        elif out[i + 1 : i + 2].isalpha():
            out = out[:i] + out[i + 1] + ch + out[i + 2 :]
    return out if out != name else None


def drop_middle(given: list[str], family: list[str], rng: random.Random) -> str | None:
    words = given + family
    if len(words) < 3:
        return None
    if len(given) >= 2:
        given = given[:1] + given[2:] if rng.random() < 0.5 else given[:-1]
    elif len(family) >= 2:
        family = family[1:]
    else:
        return None
    return display(given, family, rng)


def swap_order(given: list[str], family: list[str], rng: random.Random) -> str | None:
    if not given:
        return None
    text = " ".join(family + given)
    return text.lower() if rng.random() < 0.3 else text.title()


def initials(given: list[str], family: list[str], rng: random.Random) -> str | None:
    if not given or len(given[0]) < 2 or not given[0][0].isalpha():
        return None
    return display([given[0][0].upper() + "."] + given[1:], family, rng)


def legal_form(name: str, rng: random.Random) -> str | None:
    upper = name.upper()
    # the longest form first, whatever its group: S.A. DE C.V. before S.A.
    forms = sorted(((f, g) for g in LEGAL_FORMS for f in g), key=lambda fg: -len(fg[0]))
    for form, group in forms:
        pat = r"(^|[\s,])" + re.escape(form.upper()) + r"($|[\s,])"
        m = re.search(pat, upper)
        if m is None:
            continue
        others = [f for f in group if f.upper() != form.upper()] + [""]
        new = rng.choice(others)
        start, end = m.start() + len(m.group(1)), m.end() - len(m.group(2))
        out = re.sub(r"\s+", " ", (name[:start] + new + name[end:])).strip(" ,")
        return out if out and fold(out) != fold(name) else None
    return None


def translit(name: str, rng: random.Random) -> str | None:
    words = name.split()
    order = list(range(len(words)))
    rng.shuffle(order)
    rules = list(TRANSLIT)
    rng.shuffle(rules)
    for i in order:
        low = words[i].lower()
        for pat, rep in rules:
            new = re.sub(pat, rep, low, count=1)
            if new != low and len(new) >= 2:
                words[i] = new.upper() if words[i].isupper() else new.capitalize()
                return " ".join(words)
    return None


def diacritics(name: str, rng: random.Random) -> str | None:
    stripped = "".join(
        ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch)
    )
    if stripped != name:
        return stripped
    idx = [i for i, ch in enumerate(name) if ch.lower() in ACCENTS]
    if not idx:
        return None
    out = list(name)
    for i in rng.sample(idx, min(len(idx), rng.choice((1, 2)))):
        acc = ACCENTS[out[i].lower()]
        out[i] = acc.upper() if out[i].isupper() else acc
    return "".join(out)


def spacing(name: str, rng: random.Random) -> str | None:
    words = name.replace(",", " ,").split()
    if "-" in name and rng.random() < 0.5:
        return name.replace("-", rng.choice(("", " ")))
    if len(words) >= 2 and rng.random() < 0.6:
        i = rng.randrange(len(words) - 1)
        if words[i + 1] == ",":
            return None
        words[i : i + 2] = [words[i] + words[i + 1]]
    else:
        long = [i for i, w in enumerate(words) if len(w) >= 6]
        if not long:
            return None
        i = rng.choice(long)
        k = rng.randrange(3, len(words[i]) - 2)
        words[i : i + 1] = [words[i][:k], words[i][k:]]
    return " ".join(words).replace(" ,", ",")


def case_punct(name: str, rng: random.Random) -> str | None:
    out = re.sub(r"[.,'()\-]", "", name) if rng.random() < 0.5 else name
    out = rng.choice((str.lower, str.upper, str.title))(out)
    return re.sub(r"\s+", " ", out).strip() or None


# -- cases -----------------------------------------------------------------------------

Row = dict[str, Any]


def read_index(path: Path) -> list[Row]:
    """The bench index's rows; a line that is not a row stops with its file and line."""
    rows: list[Row] = []
    with path.open(encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                if not (row["id"] and row["schema"] and row["names"]):
                    raise ValueError("empty id, schema or names")
            except (ValueError, KeyError, TypeError) as exc:
                sys.exit(f"{path}:{line_no}: not a bench index row (id, schema, names): {exc}")
            rows.append(row)
    return rows


def _draw(per_kind: int, tries: int, attempt: Callable[[], Row | None]) -> Iterator[Row]:
    """Up to ``per_kind`` cases from ``attempt`` (None: that draw did not apply), in at
    most ``tries`` attempts (a kind that rarely applies does not loop for ever)."""
    made = 0
    for _ in range(tries):
        if made >= per_kind:
            return
        found = attempt()
        if found is not None:
            made += 1
            yield found


def make_cases(
    rows: list[Row], seed: int, per_kind: int, exclude: frozenset[str] = frozenset()
) -> Iterator[Row]:
    """Cases of every kind; positives are never drawn from a name in ``exclude`` (folded)."""
    rng = random.Random(seed)
    by_key: dict[str, list[str]] = {}
    for row in rows:
        for n in row["names"]:
            by_key.setdefault(fold(n), []).append(str(row["id"]))
    # DEV has no case from an aircraft's registration mark (EP-GOM): neither do these
    drawn = [
        r for r in rows if r["schema"] != "Airplane" and fold(str(r["names"][0])) not in exclude
    ]
    persons = [r for r in drawn if r["schema"] == "Person"]
    orgs = [r for r in drawn if r["schema"] in ("Organization", "Company", "LegalEntity")]
    case_no = 0

    def case(query: str, schema: str, kind: str, source: str | None) -> Row:
        nonlocal case_no
        case_no += 1
        expected = sorted(set(by_key.get(fold(source), []))) if source else []
        return {
            "id": f"fresh-{seed}-{case_no}",
            "query": query,
            "schema": schema,
            "expected_ids": expected,
            "kind": kind,
            "derived_from": source,
        }

    def schema_of(row: Row) -> str:
        s = str(row["schema"])
        return (
            "Any"
            if s == "LegalEntity" or rng.random() < 0.2
            else ("Organization" if s == "Company" else s)
        )

    def person_case(kind: str, edit: PersonEdit) -> Row | None:
        name = str(rng.choice(persons)["names"][0])
        query = edit(*person_parts(name), rng)
        # swapped words fold to the same key, so that kind only needs a query
        if query and (kind == "swap_order" or fold(query) != fold(name)):
            return case(query, "Person", kind, name)
        return None

    def text_case(kind: str, edit: TextEdit, pool: list[Row]) -> Row | None:
        row = rng.choice(pool)
        name = str(row["names"][0])
        if row["schema"] == "Person" and kind not in ("typo", "spacing"):
            shown = display(*person_parts(name), rng)
        else:
            shown = name
        query = edit(shown, rng)
        return case(query, schema_of(row), kind, name) if query and query != shown else None

    def combined_case() -> Row | None:
        row = rng.choice(drawn)
        name = str(row["names"][0])
        first, second = rng.sample(list(TEXT_EDITS.values()), 2)
        step = first(name, rng)
        query = second(step, rng) if step else None
        if query and fold(query) != fold(name):
            return case(query, schema_of(row), "combined", name)
        return None

    tries = per_kind * 50
    for kind, pedit in PERSON_EDITS.items():
        if persons:
            yield from _draw(per_kind, tries, partial(person_case, kind, pedit))
    for kind, tedit in TEXT_EDITS.items():
        pool = orgs if kind == "legal_form" else drawn
        if pool:
            yield from _draw(per_kind, tries, partial(text_case, kind, tedit, pool))
    if drawn:
        yield from _draw(per_kind, tries, combined_case)
    yield from negatives(persons, orgs, by_key, rng, per_kind, case)


PersonEdit = Callable[[list[str], list[str], random.Random], str | None]
TextEdit = Callable[[str, random.Random], str | None]
PERSON_EDITS: dict[str, PersonEdit] = {
    "drop_middle_name": drop_middle,
    "swap_order": swap_order,
    "initials": initials,
}
TEXT_EDITS: dict[str, TextEdit] = {
    "typo": typo,
    "legal_form": legal_form,
    "translit": translit,
    "diacritics": diacritics,
    "spacing": spacing,
    "case_punct": case_punct,
}


def negatives(
    persons: list[Row],
    orgs: list[Row],
    by_key: dict[str, list[str]],
    rng: random.Random,
    per_kind: int,
    case: Callable[[str, str, str, str | None], Row],
) -> Iterator[Row]:
    """Recombined names that pass the README's checks (no listed name equal, within or around)."""
    listed = set(by_key)
    skeletons = {_skeleton(k) for k in listed}
    by_word: dict[str, list[frozenset[str]]] = {}
    # a distinctive word is one that few listed names have (BANK and TRADING are not)
    frequency: dict[str, int] = {}
    for key in listed:
        key_words = frozenset(key.split())
        for w in key_words:
            by_word.setdefault(w, []).append(key_words)
            frequency[w] = frequency.get(w, 0) + 1

    def clean(query: str) -> bool:
        key = fold(query)
        words = frozenset(key.split())
        if key in listed or _skeleton(key) in skeletons:
            return False
        for w in words:
            for other in by_word.get(w, ()):
                # contained in a listed name, or containing a listed multi-word name
                if words <= other or (len(other) > 1 and other <= words):
                    return False
        return True

    def distinctive(word: str) -> bool:
        return len(word) >= 4 and word.isalpha() and frequency.get(word.lower(), 0) <= 3

    def person() -> Row | None:
        a, b = rng.sample(persons, 2)
        given, _ = person_parts(str(a["names"][0]))
        _, family = person_parts(str(b["names"][0]))
        if not given or fold(" ".join(family)) in fold(str(a["names"][0])):
            return None
        query = display(given, family, rng)
        return case(query, "Person", "neg_recombined_person", None) if clean(query) else None

    def organisation() -> Row | None:
        a, b = rng.sample(orgs, 2)
        words = str(a["names"][0]).split()
        donor = [w for w in str(b["names"][0]).split() if distinctive(w)]
        rare = [i for i, w in enumerate(words) if distinctive(w)]
        if not donor or not rare:
            return None
        words[rng.choice(rare)] = rng.choice(donor)
        query = " ".join(words)
        return case(query, "Organization", "neg_recombined_org", None) if clean(query) else None

    if len(persons) > 1:
        yield from _draw(per_kind, per_kind * 200, person)
    if len(orgs) > 1:
        yield from _draw(per_kind, per_kind * 200, organisation)


def _skeleton(key: str) -> str:
    """A crude consonant skeleton of a folded name (the README's last check)."""
    return re.sub(r"[aeiouy\s]", "", key)


USAGE = "usage: python bench/make_fresh_cases.py INDEX.jsonl [SEED] [PER_KIND] [CASES.jsonl]"


def main(argv: list[str]) -> None:
    if not 1 <= len(argv) <= 4:
        sys.exit(USAGE)
    index = Path(argv[0])
    try:
        seed = int(argv[1]) if len(argv) > 1 else 1
        per_kind = int(argv[2]) if len(argv) > 2 else 300
    except ValueError as exc:
        sys.exit(f"SEED and PER_KIND are whole numbers ({exc})\n{USAGE}")
    for path in (argv[0], *argv[3:]):
        if not Path(path).is_file():
            sys.exit(f"{path}: no such file\n{USAGE}")
    exclude: frozenset[str] = frozenset()
    if len(argv) > 3:  # a cases file whose source names are not to be drawn again
        with open(argv[3], encoding="utf-8") as fh:
            exclude = frozenset(
                fold(row["derived_from"]) for row in map(json.loads, fh) if row.get("derived_from")
            )
    for row in make_cases(read_index(index), seed, per_kind, exclude):
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
