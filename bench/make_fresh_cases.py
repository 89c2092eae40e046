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
from collections.abc import Callable, Iterable
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

#: romanization variants: (pattern, replacement), applied to one word (general knowledge)
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
    (r"^abd al ", "abdul "),
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


def read_index(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def make_cases(
    rows: list[dict[str, object]], seed: int, per_kind: int, exclude: frozenset[str] = frozenset()
) -> Iterable[dict]:
    """Cases of every kind; positives are never drawn from a name in ``exclude`` (folded)."""
    rng = random.Random(seed)
    by_key: dict[str, list[str]] = {}
    for row in rows:
        for n in row["names"]:  # type: ignore[attr-defined]
            by_key.setdefault(fold(n), []).append(str(row["id"]))
    # DEV has no case from an aircraft's registration mark (EP-GOM): neither do these
    fresh = [
        r
        for r in rows
        if r["schema"] != "Airplane" and fold(str(r["names"][0])) not in exclude  # type: ignore[index]
    ]
    persons = [r for r in fresh if r["schema"] == "Person"]
    orgs = [r for r in fresh if r["schema"] in ("Organization", "Company", "LegalEntity")]
    rows = fresh
    case_no = 0

    def case(query: str, schema: str, kind: str, source: str | None) -> dict:
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

    def schema_of(row: dict[str, object]) -> str:
        s = str(row["schema"])
        return (
            "Any"
            if s == "LegalEntity" or rng.random() < 0.2
            else ("Organization" if s == "Company" else s)
        )

    PersonEdit = Callable[[list[str], list[str], random.Random], str | None]
    TextEdit = Callable[[str, random.Random], str | None]
    person_edits: dict[str, PersonEdit] = {
        "drop_middle_name": drop_middle,
        "swap_order": swap_order,
        "initials": initials,
    }
    text_edits: dict[str, TextEdit] = {
        "typo": typo,
        "legal_form": legal_form,
        "translit": translit,
        "diacritics": diacritics,
        "spacing": spacing,
        "case_punct": case_punct,
    }
    for kind, pedit in person_edits.items():
        made = tries = 0
        while persons and made < per_kind and tries < per_kind * 50:
            tries += 1
            row = rng.choice(persons)
            name = str(row["names"][0])  # type: ignore[index]
            query = pedit(*person_parts(name), rng)
            # swapped words fold to the same key, so that kind only needs a query
            if query and (kind == "swap_order" or fold(query) != fold(name)):
                made += 1
                yield case(query, "Person", kind, name)
    for kind, tedit in text_edits.items():
        made = tries = 0
        pool = orgs if kind == "legal_form" else rows
        while pool and made < per_kind and tries < per_kind * 50:
            tries += 1
            row = rng.choice(pool)
            name = str(row["names"][0])  # type: ignore[index]
            if row["schema"] == "Person" and kind not in ("typo", "spacing"):
                name_shown = display(*person_parts(name), rng)
            else:
                name_shown = name
            query = tedit(name_shown, rng)
            if query and query != name_shown:
                made += 1
                yield case(query, schema_of(row), kind, name)
    made = tries = 0
    edits = list(text_edits.values())
    while rows and made < per_kind and tries < per_kind * 50:
        tries += 1
        row = rng.choice(rows)
        name = str(row["names"][0])  # type: ignore[index]
        first, second = rng.sample(edits, 2)
        step = first(name, rng)
        query = second(step, rng) if step else None
        if query and fold(query) != fold(name):
            made += 1
            yield case(query, schema_of(row), "combined", name)
    yield from negatives(persons, orgs, by_key, rng, per_kind, case)


Row = dict[str, Any]


def negatives(
    persons: list[Row],
    orgs: list[Row],
    by_key: dict[str, list[str]],
    rng: random.Random,
    per_kind: int,
    case: Callable[[str, str, str, str | None], Row],
) -> Iterable[Row]:
    """Recombined names that pass the README's checks (no listed name equal, within or around)."""
    listed = set(by_key)
    skeletons = {_skeleton(k) for k in listed}
    by_word: dict[str, list[frozenset[str]]] = {}
    for key in listed:
        key_words = frozenset(key.split())
        for w in key_words:
            by_word.setdefault(w, []).append(key_words)

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

    made = tries = 0
    while len(persons) > 1 and made < per_kind and tries < per_kind * 200:
        tries += 1
        a, b = rng.sample(persons, 2)
        given, _ = person_parts(str(a["names"][0]))
        _, family = person_parts(str(b["names"][0]))
        if not given or fold(" ".join(family)) in fold(str(a["names"][0])):
            continue
        query = display(given, family, rng)
        if clean(query):
            made += 1
            yield case(query, "Person", "neg_recombined_person", None)
    # a distinctive word is one that few listed names have (BANK and TRADING are not)
    frequency: dict[str, int] = {}
    for key in listed:
        for w in set(key.split()):
            frequency[w] = frequency.get(w, 0) + 1

    def distinctive(word: str) -> bool:
        return len(word) >= 4 and word.isalpha() and frequency.get(word.lower(), 0) <= 3

    made = tries = 0
    while len(orgs) > 1 and made < per_kind and tries < per_kind * 200:
        tries += 1
        a, b = rng.sample(orgs, 2)
        words = str(a["names"][0]).split()
        donor = [w for w in str(b["names"][0]).split() if distinctive(w)]
        rare = [i for i, w in enumerate(words) if distinctive(w)]
        if not donor or not rare:
            continue
        words[rng.choice(rare)] = rng.choice(donor)
        query = " ".join(words)
        if clean(query):
            made += 1
            yield case(query, "Organization", "neg_recombined_org", None)


def _skeleton(key: str) -> str:
    """A crude consonant skeleton of a folded name (the README's last check)."""
    return re.sub(r"[aeiouy\s]", "", key)


def main() -> None:
    index = Path(sys.argv[1])
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    per_kind = int(sys.argv[3]) if len(sys.argv) > 3 else 300
    exclude: frozenset[str] = frozenset()
    if len(sys.argv) > 4:  # a cases file whose source names are not to be drawn again
        with open(sys.argv[4], encoding="utf-8") as fh:
            exclude = frozenset(
                fold(row["derived_from"]) for row in map(json.loads, fh) if row.get("derived_from")
            )
    for row in make_cases(read_index(index), seed, per_kind, exclude):
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
