"""Every feature's reason text, and the name alignment behind it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dualuse.matching import Matcher, PartyQuery
from dualuse.matching.names import align, token_similarity


def _feature(matcher: Matcher, query: PartyQuery, name: str, threshold: float = 0.0):  # noqa: ANN202
    hits = matcher.match(query, threshold=threshold, limit=20)
    assert hits, query
    return {f.name: f for f in hits[0].features}[name]


def test_name_reason_lists_matched_and_missing_parts(matcher: Matcher) -> None:
    f = _feature(matcher, PartyQuery("John Smith", "Person"), "name")
    assert (
        f.reason == "parts matched: john=john, smith=smith; listed parts not in the query: robert"
    )
    assert f.query_value == "John Smith" and f.candidate_value == "John Robert Smith"


def test_name_reason_shows_close_parts_and_scripts(matcher: Matcher) -> None:
    f = _feature(matcher, PartyQuery("Сергей Петрович Иванов", "Person"), "name")
    assert "sergei~sergey (0.95)" in f.reason
    assert f.reason.endswith("Cyrillic script compared with Latin")


def test_birth_date_reasons(matcher: Matcher) -> None:
    f = _feature(
        matcher, PartyQuery("Mohammad Hossein Zadeh", "Person", birth_date="1970"), "birth_date"
    )
    assert f.reason == "born 1970, as listed" and f.weight > 0
    f = _feature(
        matcher, PartyQuery("Mohammad Hossein Zadeh", "Person", birth_date="1981"), "birth_date"
    )
    assert f.reason == "born 1981; listed birth dates 1970-03-01" and f.weight < 0


def test_country_reasons(matcher: Matcher) -> None:
    f = _feature(matcher, PartyQuery("Mehmet Yilmaz", "Person", countries=("tr",)), "country")
    assert f.reason == "country TR as listed"
    f = _feature(matcher, PartyQuery("Mehmet Yilmaz", "Person", countries=("de",)), "country")
    assert f.reason == "query country DE; listed TR" and f.weight < 0


def test_identifier_mismatch_reason(matcher: Matcher) -> None:
    q = PartyQuery("Romashka", "Organization", identifiers=("INN 7702070139",))
    f = _feature(matcher, q, "identifier")
    assert f.reason == "INN differs from the listed one" and f.weight < 0


def test_schema_reasons(matcher: Matcher) -> None:
    f = _feature(matcher, PartyQuery("Caspian Star"), "schema")
    assert f.reason == "any kind of party may be a Vessel"
    f = _feature(matcher, PartyQuery("Caspian Star", "Vessel"), "schema")
    assert f.reason == "Vessel query, listed as Vessel"


def test_legal_form_reasons(matcher: Matcher) -> None:
    f = _feature(matcher, PartyQuery("OOO Romashka", "Organization"), "legal_form")
    assert f.reason == "same legal form (LLC), not counted as a name"
    f = _feature(matcher, PartyQuery("AO Romashka", "Organization"), "legal_form")
    assert f.reason == "legal forms differ: JSC vs LLC" and f.weight < 0
    f = _feature(matcher, PartyQuery("Romashka", "Organization"), "legal_form")
    assert f.reason == "legal form LLC only in the listed name, set aside"


def test_legal_form_alone_never_matches(matcher: Matcher) -> None:
    assert matcher.match(PartyQuery("LLC", "Organization")) == []


def test_token_similarity_is_symmetric() -> None:
    for a, b in [("haidar", "haidra"), ("mohammed", "muhammad"), ("smith", "smyth"), ("a", "b")]:
        assert token_similarity(a, b) == token_similarity(b, a)


def test_substitution_penalty_is_explained() -> None:
    al = align(
        ["alpha", "beta", "gamma"],
        ["alpha", "beta", "delta"],
        lambda _t: 1.0,
        token_similarity,
        0.5,
        False,
        substitution=0.1,
    )
    assert al.unmatched_query == ("gamma",) and al.unmatched_candidate == ("delta",)
    assert al.substitution == 0.1


def test_joined_words_align_in_any_order() -> None:
    al = align(
        ["akbarseyed"], ["seyed", "hosseini", "akbar"], lambda _t: 1.0, token_similarity, 0.5, True
    )
    assert ("akbarseyed", "seyed akbar", 1.0) in al.pairs or (
        "akbarseyed",
        "akbar seyed",
        1.0,
    ) in al.pairs


def test_initials_do_not_stand_for_words_on_both_sides() -> None:
    # JOHN B. LARSON / JOHN L. BROUSSARD: B for Broussard and L for Larson are two
    # coincidences of letters; only one of them may count
    al = align(
        ["john", "b", "larson"],
        ["john", "l", "broussard"],
        lambda _t: 1.0,
        token_similarity,
        0.5,
        True,
    )
    initial_pairs = [p for p in al.pairs if p[2] == 0.8]
    assert len(initial_pairs) == 1
    # one side's initials may still stand for several words (J. R. SMITH)
    al = align(
        ["j", "r", "smith"],
        ["john", "robert", "smith"],
        lambda _t: 1.0,
        token_similarity,
        0.5,
        True,
    )
    assert {p[:2] for p in al.pairs} == {("j", "john"), ("r", "robert"), ("smith", "smith")}


def _borrowing_matcher(other_name: bool = True) -> Matcher:
    from dualuse.matching.index import EntityRecord

    gran_grif = ["GRAN GRIF", "SAVIEN GANG"] if other_name else ["GRAN GRIF"]
    return Matcher.from_records(
        [
            EntityRecord("o1", "Organization", "Gran Grif", "t", gran_grif),
            EntityRecord("o2", "Organization", "Savien Holdings", "t", ["SAVIEN HOLDINGS"]),
            EntityRecord("o3", "Organization", "Blue Lotus", "t", ["BLUE LOTUS TRADING"]),
        ]
        # parties that make GRAN a common word, as in a real list
        + [EntityRecord(f"x{i}", "Organization", "x", "t", [f"GRAN TRADING {i}"]) for i in range(3)]
    )


def test_a_word_of_the_partys_other_name_counts_and_is_explained() -> None:
    query = PartyQuery("GRAN GRIF SAVIEN", "Organization")
    hits = _borrowing_matcher().match(query)
    assert [h.entity_id for h in hits] == ["o1"]
    reason = hits[0].features[0].reason
    assert "savien=savien" in reason
    assert reason.endswith("savien is in the party's other listed name 'SAVIEN GANG'")
    # without the other name, the same query stays under the threshold
    alone = _borrowing_matcher(other_name=False)
    assert alone.match(query) == []
    below = alone.match(query, threshold=0.0)
    assert below[0].entity_id == "o1"
    assert below[0].score < alone.threshold_for("Organization")


def test_a_hits_score_does_not_depend_on_the_threshold_asked_for() -> None:
    # borrowing looks at the schema's configured threshold, never the caller's: the
    # same query and configuration give the same score at any cut
    matcher = _borrowing_matcher()
    query = PartyQuery("GRAN GRIF SAVIEN", "Organization")
    configured = {h.entity_id: h.score for h in matcher.match(query)}
    for cut in (0.0, 0.5, 0.7, 0.95):
        asked = {h.entity_id: h.score for h in matcher.match(query, threshold=cut)}
        assert {e: s for e, s in asked.items() if e in configured} == configured
        assert all(s >= cut for s in asked.values())
    assert configured["o1"] == 1.0


def test_words_are_never_borrowed_from_another_party() -> None:
    matcher = _borrowing_matcher()
    # LOTUS is a word of another party's name: no lift for o1
    hits = matcher.match(PartyQuery("GRAN GRIF LOTUS", "Organization"), threshold=0.0)
    gran_grif = [h for h in hits if h.entity_id == "o1"]
    assert gran_grif and "other listed name" not in gran_grif[0].features[0].reason
    assert gran_grif[0].score < matcher.threshold_for("Organization")


def test_a_mistyped_legal_form_is_still_set_aside() -> None:
    # "FO., TD." for "CO., LTD.": one slip in each short form word
    al = align(
        ["keda", "technology", "fo", "td"],
        ["keda", "technology"],
        lambda _t: 1.0,
        token_similarity,
        0.5,
        False,
        cand_forms=("co", "ltd"),
    )
    assert set(al.legal_words) == {"fo", "td"} and al.unmatched_query == ()
    assert al.score == 1.0


def test_a_title_sets_aside_only_its_own_spellings() -> None:
    # QARI WAKED HATUM (the title taken off) against WAKED HATUM, Ghazi: GHAZI is a
    # given name that resembles the title (0.75), not the title, and counts as a
    # listed word the query lacks
    al = align(
        ["waked", "hatum"],
        ["waked", "hatum", "ghazi"],
        lambda _t: 1.0,
        token_similarity,
        0.35,
        True,
        query_forms=("qari",),
    )
    assert al.legal_words == () and al.unmatched_candidate == ("ghazi",)
    assert al.score < 1.0
    # the title's own spellings and slips are set aside: SHAYKH for SHEIKH, AQRI for QARI
    for word, title in [("shaykh", "sheikh"), ("aqri", "qari")]:
        al = align(
            ["ayyub", word],
            ["ayyub"],
            lambda _t: 1.0,
            token_similarity,
            0.35,
            True,
            cand_forms=(title,),
        )
        assert al.legal_words == (word,) and al.score == 1.0, word
    # a legal form keeps its looser rule (one slip even in a two-letter form)
    al = align(
        ["keda", "fo"], ["keda"], lambda _t: 1.0, token_similarity, 0.5, False, cand_forms=("co",)
    )
    assert al.legal_words == ("fo",)


def test_a_close_word_pair_at_the_initials_similarity_is_not_an_initial() -> None:
    # KARIMOVSKI / KARIMOVS is two edits (0.8, the similarity an initial gets): it is
    # a pair of words, so it does not count as the listed side's initial
    assert token_similarity("karimovski", "karimovs") == 0.8
    al = align(
        ["j", "karimovski"], ["john", "karimovs"], lambda _t: 1.0, token_similarity, 0.5, True
    )
    assert {p[:2] for p in al.pairs} == {("j", "john"), ("karimovski", "karimovs")}


def test_an_alignment_copy_changes_only_what_is_asked() -> None:
    al = align(
        ["gran", "grif", "savien"], ["gran", "grif"], lambda _w: 1.0, token_similarity, 0.5, False
    )
    lent = al.replace(borrowed=(("savien", "SAVIEN GANG"),))
    assert lent.borrowed == (("savien", "SAVIEN GANG"),) and al.borrowed == ()
    assert [getattr(lent, f) for f in al.FIELDS if f != "borrowed"] == [
        getattr(al, f) for f in al.FIELDS if f != "borrowed"
    ]
    assert lent != al and al.replace() == al and hash(al.replace()) == hash(al)
    assert "unmatched_query=('savien',)" in repr(al)


# place-name weights of the tests below: the place is as rare as the name's own word
_PLACE_WEIGHTS = {
    "bank": 2.0,
    "trading": 2.0,
    "mellat": 8.0,
    "niebla": 8.0,
    "yerevan": 10.0,
    "shenzhen": 10.0,
    "rosario": 10.0,
    "research": 10.0,
}
_PLACES = frozenset({"yerevan", "shenzhen", "rosario"})


def _place_align(query: str, cand: str, places: frozenset[str] = _PLACES):  # noqa: ANN202
    return align(
        query.split(),
        cand.split(),
        _PLACE_WEIGHTS.__getitem__,
        token_similarity,
        0.5,
        False,
        qualifiers=places,
        qualifier_cost=0.3,
    )


def test_a_place_only_one_organisation_name_has_costs_less() -> None:
    # matched: 2 * (2 + 8) = 20; the query's extra place costs 0.3 of its 10
    qualified = _place_align("bank mellat yerevan", "bank mellat")
    assert qualified.score == pytest.approx(20 / 23)
    assert qualified.qualifiers == ("yerevan",)
    assert _place_align("bank mellat yerevan", "bank mellat", frozenset()).score == pytest.approx(
        20 / 30
    )
    # a listed name's extra place: beta (0.5) of 0.3 of its weight
    assert _place_align("bank mellat", "bank mellat yerevan").score == pytest.approx(20 / 21.5)


def test_a_place_is_no_qualifier_where_the_names_differ_otherwise() -> None:
    # a word for a word (ROSARIO / RESEARCH) is a substitution, whatever the word is
    with_places = _place_align("research niebla", "rosario niebla")
    assert with_places.score == _place_align("research niebla", "rosario niebla", frozenset()).score
    assert with_places.qualifiers == ()
    # names that share only generic words share nothing that names a party
    generic = _place_align("trading", "shenzhen trading")
    assert generic.score == pytest.approx(4 / (4 + 0.5 * 10))


def test_places_qualify_organisations_names_only() -> None:
    # invented parties; a LegalEntity (US CSL, BIS DPL) may be met by any query
    from dualuse.matching.index import EntityRecord

    names = ["Blue Sea Shipping", "Red Sea Trading", "Blue Bird Transport", "Sea Lion Marine"]
    records = [EntityRecord(f"e{i}", "LegalEntity", n, "t", [n]) for i, n in enumerate(names)]
    matcher = Matcher.from_records(records)
    scores = {}
    for schema in ("Organization", "Any", "Vessel", "Person"):
        hits = matcher.match(PartyQuery("Blue Sea Shipping Dubai", schema), threshold=0.0)
        assert hits[0].entity_id == "e0"
        reason = hits[0].features[0].reason
        assert "query parts not in the listed name: dubai" in reason
        qualified = "dubai: a place only one name has, counted as a qualifier" in reason
        assert qualified == (schema in ("Organization", "Any")), (schema, reason)
        scores[schema] = hits[0].score
    assert scores["Organization"] == scores["Any"] >= matcher.threshold_for("Organization")
    assert scores["Vessel"] == scores["Person"] < scores["Organization"] - 0.1


_WORDS = ["bank", "mellat", "yerevan", "trading", "shenzhen", "rosario", "niebla", "al", "co"]


@settings(max_examples=300, deadline=None)
@given(
    query=st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4),
    cand=st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4),
)
def test_qualifiers_never_lower_a_score_and_are_unmatched_places(
    query: list[str], cand: list[str]
) -> None:
    weight = {w: 1.0 + i for i, w in enumerate(_WORDS)}.__getitem__
    plain = align(query, cand, weight, token_similarity, 0.5, False)
    qualified = align(
        query, cand, weight, token_similarity, 0.5, False, qualifiers=_PLACES, qualifier_cost=0.3
    )
    assert qualified.score >= plain.score
    assert qualified.pairs == plain.pairs
    unmatched = set(qualified.unmatched_query) | set(qualified.unmatched_candidate)
    assert set(qualified.qualifiers) <= unmatched & _PLACES
    assert (qualified.score > plain.score) == bool(qualified.qualifiers)
