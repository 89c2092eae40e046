"""The organisation-word glossary: data file, variant keys, compounds, Han words, numbering."""

from __future__ import annotations

from typing import Any

import pytest

from dualuse.normalize import _data, analyze_name, orgwords, skeleton, variant_key
from dualuse.normalize.names import english_skeleton, generic_words
from dualuse.normalize.phonetic import MIN_KEY_LOOKUP, romanization_key
from dualuse.normalize.translit import arabic_skeleton, arabic_to_latin, is_arabic_token


def keys(name: str, schema: str = "Organization") -> set[str]:
    return set(analyze_name(name, schema).keys)


# -- the data file ----------------------------------------------------------------


def test_glossary_loads_and_every_entry_has_an_english_word() -> None:
    words = orgwords.org_words()
    assert len(words) > 1000
    data = _data.load("org_words.yml")
    for section in orgwords.SECTIONS:
        for canonical, by_lang in data[section].items():
            assert isinstance(canonical, str) and canonical.isascii() and canonical.strip()
            assert by_lang, canonical
            for language, spellings in by_lang.items():
                assert language in {
                    "en",
                    "fa",
                    "ar",
                    "ru",
                    "zh",
                    "tr",
                    "es",
                    "pt",
                    "fr",
                    "de",
                    "it",
                }
                assert spellings, (canonical, language)
    for w in words:
        assert w.spelling.isascii() and w.spelling.isalpha(), w
        assert w.canonical in orgwords.spelling_map().values()
        assert orgwords.spelling_map()[w.spelling] == w.canonical


def test_long_romanization_keys_do_not_clash_across_english_words() -> None:
    seen: dict[str, str] = {}
    for w in orgwords.org_words():
        key = romanization_key(w.spelling)
        if len(key) >= MIN_KEY_LOOKUP:
            assert seen.setdefault(key, w.canonical) == w.canonical, (w.spelling, key)


def test_han_words_are_read_as_glossary_pinyin() -> None:
    zh = {w.spelling for w in orgwords.org_words() if w.language == "zh"}
    assert orgwords.han_words()
    assert set(orgwords.han_words().values()) <= zh


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"generic": {"company": {"fa": "sherkat"}}}, "non-empty list"),
        ({"generic": {"company": {"fa": [True]}}}, "not a string"),
        ({"generic": {"company": {"fa": ["!!"]}}}, "no letters"),
        ({"generic": {"company": ["sherkat"]}}, "language -> spellings"),
        ({"generic": {"company": {"fa": ["sherkat*"]}}}, "only Russian"),
        (
            {"generic": {"company": {"fa": ["sherkat"]}, "group": {"fa": ["sherkat"]}}},
            "already a spelling of 'company'",
        ),
    ],
)
def test_bad_glossary_entries_are_named(data: dict[str, Any], message: str) -> None:
    with pytest.raises(orgwords.GlossaryError, match=message):
        orgwords.parse_glossary(data)


def test_russian_adjective_stems_take_their_endings() -> None:
    words = orgwords.parse_glossary(
        {
            "russian_adjective_endings": ["y", "aya"],
            "generic": {"industries": {"ru": ["promyshlenn*"]}},
        }
    )
    assert [w.spelling for w in words] == ["industries", "promyshlenny", "promyshlennaya"]


# -- variant keys -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "english"),
    [
        # Persian
        ("tarabari", "transport"),
        ("beynolmelali", "international"),
        ("sarmayegozari", "investment"),
        ("palayesh", "refining"),
        ("naft", "oil"),
        ("sanaye", "industries"),
        ("sanayeh", "industries"),
        ("sanayi", "industries"),
        ("sherkat", "company"),
        ("shimi", "chemical"),
        # Arabic
        ("sharikah", "company"),
        ("khadamat", "services"),
        ("bahriyyah", "maritime"),
        # Russian, as BGN and as rigour writes it
        ("lizing", "leasing"),
        ("lizingovaya", "leasing"),
        ("kompaniya", "company"),
        ("zavod", "plant"),
        ("obedinenie", "association"),
        ("nauchno", "scientific"),
        ("proizvodstvennoe", "production"),
        ("upravlyayushchaya", "management"),
        ("korporatsiya", "corporation"),
        ("kontsern", "concern"),
        ("promyshlennyy", "industries"),
        ("promyshlenny", "industries"),
        # Chinese pinyin
        ("gongsi", "company"),
        ("youxian", "limited"),
        ("jituan", "group"),
        ("keji", "technology"),
        ("maoyi", "trading"),
        ("guoji", "international"),
        ("dianzi", "electronics"),
        ("yanjiusuo", "institute"),
        # Turkish, Spanish, Portuguese, French, German
        ("sirketi", "company"),
        ("compania", "company"),
        ("sociedad", "company"),
        ("empresa", "enterprise"),
        ("servicios", "services"),
        ("comercial", "commercial"),
        ("internacional", "international"),
        ("industrias", "industries"),
        ("gesellschaft", "company"),
        # English inflections, British spellings, abbreviations
        ("industry", "industries"),
        ("industrial", "industries"),
        ("service", "services"),
        ("electronic", "electronics"),
        ("tiles", "tile"),
        ("org", "organization"),
        ("orgn", "organization"),
        ("organisation", "organization"),
        ("defence", "defense"),
        ("programme", "program"),
        ("labour", "labor"),
        ("ind", "industries"),  # abbreviations.yml, then the glossary
        ("svc", "services"),
        ("corp", "corporation"),
    ],
)
def test_glossary_word_has_the_key_of_its_english_word(word: str, english: str) -> None:
    assert variant_key(word) == variant_key(english)
    assert variant_key(word) == romanization_key(english)


