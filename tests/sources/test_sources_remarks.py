"""OFAC Remarks: every kind of remark lands in the right place; nothing is dropped."""

from __future__ import annotations

import pytest

from dualuse.sources._util import date_values, dmy_date, iso_date, ofac_date
from dualuse.sources.ofac_remarks import classify, parse_remarks, remark_keys, split_remarks


def test_split_drops_only_the_closing_dot() -> None:
    assert split_remarks("a.k.a. 'X'; Linked To: ACME CO., LTD.") == [
        "a.k.a. 'X'",
        "Linked To: ACME CO., LTD",
    ]
    assert split_remarks("-0- ") == []
    assert split_remarks(None) == []


@pytest.mark.parametrize(
    ("text", "kind", "prop", "values"),
    [
        ("a.k.a. 'SAIRC'", "name", "alias", ["SAIRC"]),
        ("f.k.a. 'SAND SWAN'", "name", "previousName", ["SAND SWAN"]),
        ("n.k.a. 'NEW NAME'", "name", "alias", ["NEW NAME"]),
        ("a.k.a. 'ABU-'UMAR'", "name", "alias", ["ABU-'UMAR"]),
        ("DOB 27 Sep 1964", "date", "birthDate", ["1964-09-27"]),
        ("alt. DOB 1936", "date", "birthDate", ["1936"]),
        ("DOB circa 1951", "date", "birthDate", ["1951"]),
        ("DOB Mar 1945", "date", "birthDate", ["1945-03"]),
        ("DOB 1951 to 1953", "date", "birthDate", ["1951", "1952", "1953"]),
        ("DOB 26 Sep 1946 to 07 Dec 1946", "date", "birthDate", ["1946-09-26", "1946-12-07"]),
        ("POB Tehran, Iran", "text", "birthPlace", ["Tehran, Iran"]),
        ("nationality Korea, North", "country", "nationality", ["Korea, North"]),
        ("citizen Mexico", "country", "citizenship", ["Mexico"]),
        ("Gender Female", "gender", "gender", ["female"]),
        (
            "Passport D10003923 (Iran) expires 15 Aug 2023 to 15 Aug 2024",
            "id",
            "passportNumber",
            ["D10003923"],
        ),
        (
            "alt. Passport N42881363 (Iran) expires 10 Oct 2022",
            "id",
            "passportNumber",
            ["N42881363"],
        ),
        ("National ID No. 14005441856 (Iran)", "id", "idNumber", ["14005441856"]),
        ("Tax ID No. 5022050639 (Russia)", "id", "taxNumber", ["5022050639"]),
        (
            "Registration Number 1165022050808 (Russia)",
            "id",
            "registrationNumber",
            ["1165022050808"],
        ),
        (
            "Registration Number HRA 738077 (Stuttgart) (Germany)",
            "id",
            "registrationNumber",
            ["HRA 738077 (Stuttgart)"],
        ),
        ("Government Gazette Number 09804148 (Russia)", "id", "okpoCode", ["09804148"]),
        ("Vessel Registration Identification IMO 7406784", "imo", "imoNumber", ["IMO7406784"]),
        ("Identification Number IMO 5342883", "imo", "imoNumber", ["IMO5342883"]),
        ("MMSI 572469210", "id", "mmsi", ["572469210"]),
        (
            "Website http://www.shahedaviation.com",
            "contact",
            "website",
            ["http://www.shahedaviation.com"],
        ),
        ("Email Address info@arrai.tv", "contact", "email", ["info@arrai.tv"]),
        ("Email:adelb@shabakah.net.sa", "contact", "email", ["adelb@shabakah.net.sa"]),
        ("Telephone No. 009613679153", "contact", "phone", ["009613679153"]),
        ("Linked To: QODS AVIATION INDUSTRIES", "link", None, ["QODS AVIATION INDUSTRIES"]),
        ("Organization Established Date 08 Jul 2000", "date", "incorporationDate", ["2000-07-08"]),
        ("Aircraft Model IL76-TD", "text", "model", ["IL76-TD"]),
    ],
)
def test_classify(text: str, kind: str, prop: str | None, values: list[str]) -> None:
    remark = classify(text)
    assert (remark.kind, remark.prop, remark.values) == (kind, prop, values)


def test_issuing_country_is_kept_apart() -> None:
    assert classify("Tax ID No. 5022050639 (Russia)").country == "Russia"


def test_latin_variant_of_an_alias_gives_both_spellings() -> None:
    remark = classify("a.k.a. 'ООО ПРИМЕР' (Latin: 'OOO PRIMER')")
    assert remark.values == ["ООО ПРИМЕР", "OOO PRIMER"]


@pytest.mark.parametrize(
    "text",
    [
        "Additional Sanctions Information - Subject to Secondary Sanctions",
        "Secondary sanctions risk: section 1(b) of Executive Order 13224",
        "Transactions Prohibited For Persons Owned or Controlled By U.S. Financial "
        "Institutions: North Korea Sanctions Regulations section 510.214",
        "Executive Order 13662 Directive Determination - Subject to Directive 1",
        "Listing Date (EO 14024 Directive 2): 24 Feb 2022",
    ],
)
def test_sanction_statements_are_classified_as_such(text: str) -> None:
    assert classify(text).kind == "sanction"


def test_unknown_keys_come_back_whole() -> None:
    remark = classify("Saddam Hussein al-Tikriti's second son")
    assert remark.kind == "unknown" and remark.value == remark.text
    # A key word inside a longer word is not that key.
    assert classify("Citizen's Card Number 211226197812154256 (China)").prop == "idNumber"


def test_every_remark_of_a_real_row_is_accounted_for() -> None:
    text = (
        "DOB 27 Sep 1964; nationality Iran; Additional Sanctions Information - Subject to "
        "Secondary Sanctions; Gender Male; Passport D10003923 (Iran) expires 15 Aug 2023 to "
        "15 Aug 2024; National ID No. 5929869741 (Iran); Linked To: QODS AVIATION INDUSTRIES."
    )
    kinds = [r.kind for r in parse_remarks(text)]
    assert kinds == ["date", "country", "sanction", "gender", "id", "id", "link"]


def test_key_table_is_longest_first_and_typed() -> None:
    keys = remark_keys()
    assert [len(k.key) for k in keys] == sorted((len(k.key) for k in keys), reverse=True)
    kinds = {
        "name",
        "date",
        "country",
        "id",
        "imo",
        "text",
        "contact",
        "gender",
        "link",
        "sanction",
        "note",
    }
    assert {k.kind for k in keys} <= kinds
    assert all(k.prop for k in keys if k.kind not in ("link", "sanction", "note"))


def test_date_helpers() -> None:
    assert ofac_date("08 Jul 2000") == "2000-07-08"
    assert ofac_date("31 Foo 2000") is None
    assert date_values("not a date") == []
    assert iso_date("2025-01-10T00:00:00") == "2025-01-10"
    assert iso_date("2025-13-10") is None
    assert dmy_date("06/19/2003", month_first=True) == "2003-06-19"
    assert dmy_date("19/06/2003") == "2003-06-19"
