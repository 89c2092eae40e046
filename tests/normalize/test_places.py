"""The place names that qualify organisation names: data file and what is read of it."""

from __future__ import annotations

from importlib import resources

from dualuse.normalize import _data, analyze_name
from dualuse.normalize.names import generic_words, particles
from dualuse.normalize.places import place_words


def test_the_file_says_where_its_words_come_from() -> None:
    text = resources.files("dualuse.normalize.data").joinpath("place_names.yml").read_text()
    header = text.split("words:")[0]
    assert "GeoNames" in header and "CC BY 4.0" in header
    assert "scripts/make_place_names.py" in header


def test_every_place_is_one_token_as_names_are_analysed() -> None:
    words = _data.load("place_names.yml")["words"]
    assert words == sorted(set(words)) and len(words) > 1000
    for word in words:
        # what the scorer compares: one lower-case Latin token, spelled as analysed
        assert analyze_name(word.upper(), "Organization").tokens in ((word,), ()), word


def test_particles_and_generic_words_are_never_places() -> None:
    places = place_words()
    assert {"tehran", "yerevan", "bangkok", "shenzhen", "iran"} <= places
    # Van (Turkey) is the particle van; generic words are weak already
    assert "van" in _data.load("place_names.yml")["words"] and "van" not in places
    assert places.isdisjoint(particles() | generic_words())
