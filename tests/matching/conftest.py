"""A small matcher over FtM entities made here (tests never read shared data)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from followthemoney import Dataset, StatementEntity

from dualuse.matching import Matcher

DATASET = Dataset.make({"name": "test_list", "title": "Test list"})


def make(schema: str, eid: str, **props: str | list[str]) -> StatementEntity:
    ent = StatementEntity(DATASET, {"id": eid, "schema": schema})
    for prop, values in props.items():
        for value in [values] if isinstance(values, str) else values:
            ent.add(prop, value)
    return ent


# Invented parties: names are common given/family names and invented companies,
# never taken from a sanctions list.
ENTITIES = [
    make(
        "Person",
        "p-hosseinzadeh",
        name="Mohammad Hossein Zadeh",
        birthDate="1970-03-01",
        nationality="ir",
        passportNumber="K12345678",
    ),
    make("Person", "p-ivanov", name="Sergey Petrovich Ivanov", birthDate="1965", country="ru"),
    make("Person", "p-rahman", name="Abd al-Rahman Khalid al-Hamdani", country="ye"),
    make("Person", "p-yilmaz", name="Mehmet Yilmaz", country="tr"),
    make("Person", "p-smith", name="John Robert Smith", country="gb"),
    make("Person", "p-wang", name="Wang Jianguo", country="cn"),
    make(
        "Company",
        "c-romashka",
        name="Romashka LLC",
        alias="OOO Romashka",
        country="ru",
        innCode="7707083893",
    ),
    make("Company", "c-pars", name="Pars Kala Trading Company", country="ir"),
    make("Company", "c-anadolu", name="Anadolu Makine Sanayi A.S.", country="tr"),
    make(
        "Company",
        "c-shenzhen",
        name="Shenzhen Huaxin Electronics Co., Ltd.",
        # lists often carry the pinyin form too (电子 = dianzi, which the organisation
        # glossary also reads as electronics)
        alias="Shenzhen Huaxin Dianzi Youxian Gongsi",
        country="cn",
    ),
    make("Company", "c-bluesea", name="Blue Sea Shipping FZE", country="ae"),
    make("Vessel", "v-caspian", name="Caspian Star", imoNumber="9184691"),
    make(
        "Sanction",
        "p-ivanov-sanction",
        entity="p-ivanov",
        program="RUSSIA-EO14024",
        authority="Test authority",
    ),
]


@pytest.fixture(scope="session")
def entities() -> list[StatementEntity]:
    return ENTITIES


@pytest.fixture(scope="session")
def make_entity() -> Callable[..., StatementEntity]:
    return make


@pytest.fixture(scope="session")
def matcher() -> Matcher:
    return Matcher.build(ENTITIES)
