# ruff: noqa: S311 — synthetic test data needs no cryptographic randomness
"""The synthetic registers hold what the benchmarks say they hold."""

from __future__ import annotations

import random
from itertools import pairwise

from thbhub.linkage.synthetic import (
    ALBANIAN_FAMILY,
    ALBANIAN_FEMALE,
    ALBANIAN_MALE,
    FAMILY,
    FEMALE,
    MALE,
    Noise,
    people,
    register_row,
)


def test_siblings_share_family_name_and_birth_date_and_differ_in_given_name() -> None:
    crowd = people(2000, random.Random(4), siblings=0.1)
    assert len(crowd) == 2000
    pairs = [(x, y) for x, y in pairwise(crowd) if x.family == y.family and x.birth == y.birth]
    # About one person drawn in ten brings a sibling: 2000 people hold some 180 pairs.
    assert 130 <= len(pairs) <= 230
    assert all(x.given != y.given for x, y in pairs)


def test_no_siblings_are_drawn_unless_asked_for() -> None:
    crowd = people(2000, random.Random(4))
    pairs = [(x, y) for x, y in pairwise(crowd) if x.family == y.family and x.birth == y.birth]
    assert pairs == []


def test_a_register_can_know_a_person_by_another_given_or_family_name() -> None:
    rng = random.Random(8)
    for person in people(200, rng):
        other_given = register_row(person, "X1", Noise(other_given=1.0), rng)
        assert other_given["given_name"] != person.given
        # From the lists of the person's sex (Albanian ones for Albanian names).
        names = FEMALE + ALBANIAN_FEMALE if person.sex == "F" else MALE + ALBANIAN_MALE
        assert other_given["given_name"] in names
        assert other_given["family_name"] == person.family
        other_family = register_row(person, "X2", Noise(other_family=1.0), rng)
        assert other_family["given_name"] == person.given
        assert other_family["family_name"] != person.family
        assert other_family["family_name"] in FAMILY + ALBANIAN_FAMILY
