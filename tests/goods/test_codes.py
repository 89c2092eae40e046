from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dualuse.errors import InputError
from dualuse.goods import format_code, normalize_code


@pytest.mark.parametrize(
    ("written", "digits", "system"),
    [
        ("854231", "854231", "HS-6 subheading"),
        ("8542.31", "854231", "HS-6 subheading"),
        ("8542 31", "854231", "HS-6 subheading"),
        ("  8542.31  ", "854231", "HS-6 subheading"),
        ("8542 31 90", "85423190", "CN-8 / HTS-8"),
        ("8542.31.0000", "8542310000", "HTS / Schedule B-10 or TN VED-10"),
        ("8542-31-000-0", "8542310000", "HTS / Schedule B-10 or TN VED-10"),
        ("0101.21", "010121", "HS-6 subheading"),
        ("8542", "8542", "HS-4 heading"),
    ],
)
def test_written_forms(written: str, digits: str, system: str) -> None:
    code = normalize_code(written)
    assert code.digits == digits
    assert code.system == system


def test_format() -> None:
    assert format_code("854231") == "8542.31"
    assert format_code("85423190") == "8542.31.90"
    assert format_code("8542310000") == "8542.31.0000"


def test_wrong_length_message_names_value_and_rule() -> None:
    with pytest.raises(InputError) as err:
        normalize_code("85423")
    assert str(err.value).startswith("HS code '85423' has 5 digits; expected 6, 8 or 10")
    assert err.value.details[0].field == "code"
    assert err.value.details[0].value == "85423"


@pytest.mark.parametrize("written", ["8542311", "854231000", "85423100001", "12", "1"])
def test_other_lengths_rejected(written: str) -> None:
    with pytest.raises(InputError, match="digit"):
        normalize_code(written)


@pytest.mark.parametrize("written", ["ABC", "8542.3I", "8542/31", "８５４２３１x", "85 42 3l"])
def test_non_numeric_rejected(written: str) -> None:
    with pytest.raises(InputError, match="non-digit"):
        normalize_code(written)


def test_reserved_chapter_77() -> None:
    with pytest.raises(InputError, match="chapter 77.*reserves"):
        normalize_code("7701.10")


@pytest.mark.parametrize("written", ["9801.00", "9903.88.03", "000000", "0012.34"])
def test_unknown_chapters(written: str) -> None:
    with pytest.raises(InputError, match="does not exist; HS chapters run from 01 to 97"):
        normalize_code(written)


@pytest.mark.parametrize("written", ["", "   ", "x" * 500])
def test_empty_and_huge(written: str) -> None:
    with pytest.raises(InputError):
        normalize_code(written)


@settings(deadline=None)
@given(st.from_regex(r"[0-9]{6}([0-9]{2}){0,2}", fullmatch=True))
def test_separators_do_not_change_a_valid_code(digits: str) -> None:
    if digits[:2] == "77" or not ("01" <= digits[:2] <= "97"):
        return
    dotted = format_code(digits)
    spaced = " ".join(digits[i : i + 2] for i in range(0, len(digits), 2))
    assert normalize_code(dotted).digits == digits
    assert normalize_code(spaced).digits == digits
    # Normalizing the display form again is idempotent.
    assert normalize_code(normalize_code(dotted).display).digits == digits


def test_numeric_cells_from_spreadsheets() -> None:
    from dualuse.goods import screen_goods

    assert screen_goods(code=854231).hits[0].tier == "1"  # type: ignore[arg-type]
    assert screen_goods(code=8542.31).hits[0].code == "854231"  # type: ignore[arg-type]
    # 010121 stored as a number lost its leading zero: a clear error, not a wrong match.
    with pytest.raises(InputError, match="has 5 digits"):
        screen_goods(code=10121)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("written", "digits"),
    [
        ("HS 8542.31", "854231"),
        ("HTS code: 8542.31.0000", "8542310000"),
        ("ТН ВЭД 8542310000", "8542310000"),
        ("CN 8542 31 90", "85423190"),
        ("Schedule B 8542.31.0000", "8542310000"),
    ],
)
def test_code_system_labels_are_accepted(written: str, digits: str) -> None:
    assert normalize_code(written).digits == digits


@pytest.mark.parametrize("written", ["HSX 854231", "8542.31 HS", "code 854231"])
def test_other_words_are_not_stripped(written: str) -> None:
    with pytest.raises(InputError, match="non-digit"):
        normalize_code(written)
