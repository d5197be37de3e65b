"""Consistent 6.1 submissions generated from a few totals.

A submission is built the way a national register produces one: a list of
synthetic persons with all their attributes is drawn first, and every table
row is a count over that list. Every breakdown therefore sums to its total
by construction, and tests can break it one cell at a time.

The category lists are written out here rather than taken from the code
under test, so the tests check the validation against an independent
reading of the standard.
"""

from __future__ import annotations

import csv
import io
import itertools
import random
from collections.abc import Iterable, Sequence

from thbhub.statistics.standard import COLUMNS, RawRow

CATEGORIES: dict[str, tuple[str, ...]] = {
    "status": ("IDENTIFIED", "PRESUMED"),
    "sex": ("F", "M", "UNK"),
    "age": ("CHILD", "ADULT", "UNK"),
    "citizenship": ("NATIONAL", "OTHER_EU", "NON_EU", "UNK"),
    "exploitation": (
        "SEXUAL",
        "LABOUR",
        "BEGGING",
        "CRIMINAL_ACTIVITIES",
        "ORGAN_REMOVAL",
        "FORCED_MARRIAGE",
        "OTHER",
        "UNK",
    ),
    "exploitation_country": ("DOMESTIC", "OTHER_EU", "NON_EU", "UNK"),
    "identified_in": ("REPORTING", "ABROAD", "UNK"),
}
# Service is a breakdown too, of assistance only; its categories overlap.
BREAKDOWNS = (*CATEGORIES, "service")

# Tables as Eurostat asks for them: each a cross-classification of a few
# dimensions, every other dimension TOTAL.
VICTIM_TABLES: tuple[tuple[str, ...], ...] = (
    ("status", "sex", "age"),
    ("status", "sex", "citizenship"),
    ("status", "sex", "exploitation"),
    ("status", "exploitation_country"),
    ("status", "identified_in"),
)
OFFENDER_TABLES: tuple[tuple[str, ...], ...] = (("sex", "citizenship"),)
# Assistance by type of service: one person may receive several.
SERVICES: tuple[str, ...] = (
    "ACCOMMODATION",
    "MEDICAL",
    "MENTAL_HEALTH",
    "PSYCHOLOGICAL",
    "LEGAL_AID",
    "INTERPRETATION",
    "EDUCATION",
    "EMPLOYMENT",
    "FINANCIAL",
    "OTHER",
    "UNK",
)
VICTIM_MEASURES = ("VICTIMS", "VICTIMS_ASSISTED")

# Country details drawn for foreign citizens, by group.
FOREIGN: dict[str, tuple[str, ...]] = {
    "OTHER_EU": ("DE", "IT", "AT", "BG"),
    "NON_EU": ("UA", "TR", "CN", "AL"),
}

# Skewed the way real registers are: mostly women, sexual exploitation first.
WEIGHTS: dict[str, tuple[int, ...]] = {
    "status": (3, 1),
    "sex": (6, 3, 1),
    "age": (2, 5, 1),
    "citizenship": (6, 1, 2, 1),
    "exploitation": (6, 3, 1, 1, 1, 1, 1, 1),
    "exploitation_country": (5, 2, 2, 1),
    "identified_in": (6, 2, 1),
}


def _person(rng: random.Random, *, victim: bool) -> dict[str, str]:
    person = {
        column: rng.choices(codes, weights=WEIGHTS[column])[0]
        for column, codes in CATEGORIES.items()
    }
    if not victim:
        person["status"] = "_Z"
    group = person["citizenship"]
    person["citizenship_detail"] = rng.choice(FOREIGN[group]) if group in FOREIGN else ""
    return person


def _table_rows(
    base: dict[str, str], people: Sequence[dict[str, str]], table: Sequence[str]
) -> Iterable[dict[str, str]]:
    choices = [(*CATEGORIES[column], "TOTAL") for column in table]
    for combination in itertools.product(*choices):
        coordinates = dict(zip(table, combination, strict=True))
        value = sum(
            all(code == "TOTAL" or person[column] == code for column, code in coordinates.items())
            for person in people
        )
        yield base | coordinates | {"value": str(value)}


def _service_rows(base: dict[str, str], people: int, *, seed: int) -> list[dict[str, str]]:
    """Persons per service received, each at most ``people``; drawn apart
    from the other tables so that they stay as they were."""
    rng = random.Random(seed + 7919)  # noqa: S311 - test data, not secrets
    received = [[code for code in SERVICES if rng.random() < 0.5] for _ in range(people)]
    return [
        base | {"service": code, "value": str(sum(code in person for person in received))}
        for code in SERVICES
    ]


def build_rows(
    totals: dict[str, int],
    *,
    country: str = "RS",
    year: int = 2022,
    seed: int = 0,
    details: bool = True,
) -> list[dict[str, str]]:
    """Rows of a full, consistent submission with ``totals`` persons per measure.

    With ``details`` the victims also get citizenship detail rows (DE, UA...)
    that fit inside their groups.
    """
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    rows: dict[tuple[str, ...], dict[str, str]] = {}
    for measure, total in totals.items():
        victim = measure in VICTIM_MEASURES
        people = [_person(rng, victim=victim) for _ in range(total)]
        base = totals_row(measure, country=country, year=year, value=0)
        tables = VICTIM_TABLES if victim else OFFENDER_TABLES
        for table in tables:
            for row in _table_rows(base, people, table):
                rows.setdefault(coordinates_of(row), row)
        if measure == "VICTIMS_ASSISTED":
            rows.update((coordinates_of(row), row) for row in _service_rows(base, total, seed=seed))
        if victim and details:
            for code in sorted({p["citizenship_detail"] for p in people} - {""}):
                value = sum(p["citizenship_detail"] == code for p in people)
                row = base | {"citizenship": code, "value": str(value)}
                rows.setdefault(coordinates_of(row), row)
    return list(rows.values())


def totals_row(
    measure: str, *, country: str = "RS", year: int = 2022, value: int | None = 0, note: str = ""
) -> dict[str, str]:
    victim = measure in VICTIM_MEASURES
    return {
        "country": country,
        "year": str(year),
        "measure": measure,
        "status": "TOTAL" if victim else "_Z",
        **dict.fromkeys(BREAKDOWNS[1:], "TOTAL"),
        "value": "" if value is None else str(value),
        "flag": "",
        "note": note,
    }


def coordinates_of(row: dict[str, str]) -> tuple[str, ...]:
    return tuple(row[column] for column in ("country", "year", "measure", *BREAKDOWNS))


def raw_rows(rows: Sequence[dict[str, str]], sheet: str = "submission.csv") -> list[RawRow]:
    """As a CSV reader would give them: data starts on line 2, under the header."""
    return [RawRow(sheet=sheet, row=line, cells=row) for line, row in enumerate(rows, start=2)]


def to_csv(rows: Sequence[dict[str, str]], *, delimiter: str = ",", bom: bool = False) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode("utf-8")


STANDARD_TOTALS = {
    "VICTIMS": 60,
    "VICTIMS_ASSISTED": 40,
    "SUSPECTS": 25,
    "PROSECUTED": 18,
    "CONVICTED": 9,
}
