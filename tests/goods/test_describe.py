from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dualuse.errors import InputError
from dualuse.goods import classify_description, screen_goods
from dualuse.goods.describe import (
    MAX_DESCRIPTION_CHARS,
    DescriptionClassifier,
    fold_word,
    load_vocabulary,
    tokenize,
)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("GNSS receiver module", "852691"),
        ("ceramic patch antenna 1575 MHz", "852910"),
        ("32-bit MCU", "854231"),
        ("ball bearing 6202", "848210"),
        ("brushless motor 2207 1750KV", "850131"),
        ("Tantalum capacitor 10uF 16V", "853221"),
        ("oscilloscope 100 MHz 4 channels", "903020"),
        ("LiPo battery 6S 5000mAh", "850760"),
    ],
)
def test_examples_rank_first(text: str, code: str) -> None:
    best = classify_description(text)[0]
    assert best.code == code
    assert best.words, "the words that led there are returned"
    assert 0 < best.confidence <= 1


def test_ranked_best_first_and_confidences_sum_below_one() -> None:
    cands = classify_description("GPS antenna module")
    assert [c.confidence for c in cands] == sorted((c.confidence for c in cands), reverse=True)
    assert sum(c.confidence for c in cands) < 1.0


def test_chpl_description_hit_and_category_hit() -> None:
    result = screen_goods(description="GNSS module")
    hit = result.hits[0]
    assert (hit.kind, hit.list, hit.code, hit.tier) == ("description", "CHPL", "852691", "2")
    fpga = screen_goods(description="FPGA for RF transceiver boards")
    lists = {h.list for h in fpga.hits}
    assert "IRAN-UAV-GUIDANCE-2023" in lists
    category = next(h for h in fpga.hits if h.kind == "category")
    assert "not loaded" in category.reason


def test_non_listed_goods_give_candidates_but_no_hit() -> None:
    result = screen_goods(description="Li-ion battery pack 18650")
    assert result.hits == []
    assert result.candidates[0].code == "850760"


def test_negative_terms_keep_assemblies_off_bare_boards() -> None:
    bare = classify_description("bare PCB, 4 layers")[0]
    assembled = classify_description("PCB assembly")
    assert bare.code == "853400"
    assert not assembled or assembled[0].confidence < bare.confidence


def test_empty_description_is_an_error() -> None:
    for text in ("", "   ", "\n\t"):
        with pytest.raises(InputError, match="description is empty") as err:
            screen_goods(description=text)
        assert err.value.details[0].field == "description"


def test_nothing_to_screen() -> None:
    with pytest.raises(InputError, match="nothing to screen"):
        screen_goods()


def test_unknown_words_give_a_note() -> None:
    result = screen_goods(description="zzzz qqqq")
    assert result.hits == [] and result.candidates == []
    assert any("vocabulary" in n for n in result.notes)


def test_huge_description_is_bounded_and_explained() -> None:
    text = ("ball bearing 6202 " * 2000) + " oscilloscope"
    assert len(text) > MAX_DESCRIPTION_CHARS
    result = screen_goods(description=text)
    assert any("only the first" in n for n in result.notes)
    assert result.candidates[0].code == "848210"
    # The tail beyond the limit was not read.
    assert all(c.code != "903020" for c in result.candidates)
    assert len(result.candidates) <= 5
    exactly = screen_goods(description="x" * MAX_DESCRIPTION_CHARS)
    assert not any("only the first" in n for n in exactly.notes)


def test_every_vocabulary_entry_cites_its_wording_source() -> None:
    vocab = load_vocabulary()
    for code, entry in vocab["subheadings"].items():
        assert entry["wording"], code
        assert entry["source"] in vocab["sources"], code
    for entry in vocab["headings"].values():
        assert entry["source"] in vocab["sources"]


def test_vocabulary_covers_every_chpl_code(chpl_reference: list[dict[str, str]]) -> None:
    vocab = load_vocabulary()
    assert {r["hs_code"] for r in chpl_reference} <= set(vocab["subheadings"])


def test_classifier_is_data_driven() -> None:
    tiny = DescriptionClassifier(
        {
            "sources": {"x": {"url": "u"}},
            "subheadings": {"123456": {"wording": "Widgets", "source": "x", "terms": {"gizmo": 4}}},
        }
    )
    assert tiny.classify("a gizmo")[0].code == "123456"
    assert tiny.classify("widgets")[0].code == "123456"


@settings(deadline=None)
@given(st.text(max_size=30))
def test_fold_and_tokenize_idempotent(text: str) -> None:
    words = tokenize(text)
    assert tokenize(" ".join(words)) == words
    assert all(fold_word(w) == w for w in words)


def test_declared_code_disagreeing_with_description_is_noted() -> None:
    result = screen_goods(code="8507.60", description="32-bit microcontroller LQFP-100")
    assert any("does not match the description" in n and "CHPL" in n for n in result.notes)
    agreeing = screen_goods(code="8542.31.0000", description="32-bit microcontroller")
    assert not any("does not match" in n for n in agreeing.notes)


def test_vocabulary_codes_are_valid_hs_codes() -> None:
    from dualuse.goods import normalize_code

    vocab = load_vocabulary()
    for code in list(vocab["subheadings"]) + list(vocab["headings"]):
        assert normalize_code(code).digits == code


def test_russian_declarations_use_prefix_terms() -> None:
    # TN VED declarations are written in Russian with inflected words.
    assert classify_description("Подшипники шариковые радиальные")[0].code == "848210"
    assert classify_description("Микросхема памяти флэш")[0].code == "854232"
    hit = screen_goods(description="Модуль приёмника ГЛОНАСС/GPS").hits[0]
    assert (hit.list, hit.code, hit.tier) == ("CHPL", "852691", "2")


def test_prefix_terms_are_data() -> None:
    tiny = DescriptionClassifier(
        {"subheadings": {"123456": {"wording": "x", "source": "s", "terms": {"винт*": 4}}}}
    )
    assert tiny.classify("винты и винтики")[0].code == "123456"
    assert tiny.classify("вин") == []


def test_chinese_declarations_use_substring_terms() -> None:
    assert classify_description("深沟球轴承 6202")[0].code == "848210"
    # The longer term (tapered roller bearing) wins over the generic bearing word.
    assert classify_description("圆锥滚子轴承")[0].code == "848220"
    hit = screen_goods(description="32位单片机，LQFP64封装").hits[0]
    assert (hit.list, hit.code, hit.tier) == ("CHPL", "854231", "1")


def test_long_chinese_text_is_bounded() -> None:
    result = screen_goods(description="无人机螺旋桨" * 3000)
    assert any("only the first" in n for n in result.notes)
    assert result.candidates[0].code == "880710"


@pytest.mark.parametrize("text", ["camera tripod", "bearing grease 500g", "drone carrying bag"])
def test_accessories_do_not_raise_chpl_hits(text: str) -> None:
    result = screen_goods(description=text)
    assert [h for h in result.hits if h.list == "CHPL"] == []
    assert result.candidates and result.candidates[0].caveats


def test_accessory_word_inside_a_term_is_not_a_caveat() -> None:
    best = classify_description("oscilloscope probe 100 MHz")[0]
    assert best.code == "903090" and best.caveats == ()
    gnss = screen_goods(description="GPS module in a carrying pouch").hits[0]
    assert gnss.code == "852691" and "accessory" in gnss.reason