def test_every_spelling_has_the_key_of_its_english_word() -> None:
    for w in orgwords.org_words():
        assert variant_key(w.spelling) == romanization_key(w.canonical), w


def test_long_words_meet_in_other_romanizations_short_ones_only_as_listed() -> None:
    # kompaniia (ICAO) is not listed, but its romanization key is kompaniya's
    assert "kompaniia" in orgwords.spelling_map()  # listed ...
    assert "kumpaniia" not in orgwords.spelling_map()
    assert variant_key("kumpaniia") == variant_key("company")  # ... and so is a variant of it
    # sanaye's romanization key is "sana": the given name Sana must not become "industries"
    assert romanization_key("sanaye") == romanization_key("sana")
    assert variant_key("sana") == romanization_key("sana")


def test_joined_arabic_prefixes() -> None:
    assert variant_key("lilkhadamat") == variant_key("services")
    assert variant_key("alkhadamat") == variant_key("services")
    assert variant_key("waltijara") == variant_key("trading")
    # a prefix on a word that is not in the glossary changes nothing
    assert variant_key("alrahmah") == romanization_key("alrahmah")


def test_british_spelling_rule() -> None:
    assert variant_key("privatisation") == variant_key("privatization")
    assert variant_key("organisational") == variant_key("organizational")


@pytest.mark.parametrize(
    "token",
    ["williams", "james", "roberts", "hughes", "jones", "adams", "sana", "kimia", "celik", "elmi",
     "mohammed", "hussein", "sergei", "ivanov", "wang", "haiyun", "banks", "melli"],
)  # fmt: skip
def test_person_name_tokens_are_not_stemmed_or_translated(token: str) -> None:
    assert variant_key(token) == romanization_key(token)
    assert token not in generic_words()


def test_plural_of_a_person_name_is_not_its_singular() -> None:
    assert variant_key("williams") != variant_key("william")
    assert variant_key("roberts") != variant_key("robert")


def test_skeletons_keep_the_letters_not_the_translation() -> None:
    # an Arabic-script word meets its Latin romanization by skeleton, not its English word
    assert skeleton("sherkat") == arabic_skeleton("شرکت")
    assert skeleton("sherkat") != skeleton("company")


def test_kh_after_a_consonant_stays_a_letter_of_its_own_in_the_skeleton() -> None:
    # SHAHIDKHEL is شهید + خیل: kh -> h must not make "dh" (one letter, ذ) of d + kh
    for latin, arabic in [
        ("shahidkhel", "شهیدخیل"),
        ("abbaskhan", "عباسخان"),
        ("mohammadkhan", "محمدخان"),
    ]:
        assert skeleton(latin) == arabic_skeleton(arabic)
    assert skeleton("shahidkhel") == skeleton("shahid") + skeleton("khel")
    # a kh of its own, and dh, th, sh written as such, keep their skeletons
    assert skeleton("khalid") == arabic_skeleton("خالد")
    assert skeleton("rashid") == arabic_skeleton("رشید")
    assert skeleton("dhahab") == skeleton("dahab")


# -- generic words ----------------------------------------------------------------


def test_glossary_words_and_their_english_words_are_generic() -> None:
    generic = generic_words()
    words = "sherkat sanaye gongsi lizing leasing oil naft tarabari alkhadamat sarmayegozari"
    for word in [*words.split(), "kompaniya", "company", "organisation"]:
        assert word in generic, word
    # the words of a compound are not ("o" of "haml o naql", "e" of "sherkat-e")
    for word in ["o", "e", "ye", "va"]:
        assert word not in generic


