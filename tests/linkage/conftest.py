"""Registers of the same people written differently, and helpers to encode them."""

from __future__ import annotations

import hashlib
import random

import pytest

from thbhub.linkage.keys import LinkageKey, write_key
from thbhub.linkage.synthetic import Noise, people, register_row, to_cyrillic

PEOPLE = 50


def _latin_with_noise(index: int, row: dict[str, str]) -> dict[str, str]:
    """Each kind of error a register holds, in turn: one kind per person."""
    kind = index % 6
    if kind == 1:
        family = row["family_name"]
        row["family_name"] = family[:2] + family[3:]  # a letter dropped
    elif kind == 2 and row["date_of_birth"]:
        year, month, day = row["date_of_birth"].split("-")
        if int(day) <= 12:
            row["date_of_birth"] = f"{year}-{day}-{month}"
    elif kind == 3:
        row["date_of_birth"] = ""
    elif kind == 4:
        row["given_name"], row["family_name"] = row["family_name"], row["given_name"]
        row["sex"] = ""
    elif kind == 5:
        row["date_of_birth"] = row["date_of_birth"][:4]
    return row


@pytest.fixture
def two_registers() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The same 50 people: Serbian Cyrillic in one register, noisy Latin in the other."""
    rng = random.Random(5)  # noqa: S311 — synthetic people, not secrets
    crowd = people(PEOPLE, rng)
    latin = Noise(drop_diacritics=0.5)
    cyrillic_rows, latin_rows = [], []
    for index, person in enumerate(crowd):
        row = register_row(person, f"RS-{index:03d}", Noise(), rng)
        row["given_name"] = to_cyrillic(person.given)
        row["family_name"] = to_cyrillic(person.family)
        cyrillic_rows.append(row)
        other = register_row(person, f"BA-{PEOPLE - index:03d}", latin, rng)
        latin_rows.append(_latin_with_noise(index, other))
    return cyrillic_rows, latin_rows


@pytest.fixture
def key() -> LinkageKey:
    """A fixed key: the hardening's flips depend on it, and a test must not depend on luck."""
    return LinkageKey(hashlib.sha256(b"thbhub linkage tests").digest())


@pytest.fixture
def key_file(tmp_path, key):
    path = tmp_path / "shared.key"
    write_key(key, path)
    return path
