"""Linking quality that must not depend on the luck of one key."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.linkage.conftest import PEOPLE
from thbhub.linkage.encoding import Encoder
from thbhub.linkage.files import EncodingSet, identity_of
from thbhub.linkage.keys import LinkageKey
from thbhub.linkage.linking import DEFAULT_THRESHOLD, UNCERTAIN_MARGIN, link

KEYS = 20


def encodings(key: LinkageKey, rows: list[dict[str, str]], country: str) -> EncodingSet:
    identities = [identity_of(row) for row in rows]
    return EncodingSet(
        Path(country),
        key.key_id,
        [country] * len(rows),
        [row["record_id"] for row in rows],
        Encoder(key).encode_many(identities),
    )


@pytest.mark.parametrize("number", range(KEYS))
def test_every_key_links_the_fifty_people_exactly(number, two_registers):
    # Keys derived from a counter: random for the hardening, yet the same on every run.
    key = LinkageKey(hashlib.sha256(f"thbhub linkage key {number}".encode()).digest())
    cyrillic, latin = two_registers
    result = link([encodings(key, cyrillic, "RS"), encodings(key, latin, "BA")])
    pairs = {(m.record_id_a, m.record_id_b) for m in result.matches}
    assert pairs == {(f"BA-{PEOPLE - i:03d}", f"RS-{i:03d}") for i in range(PEOPLE)}
    assert result.deduplicated == PEOPLE


def test_within_one_country_a_record_without_a_full_date_is_not_merged(key):
    rows = [
        {"record_id": record_id, "given_name": "Marija", "family_name": "Jovanović"}
        | {"date_of_birth": born, "sex": "F"}
        for record_id, born in (("1", "1990-05-03"), ("2", ""), ("3", "1990"), ("4", "1990-05-03"))
    ]
    result = link([encodings(key, rows, "RS")])
    # Records 1 and 4 agree on everything; 2 and 3 could be namesakes of them.
    assert {(m.record_id_a, m.record_id_b) for m in result.matches} == {("1", "4")}
    assert result.deduplicated == 3


def test_one_country_keeps_all_pairs_of_a_person_registered_three_times(key):
    rows = [
        {"record_id": str(n), "given_name": "Марија", "family_name": "Јовановић"}
        | {"date_of_birth": "1990-05-03", "sex": "F"}
        for n in range(3)
    ]
    result = link([encodings(key, rows, "RS")])
    assert len(result.matches) == 3
    assert result.deduplicated == 1


def _person(record_id: str, given: str, family: str, born: str) -> dict[str, str]:
    return {"record_id": record_id, "given_name": given, "family_name": family} | {
        "date_of_birth": born,
        "sex": "F",
    }


SISTERS_RS = [
    _person("RS-1", "Ана", "Томова", "2005-02-24"),
    _person("RS-2", "Драгана", "Томова", "2005-02-24"),
    # Dragana registered a second time, her family name mistyped.
    _person("RS-3", "Драгана", "Томва", "2005-02-24"),
    _person("RS-4", "Милица", "Ковачић", "1985-12-24"),
    _person("RS-5", "Мирјана", "Ковачић", "1985-12-24"),
]
SISTERS_BA = [
    _person("BA-1", "Ana", "Tomova", "2005-02-24"),
    _person("BA-2", "Dragana", "Tomova", "2005-02-24"),
    _person("BA-4", "Milica", "Kovacic", "1985-12-24"),
    _person("BA-5", "Mirjana", "Kovačić", "1985-12-24"),
]


@pytest.mark.parametrize("number", range(10))
def test_sisters_of_one_family_name_and_birth_date_are_two_people(number):
    # Twins, or sisters whose dates of birth were estimated together: within
    # one register only the second record of one sister merges, and across
    # the border each sister finds her own record. At the cross-border name
    # floor each pair of sisters would merge into one person.
    key = LinkageKey(hashlib.sha256(f"thbhub sisters key {number}".encode()).digest())
    result = link([encodings(key, SISTERS_RS, "RS"), encodings(key, SISTERS_BA, "BA")])
    pairs = {(m.record_id_a, m.record_id_b) for m in result.matches}
    assert pairs == {
        ("RS-2", "RS-3"),
        ("BA-1", "RS-1"),
        ("BA-2", "RS-2"),
        ("BA-4", "RS-4"),
        ("BA-5", "RS-5"),
    }
    assert result.deduplicated == 4


def test_the_deduplicated_count_comes_with_the_range_the_threshold_can_move_it(key):
    from thbhub.linkage.synthetic import scenario

    rows_a, rows_b, _truth = scenario(200, 100, 100, seed=3)
    sets = [encodings(key, rows_a, "RS"), encodings(key, rows_b, "BA")]
    result = link(sets)
    assert result.deduplicated_low <= result.deduplicated <= result.deduplicated_high
    # Stricter and looser thresholds land inside the range (it is their bound).
    stricter = link(sets, DEFAULT_THRESHOLD + UNCERTAIN_MARGIN)
    looser = link(sets, DEFAULT_THRESHOLD - UNCERTAIN_MARGIN)
    assert stricter.deduplicated <= result.deduplicated_high
    assert looser.deduplicated >= result.deduplicated_low
    # The true count (400 people in all) lies in the range on this scenario.
    assert result.deduplicated_low <= 400 <= result.deduplicated_high
    assert result.doubtful_pairs + result.near_miss_pairs > 0


@pytest.mark.parametrize("macedonian", [False, True], ids=["serbian", "macedonian"])
def test_albanian_names_in_cyrillic_link_with_their_latin_spelling(macedonian):
    # Hoxha → Хоџа, Krasniqi → Краснићи or Красниќи, Gjergj → Ђерђ or Ѓерѓ:
    # letter by letter these share few bigrams with the Latin spelling.
    from thbhub.linkage.synthetic import Noise, scenario

    rows_a, rows_b, truth = scenario(
        60,
        0,
        0,
        seed=11,
        noise_a=Noise(cyrillic=True, macedonian=macedonian),
        noise_b=Noise(drop_diacritics=0.5),
        albanian=1.0,
    )
    assert any(letter in row["family_name"] for row in rows_a for letter in "џћќђѓш")
    for number in range(5):
        key = LinkageKey(hashlib.sha256(f"albanian {number}".encode()).digest())
        cyrillic = encodings(key, rows_a, "MK" if macedonian else "RS")
        result = link([cyrillic, encodings(key, rows_b, "AL")])
        # Albania (AL) sorts first, so its records are the pairs' first side.
        assert {(m.record_id_b, m.record_id_a) for m in result.matches} == truth
        assert result.deduplicated == 60