def test_sector_and_place_words_translate_but_weigh_in_full() -> None:
    assert variant_key("insaat") == variant_key("construction")
    assert variant_key("enerji") == variant_key("energy")
    assert variant_key("khavarmianeh") == variant_key("middleeast")
    for word in ["construction", "insaat", "energy", "research", "khavarmianeh", "middleeast"]:
        assert word not in generic_words(), word
    # Российская, in any of its endings and romanizations, is Russian
    assert keys("Российская Электроника") == keys("Russian Electronics")
    assert keys("ROSSISKI BANK") == keys("ROSSIYSKIY BANK") == keys("Russian Bank")
    assert "rossiiskaya" not in generic_words()


# -- compounds and Han words --------------------------------------------------------


def test_compounds_are_joined_in_organisation_names() -> None:
    assert analyze_name("SARMAYEH GOZARI DAY", "Organization").tokens == ("sarmayehgozari", "day")
    assert analyze_name("Sarmaye-Gozari Day", "Any").tokens == ("sarmayegozari", "day")
    assert analyze_name("Saman Middle East Chemical", "Organization").tokens == (
        "saman",
        "middleeast",
        "chemical",
    )
    form = analyze_name("Sherkat Haml o Naql Pars", "Organization")
    assert form.tokens == ("hamlonaql", "pars")
    assert form.keys[0] == variant_key("transport")
    # a glossary word's skeleton is its English word's, as for its Arabic-script spelling
    assert form.skeletons == (english_skeleton("transport"), skeleton("pars"))


def test_compounds_are_not_joined_in_persons_names() -> None:
    assert analyze_name("Khavar Mianeh", "Person").tokens == ("khavar", "mianeh")


def test_han_glossary_words_are_one_token() -> None:
    form = analyze_name("深圳华信电子有限公司", "Organization")
    assert form.tokens == ("shen", "zhen", "hua", "xin", "dianzi")
    assert form.keys[-1] == variant_key("electronics")
    # ICU reads 银行 as "yin xing"; the glossary gives the pinyin of the word
    assert analyze_name("中国银行", "Organization").tokens == ("zhong", "guo", "yinhang")
    assert analyze_name("中国銀行", "Organization").keys[-1] == variant_key("bank")
    assert analyze_name("研究所", "Organization").tokens == ("yanjiusuo",)  # longest word first


def test_han_person_names_are_read_syllable_by_syllable() -> None:
    assert analyze_name("王科技", "Person").tokens == ("wang", "ke", "ji")


def test_cyrillic_words_meet_through_their_romanization() -> None:
    assert analyze_name("Завод", "Organization").keys == (variant_key("plant"),)
    assert analyze_name("Промышленная Компания", "Organization").keys == (
        variant_key("industries"),
        variant_key("company"),
    )
    assert analyze_name("Научно-производственное объединение", "Organization").keys == (
        variant_key("scientific"),
        variant_key("production"),
        variant_key("association"),
    )
    assert analyze_name("Химический", "Organization").keys == (variant_key("chemical"),)


@pytest.mark.parametrize(
    ("alias", "listed"),
    [
        ("TARABARI BEYNOLMELALI TEHRAN", "TEHRAN INTERNATIONAL TRANSPORT CO"),
        ("SARMAYE GOZARI DAY", "DAY INVESTMENT"),
        ("PALAYESH NAFT ABADAN", "ABADAN OIL REFINING COMPANY"),
        ("SANAYE ELECTRONIC IRAN", "IRAN ELECTRONICS INDUSTRIES"),
        ("SHERKAT SANAYEH ELECTRONICS IRAN", "IRAN ELECTRONICS INDUSTRIES"),
        ("SAMAN SHIMI KHAVARMIANEH", "SAMAN MIDDLE EAST CHEMICAL"),
        ("SBERBANK LIZING", "SBERBANK LEASING"),
        ("ALRAHMAH WELFARE ORG", "ALRAHMAH WELFARE ORGANISATION"),
        ("Office No. 39", "OFFICE 39"),
        ("SINA TILES AND CERAMIC INDUSTRIAL", "SINA TILE AND CERAMIC INDUSTRIES COMPANY"),
        ("Shenzhen Huaxin Dianzi", "Shenzhen Huaxin Electronics"),
    ],
)
def test_aliases_in_other_words_have_the_keys_of_their_listed_names(
    alias: str, listed: str
) -> None:
    assert keys(alias) <= keys(listed)


