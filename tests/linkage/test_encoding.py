"""Bloom-filter encodings: what matches, what does not, and what the hardening costs."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from thbhub.linkage.encoding import BYTES, Encoder, Identity, dice
from thbhub.linkage.keys import generate_key
from thbhub.linkage.normalise import name_parts, parse_date


def identity(given: str, family: str, born: str, sex: str = "F") -> Identity:
    return Identity((*name_parts(given), *name_parts(family)), parse_date(born), sex)


def encode(encoder: Encoder, *identities: Identity) -> list[npt.NDArray[np.uint8]]:
    return list(encoder.encode_many(identities))


def test_scripts_name_order_and_day_month_swaps_still_match(key):
    encoder = Encoder(key, flip_probability=0.0)
    original, *variants = encode(
        encoder,
        identity("Марија", "Јовановић", "1990-05-03"),
        identity("Marija", "Jovanovic", "1990-05-03"),
        identity("Jovanović", "Marija", "1990-05-03"),
        identity("Marija", "Jovanović", "1990-03-05"),
    )
    assert len(original.tobytes()) == BYTES
    assert dice(original, variants[0]) == 1.0
    assert dice(original, variants[1]) == 1.0
    assert dice(original, variants[2]) > 0.85


def test_missing_fields_lower_the_score_without_failing(key):
    encoder = Encoder(key, flip_probability=0.0)
    full, no_date, nothing_but_name = encode(
        encoder,
        identity("Marija", "Jovanović", "1990-05-03"),
        identity("Marija", "Jovanović", ""),
        identity("", "Jovanović", "", sex=""),
    )
    assert 0.7 < dice(full, no_date) < 1.0
    assert dice(full, nothing_but_name) < dice(full, no_date)


def test_namesakes_and_strangers_born_the_same_day_stay_apart(key):
    encoder = Encoder(key, flip_probability=0.0)
    person, namesake, same_birthday = encode(
        encoder,
        identity("Marija", "Jovanović", "1990-05-03"),
        identity("Marija", "Jovanović", "1976-11-21"),
        identity("Snežana", "Kostić", "1990-05-03"),
    )
    assert dice(person, namesake) < 0.72
    assert dice(person, same_birthday) < 0.72


def test_the_same_record_under_two_keys_is_unrelated():
    person = identity("Marija", "Jovanović", "1990-05-03")
    first = encode(Encoder(generate_key()), person)[0]
    second = encode(Encoder(generate_key()), person)[0]
    assert dice(first, second) < 0.4


def test_hardening_is_deterministic_per_key_and_costs_little(key):
    person = identity("Marija", "Jovanović", "1990-05-03")
    plain = encode(Encoder(key, flip_probability=0.0), person)[0]
    hardened = encode(Encoder(key), person)[0]
    again = encode(Encoder(key), person)[0]
    # The same record uploaded twice gets the same flips, so averaging uploads reveals nothing.
    assert (hardened == again).all()
    assert (hardened != plain).any()
    assert dice(plain, hardened) > 0.85


def test_a_flip_probability_that_would_hide_missing_dates_is_refused(key):
    with pytest.raises(ValueError, match=r"between 0 and 0\.05"):
        Encoder(key, flip_probability=0.2)
