"""Labelled match cases per script and language, and properties of the scorer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dualuse.matching import Matcher, PartyQuery
from dualuse.matching.ofac import ofac_score

# (language/script, query, schema, expected entity id or None for "no match")
CASES = [
    # Persian
    ("fas", "محمد حسین زاده", "Person", "p-hosseinzadeh"),
    ("fas", "شرکت پارس کالا", "Organization", "c-pars"),
    ("fas", "علی رضایی", "Person", None),
    # Arabic
    ("ara", "عبد الرحمن خالد الحمداني", "Person", "p-rahman"),
    ("ara", "أحمد منصور", "Person", None),
    # Russian
    ("rus", "Сергей Петрович Иванов", "Person", "p-ivanov"),
    ("rus", "ООО Ромашка", "Organization", "c-romashka"),
    ("rus", "Obshchestvo s Ogranichennoy Otvetstvennostyu Romashka", "Organization", "c-romashka"),
    ("rus", "Сергей Петрович Смирнов", "Person", None),
    # Chinese
    ("zho", "深圳华信电子有限公司", "Organization", "c-shenzhen"),
    ("zho", "王建国", "Person", "p-wang"),
    ("zho", "深圳华为技术有限公司", "Organization", None),
    # English / Latin romanizations
    ("eng", "Muhammad Husayn Zade", "Person", "p-hosseinzadeh"),
    ("eng", "IVANOFF, Sergei", "Person", "p-ivanov"),
    ("eng", "J. Smith", "Person", "p-smith"),
    ("eng", "John Smyth", "Person", "p-smith"),
    ("eng", "Abdul Rahman Halid Al Hamdani", "Person", "p-rahman"),
    ("eng", "Romashka Limited Liability Company", "Organization", "c-romashka"),
    ("eng", "Blue Sea Shipping Free Zone Establishment", "Organization", "c-bluesea"),
    ("eng", "BlueSea Shipping", "Organization", "c-bluesea"),
    ("eng", "Shenzhen Huaxin Electronics Company Limited", "Organization", "c-shenzhen"),
    ("eng", "Red Sea Shipping FZE", "Organization", None),
    ("eng", "John Robert Brown", "Person", None),
    ("eng", "Romashka", "Vessel", None),
    # Turkish
    ("tur", "Mehmet Yılmaz", "Person", "p-yilmaz"),
    ("tur", "ANADOLU MAKİNE SANAYİ ANONİM ŞİRKETİ", "Organization", "c-anadolu"),
    ("tur", "Mehmet Öztürk", "Person", None),
]


@pytest.mark.parametrize(("lang", "query", "schema", "expected"), CASES)
def test_labelled_cases(
    matcher: Matcher, lang: str, query: str, schema: str, expected: str | None
) -> None:
    hits = matcher.match(PartyQuery(query, schema))
    ids = [h.entity_id for h in hits]
    if expected is None:
        assert ids == [], f"{lang}: {query!r} should match nothing, got {ids}"
    else:
        assert ids and ids[0] == expected, f"{lang}: {query!r} -> {ids}"


def test_identifier_outweighs_a_weak_name(matcher: Matcher) -> None:
    hits = matcher.match(PartyQuery("Caspian Sun", "Vessel", identifiers=("IMO 9184691",)))
    assert hits and hits[0].entity_id == "v-caspian"
    feature = next(f for f in hits[0].features if f.name == "identifier")
    assert feature.reason == "IMO 9184691 is listed for this party"
    assert hits[0].score >= 0.95


def test_programs_come_from_sanction_entities(matcher: Matcher) -> None:
    hit = matcher.match(PartyQuery("Sergey Ivanov", "Person"))[0]
    assert hit.programs == ("RUSSIA-EO14024",)
    assert hit.source == "test_list"


def test_incompatible_schema_never_matches(matcher: Matcher) -> None:
    assert matcher.match(PartyQuery("Caspian Star", "Person"), threshold=0.0) == []


def test_scores_are_deterministic(matcher: Matcher) -> None:
    q = PartyQuery("Mohamed Hosein Zadeh", "Person", countries=("ir",), birth_date="1970")
    first = [h.to_dict() for h in matcher.match(q, threshold=0.3)]
    second = [h.to_dict() for h in matcher.match(q, threshold=0.3)]
    assert first == second


NAMES = [
    "Mohammad Hossein Zadeh",
    "Sergey Petrovich Ivanov",
    "Abd al-Rahman Khalid al-Hamdani",
    "Pars Kala Trading Company",
    "Shenzhen Huaxin Electronics Co., Ltd.",
    "Caspian Star",
]


@pytest.mark.parametrize("name", NAMES)
def test_a_listed_name_matches_itself_at_one(matcher: Matcher, name: str) -> None:
    hits = matcher.match(PartyQuery(name))
    assert hits and hits[0].score == 1.0 and hits[0].matched_name == name


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(NAMES),
    st.sampled_from(NAMES),
)
def test_ofac_score_is_symmetric_for_one_word_names(a: str, b: str) -> None:
    first, second = a.split()[0], b.split()[0]
    assert ofac_score(first, second) == ofac_score(second, first)
    assert ofac_score(a, a) == 1.0


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=3, max_size=30))
def test_any_name_matches_itself(make_entity: Callable[..., Any], text: str) -> None:
    make = make_entity
    if not text.strip():
        return
    m = Matcher.build([make("Person", "x", name=text)])
    hits = m.match(PartyQuery(text, "Person"), threshold=0.0)
    assert hits and hits[0].score == 1.0


def test_arabic_script_query_reaches_the_spelling_it_fits_first() -> None:
    # invented parties: many names share the consonant skeleton "hmd" of احمد
    from dualuse.matching.index import EntityRecord

    names = ["Hamid Hammoud", "Hamed Humaid", "Hamoud Hamid", "Humaid Hamed", "Hmida Hamad"]
    records = [EntityRecord(f"p{i}", "Person", n, "t", [n]) for i, n in enumerate(names)]
    records.append(EntityRecord("target", "Person", "Ahmad Hamzi", "t", ["Ahmad Hamzi"]))
    matcher = Matcher.from_records(records)
    from dualuse.normalize import analyze_name

    top = matcher.index.candidates(analyze_name("أحمد الحمزي", "Person"), limit=1)
    assert [matcher.index.entities[matcher.index.name_entity[n]].id for n, _ in top] == ["target"]


def test_a_rare_spelling_does_not_outrank_the_name_written_as_the_query() -> None:
    # invented parties: MUHAMMAD and MOHAMMED are common, MUKHAMMAD and MOUHAMAD rare.
    # Both query words reach the rare spellings as variants; were those worth their own
    # rarity, the names spelled rarely would come before the one written as the query
    from dualuse.matching.index import EntityRecord
    from dualuse.normalize import analyze_name

    common = [f"Muhammad Person{i}" for i in range(40)] + [f"Mohammed Other{i}" for i in range(40)]
    rare = ["Mukhammad", "Mouhamad", "Muhamed", "Mohhamad"]
    names = common + [f"Abu {r}" for r in rare]
    records = [EntityRecord(f"c{i}", "Person", n, "t", [n]) for i, n in enumerate(names)]
    records.append(
        EntityRecord("target", "Person", "AL-MUHAMMAD, Muhammad", "t", ["AL-MUHAMMAD, Muhammad"])
    )
    index = Matcher.from_records(records).index
    form = analyze_name("AL-MUHAMMAD, MOHAMMED", "Person")
    ranked = [index.entities[index.name_entity[n]].id for n, _ in index.candidates(form, limit=3)]
    assert ranked[0] == "target", ranked


def test_a_rare_word_of_a_common_skeleton_does_not_outrank_the_common_spelling() -> None:
    # invented parties: حامد romanizes as "hamd", skeleton "hmd", which HAMID and
    # HAMED share with many rare words. The query says only "these consonants": a
    # rare word of the family is worth no more than the family is
    from dualuse.matching.index import EntityRecord
    from dualuse.normalize import analyze_name

    common = [f"Hamid Person{i}" for i in range(30)] + [f"Hamed Other{i}" for i in range(30)]
    records = [EntityRecord(f"c{i}", "Person", n, "t", [n]) for i, n in enumerate(common)]
    records += [
        EntityRecord("rare", "Person", "Hemaida Zafar", "t", ["Hemaida Zafar"]),
        EntityRecord("target", "Person", "Hamid Zafar", "t", ["Hamid Zafar"]),
    ]
    index = Matcher.from_records(records).index
    form = analyze_name("حامد ظفر", "Person")
    ranked = [index.entities[index.name_entity[n]].id for n, _ in index.candidates(form, limit=2)]
    assert ranked[0] == "target"
    hits = index.token_hits("hamd", "hmd", use_skeleton=True)
    by_word = {index.tokens[t]: s for t, s in hits.items()}
    assert all(s >= 0.0 for s in hits.values())
    # the rare word's similarity is scaled down to what the family weighs
    assert by_word["hemaida"] * float(index.idf[index.vocab["hemaida"]]) <= (
        by_word["hamid"] * float(index.idf[index.vocab["hamid"]]) + 1e-6
    )


def test_a_skeleton_family_in_every_name_twice_still_weighs_zero_or_more() -> None:
    # invented parties, each name with two words of the family "hmd": the sum of
    # the family's postings is twice the number of names
    from dualuse.matching.index import EntityRecord

    names = [f"Hamid Hamed {w}" for w in ("Zafar", "Karimi", "Tavakoli")]
    records = [EntityRecord(f"p{i}", "Person", n, "t", [n]) for i, n in enumerate(names)]
    index = Matcher.from_records(records).index
    assert index.idf_of_count(2 * len(index.name_forms)) > 0.0
    hits = index.token_hits("hamd", "hmd", use_skeleton=True)
    assert hits and all(s >= 0.0 for s in hits.values())


def test_waw_of_a_romanization_fits_a_latin_w_or_v() -> None:
    from dualuse.normalize.phonetic import fits_unvowelled

    # جواد -> juad, وزیری -> uziri: و is a consonant in JAVAD, JAWAD, WAZIRI
    assert fits_unvowelled("juad", "jawad") and fits_unvowelled("juad", "javad")
    assert fits_unvowelled("uziri", "waziri")
    # and a vowel still (نوری -> nuri)
    assert fits_unvowelled("nuri", "noori")
    # but not any letter: the consonants must be there, in order
    assert not fits_unvowelled("juad", "jada") and not fits_unvowelled("ahmd", "hammoud")


def test_skeleton_matches_are_explained_in_words_and_fitting_spellings_rank_first() -> None:
    from dualuse.matching.index import EntityRecord

    matcher = Matcher.from_records(
        [
            EntityRecord("fits", "Person", "Ahmad Hamzi", "t", ["Ahmad Hamzi"]),
            EntityRecord("unfit", "Person", "Hemed Ahmed", "t", ["Hemed Ahmed"]),
        ]
    )
    hits = matcher.match(PartyQuery("أحمد حمزي", "Person"), threshold=0.5)
    assert [h.entity_id for h in hits] == ["fits", "unfit"]
    assert hits[0].score > hits[1].score
    reason = hits[0].features[0].reason
    # words, not consonant skeletons ("hmd=hmd")
    assert "ahmd=ahmad" in reason and "hmzi=hamzi" in reason


def test_a_name_field_listing_several_spellings_is_indexed_as_each_of_them() -> None:
    # invented party: one list field holds three spellings, as some UN entries do
    from dualuse.matching.index import EntityRecord, listed_names

    field = "Kamran Tehrani; Kamran Tehrany;  ; Camran Tehrani"
    assert list(listed_names([field, "K. Tehrani"])) == [
        "Kamran Tehrani",
        "Kamran Tehrany",
        "Camran Tehrani",
        "K. Tehrani",
    ]
    matcher = Matcher.from_records([EntityRecord("p", "Person", "Kamran Tehrani", "t", [field])])
    hits = matcher.match(PartyQuery("Camran Tehrani", "Person"))
    assert [(h.entity_id, h.matched_name, h.score) for h in hits] == [("p", "Camran Tehrani", 1.0)]


def test_a_name_field_naming_a_former_name_is_indexed_as_each_name() -> None:
    # invented parties, written as the US CSL writes aliases inside a name
    from dualuse.matching.index import EntityRecord, listed_names

    field = "Zarvan Trading, OOO (f.k.a., Tehran Zarvan Kompaniya OOO)"
    assert list(listed_names([field])) == [
        field,
        "Zarvan Trading, OOO",
        "Tehran Zarvan Kompaniya OOO",
    ]
    assert list(listed_names(["Kavir Works, a.k.a., Kavir Plant."])) == [
        "Kavir Works, a.k.a., Kavir Plant.",
        "Kavir Works",
        "Kavir Plant",
    ]
    assert list(listed_names(["Kavir Ltd (a.k.a. KVR; Kavir Works)"]))[1:] == [
        "Kavir Ltd",
        "KVR",
        "Kavir Works",
    ]
    # initials with dots are no alias marker
    assert list(listed_names(["K.A. Tehrani"])) == ["K.A. Tehrani"]
    matcher = Matcher.from_records([EntityRecord("o", "Organization", field, "t", [field])])
    hits = matcher.match(PartyQuery("Tehran Zarvan Kompaniya OOO", "Organization"))
    assert [(h.entity_id, h.matched_name, h.score) for h in hits] == [
        ("o", "Tehran Zarvan Kompaniya OOO", 1.0)
    ]


def test_a_name_is_also_indexed_without_its_trailing_abbreviation() -> None:
    # invented party, written as lists write acronyms: NAME (ACRONYM)
    from dualuse.matching.index import EntityRecord, listed_names

    listed = "ZARVAN HOLDING NETWORK (ZHN)"
    assert list(listed_names([listed])) == [listed, "ZARVAN HOLDING NETWORK"]
    # brackets that are not an abbreviation at the end stay part of the name only
    for name in [
        "LABICO SAL (OFF SHORE)",
        "MANSUDAE (PTY) LIMITED",
        "ZHN (AB)",
        "SANTOS, Ahmad (Ahmed)",
    ]:
        assert list(listed_names([name])) == [name]
    matcher = Matcher.from_records([EntityRecord("o", "Organization", listed, "t", [listed])])
    hits = matcher.match(PartyQuery("Zarvan Holding Network", "Organization"))
    assert [(h.entity_id, h.matched_name, h.score) for h in hits] == [
        ("o", "ZARVAN HOLDING NETWORK", 1.0)
    ]
    # the whole name, acronym included, still matches itself
    assert matcher.match(PartyQuery(listed, "Organization"))[0].matched_name == listed


def test_initials_the_listed_name_lacks_cost_what_a_letter_says() -> None:
    # invented parties; the letters r and d are rare as words here, as on real lists
    import itertools
    import math

    from dualuse.matching.index import EntityRecord

    # some 5,000 invented names, so that a word weighs about what it does on a real list
    given = ["Pieter", "Jan", "Koen", "Bram", "Wim", "Luc", "Geert", "Dirk", "Joris", "Stijn"]
    syllables = ["ver", "mee", "bos", "lan", "dek", "hof", "wij", "ker", "mol", "sten"]
    family = [f"{a}{b}{c}s".title() for a, b, c in itertools.product(syllables, repeat=3)]
    names = [f"{g} {f}" for g, f in itertools.product(given[1:6], family)]  # no Pieter
    records = [EntityRecord(f"p{i}", "Person", n, "t", [n]) for i, n in enumerate(names)]
    records += [
        EntityRecord("target", "Person", "VANDAMME, Pieter", "t", ["VANDAMME, Pieter"]),
        EntityRecord("other", "Person", "Wim R. Peeters", "t", ["Wim R. Peeters"]),
    ]
    matcher = Matcher.from_records(records)
    weight = matcher.index.token_weight
    assert weight["r"] <= math.log(26) < weight["vandamme"]
    assert weight["q"] <= math.log(26)  # a letter never seen as a word, too
    hits = matcher.match(PartyQuery("VANDAMME, Pieter R.D.", "Person"))
    assert [h.entity_id for h in hits] == ["target"]
    assert "query parts not in the listed name: r, d" in hits[0].features[0].reason


def test_a_joined_word_with_a_typo_in_one_part_reaches_the_listed_name() -> None:
    # invented parties; each query is two listed words written as one, one of them
    # mistyped: a letter more, a letter less, a letter changed, two letters swapped
    from dualuse.matching.index import EntityRecord
    from dualuse.normalize import analyze_name

    names = ["Leoncio Sanchez", "Steve Liu", "Prensa Latina", "Marta Lopez", "Steven Lee"]
    records = [EntityRecord(f"e{i}", "Person", n, "t", [n]) for i, n in enumerate(names)]
    matcher = Matcher.from_records(records)
    index = matcher.index
    for query, target in [
        ("LOENCIOSANCHEZ", "e0"),  # swapped
        ("Steeveliu", "e1"),  # a letter more
        ("Prensapatina", "e2"),  # changed
        ("Prensalatna", "e2"),  # a letter less
    ]:
        found = [
            index.entities[index.name_entity[n]].id
            for n, _ in index.candidates(analyze_name(query, "Person"), limit=3)
        ]
        assert target in found, (query, found)
        hits = matcher.match(PartyQuery(query, "Person"))
        assert hits and hits[0].entity_id == target, (query, hits)
    # a typo in both parts is two slips: not a reading of the joined word
    found = index.candidates(analyze_name("Loenciosanches", "Person"), limit=3)
    assert not found


def test_a_generic_word_the_index_never_saw_weighs_as_generic_words_do() -> None:
    # invented party; OBSHCHEE ("general", an inflection of the glossary's obshch*)
    # is in no listed name, and neither is the invented word KORVALEX
    from dualuse.matching.index import WEAK_SHARE, EntityRecord

    listed = "STRAKHOVAYA KOMPANIYA ZARVANBANK STRAKHOVANIE"
    matcher = Matcher.from_records([EntityRecord("o", "Organization", listed, "t", [listed])])
    weights = matcher.index.token_weight
    assert "obshchee" not in matcher.index.vocab
    assert weights["obshchee"] == pytest.approx(weights["korvalex"] * WEAK_SHARE)

    def score(query: str) -> float:
        hits = matcher.match(PartyQuery(query, "Organization"), threshold=0.0)
        return hits[0].score

    generic = score("STRAKHOVAYA KOMPANIYA ZARVANBANK OBSHCHEE STRAKHOVANIE")
    distinctive = score("STRAKHOVAYA KOMPANIYA ZARVANBANK KORVALEX STRAKHOVANIE")
    assert 1.0 > generic > distinctive