def test_arabic_alias_meets_its_english_name_on_the_generic_words() -> None:
    alias = keys("SHARIKAH AL-KHAMA'IL LILKHADAMAT AL-BAHRIYYAH")
    assert {variant_key("services"), variant_key("maritime")} <= alias & keys(
        "AL KHAMAEL MARITIME SERVICES"
    )
    assert variant_key("company") in alias


# -- Arabic-script words ------------------------------------------------------------


def test_arabic_script_words_load_and_name_glossary_english_words() -> None:
    table = orgwords.arabic_script_words()
    assert len(table) > 150
    english = {w.canonical for w in orgwords.org_words() if w.language == "en"}
    for words, token in table.items():
        assert token in english, (words, token)
        assert all(is_arabic_token(w) for w in words), words
    data = _data.load("org_words.yml")
    for word, by_lang in data["arabic_script"].items():
        assert set(by_lang) <= {"fa", "ar", "ps"}, word
    # the whole section validates against the glossary it belongs to
    assert orgwords.parse_arabic_script(data["arabic_script"], orgwords.org_words()) == table


@pytest.mark.parametrize(
    ("section", "message"),
    [
        (
            {"network": {"fa": ["network"]}},
            r"network\.fa: 'network' is not a word in Arabic script",
        ),
        ({"network": {"fa": ["شبکه x"]}}, "not a word in Arabic script"),
        ({"network": {"fa": [7]}}, "not a word in Arabic script"),
        ({"netwerk": {"fa": ["شبکه"]}}, "'netwerk' is not an English word of the glossary"),
        ({"network": {"fa": "شبکه"}}, r"network\.fa: expected a non-empty list"),
        ({"network": ["شبکه"]}, "network: expected language -> spellings"),
        # شبكة and شبکه are one word once the Arabic and Persian letters are folded
        (
            {"network": {"fa": ["شبکه"]}, "front": {"ar": ["شبكة"]}},
            r"front\.ar: 'شبكة' is already a spelling of 'network'",
        ),
    ],
)
def test_bad_arabic_script_entries_are_named(section: dict[str, Any], message: str) -> None:
    with pytest.raises(orgwords.GlossaryError, match=message):
        orgwords.parse_arabic_script(section, orgwords.org_words())


def test_arabic_script_organisation_word_becomes_its_english_word() -> None:
    form = analyze_name("شبکه حقانی", "Organization")
    assert form.tokens == ("network", arabic_to_latin("حقانی"))
    assert form.keys[0] == variant_key("network")
    # the skeleton is the English word's, so the skeleton comparison meets HAQQANI NETWORK
    listed = analyze_name("HAQQANI NETWORK", "Organization")
    assert form.skeletons[0] == listed.skeletons[1] == skeleton("network")
    assert form.skeletons[1] == listed.skeletons[0]
    # a party of unknown kind is read the same way
    assert analyze_name("شبکه حقانی", "Any").tokens == form.tokens
    # the preposition too: في is IN, and the romanized FI has its key
    form = analyze_name("القاعدة في العراق", "Organization")
    assert form.tokens[1] == "in" and form.skeletons[1] == english_skeleton("in")
    assert variant_key("fi") == variant_key("in")
    # and the conjunction, in Arabic, Persian (و) and Pashto (او)
    for name in ("سپاه و بسیج", "سپاه او بسیج"):
        assert analyze_name(name, "Organization").tokens[1] == "and", name
    assert variant_key("wa") == variant_key("and") != variant_key("va")


def test_arabic_script_person_names_are_not_translated() -> None:
    for name in ["شبکه حقانی", "صنایع هوایی قدس", "عبد الله الخدمات"]:
        form = analyze_name(name, "Person")
        assert form.tokens == tuple(arabic_to_latin(w) for w in name.split())
        assert form.skeletons == tuple(arabic_skeleton(w) for w in name.split())


def test_drone_programme_name_meets_its_english_listing_by_skeleton() -> None:
    query = analyze_name("صنایع هوایی قدس", "Organization")
    assert query.tokens == ("industries", "aviation", "qds")
    listed = analyze_name("QODS AVIATION INDUSTRIES", "Organization")
    assert set(query.skeletons) == set(listed.skeletons)
    # and its transliterated listing: sanaye takes the skeleton of industries
    assert analyze_name("SANAYE HAVAPEYMAEI", "Organization").skeletons[0] == query.skeletons[0]


@pytest.mark.parametrize(
    ("name", "tokens"),
    [
        ("مكتب الخدمات", ("office", "services")),  # article
        ("سلسلة الذهب للصرافة", ("slsla", "aldhhb", "exchange")),  # li-l-
        ("والتجارة", ("trading",)),  # wa-l-
        ("وخدمات", ("services",)),  # wa- before four letters
        ("بالتجارة", ("trading",)),  # bi-l-
        ("الإلكترونية", ("electronics",)),  # article on a word with hamza
        # a listed word that starts like a prefix is read whole
        ("الکترونیک", ("electronics",)),
        ("بنیاد", ("foundation",)),
        ("بانک", ("bank",)),
        # a one-letter prefix leaves at least four letters: ونفت is not "and oil"
        ("ونفت", (arabic_to_latin("ونفت"),)),
        # a prefix on a word the glossary lacks changes nothing
        ("الحمزي", (arabic_to_latin("الحمزي"),)),
    ],
)
def test_joined_article_and_prefixes_come_off_glossary_words(
    name: str, tokens: tuple[str, ...]
) -> None:
    assert analyze_name(name, "Organization").tokens == tokens


@pytest.mark.parametrize(
    ("name", "tokens"),
    [
        ("حمل و نقل", ("transport",)),
        ("حمل ونقل", ("transport",)),
        ("حمل\u200cو\u200cنقل", ("transport",)),  # Persian half-spaces (ZWNJ)
        ("بین المللی", ("international",)),
        ("بین\u200cالمللی", ("international",)),
        ("سرمایه گذاری", ("investment",)),
        ("سرمایه\u200cگذاری", ("investment",)),
        ("الشرق الأوسط", ("middleeast",)),
        (
            "شرکت حمل و نقل بین\u200cالمللی خاورمیانه",
            ("transport", "international", "middleeast"),
        ),
    ],
)
def test_arabic_script_compounds_are_one_token(name: str, tokens: tuple[str, ...]) -> None:
    form = analyze_name(name, "Organization")
    assert form.tokens == tokens
    assert form.skeletons == tuple(english_skeleton(t) for t in tokens)


def test_arabic_and_persian_letter_forms_are_one_word() -> None:
    # Arabic kaf and teh marbuta (شبكة) and Persian keheh and heh (شبکه); hamza forms
    assert analyze_name("شبكة", "Organization").tokens == ("network",)
    assert analyze_name("مؤسسة", "Organization").tokens == ("establishment",)
    assert analyze_name("موسسه", "Organization").tokens == ("establishment",)
    assert analyze_name("هوائی", "Organization").tokens == ("aviation",)


def test_short_english_skeletons_are_the_english_word() -> None:
    # "oil" -> "l" is the skeleton of the particle al: نفت must not meet AL QODS by it
    assert english_skeleton("oil") == "OIL"
    assert english_skeleton("industries") == skeleton("industries")
    query = analyze_name("نفت قدس", "Any")
    assert query.skeletons[0] == "OIL"
    assert query.skeletons[0] not in analyze_name("AL QODS", "Any").skeletons
    assert analyze_name("QODS OIL", "Any").skeletons[1] == "OIL"
    assert analyze_name("NAFT QODS", "Any").skeletons[0] == "OIL"
    # persons' names keep their letters
    assert analyze_name("Oil Naft", "Person").skeletons == (skeleton("oil"), skeleton("naft"))


# -- numbering words ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "tokens"),
    [
        ("OFFICE NO. 39", ("office", "39")),
        ("Office No 39", ("office", "39")),
        ("Office #39", ("office", "39")),
        ("Office №39", ("office", "39")),
        ("Office N° 39", ("office", "39")),
        ("Plant Nr. 5", ("plant", "5")),
        ("Завод № 9", ("zavod", "9")),
        ("Fabrica Nro. 2 Sur", ("fabrica", "2", "sur")),
        # only before a number
        ("NO LIMITS TRADING", ("no", "limits", "trading")),
        ("Office No", ("office", "no")),
        ("No Name Number One", ("no", "name", "number", "one")),
    ],
)
def test_numbering_words_before_a_number_are_dropped(name: str, tokens: tuple[str, ...]) -> None:
    assert analyze_name(name, "Organization").tokens == tokens


def test_dropping_numbering_words_is_idempotent() -> None:
    form = analyze_name("Unit No No 5", "Any")
    assert form.tokens == ("unit", "5")
    assert analyze_name(" ".join(form.tokens), "Any").tokens == form.tokens
    assert len(form.skeletons) == len(form.tokens)
