"""Property-style checks over many generated submissions (fixed seeds).

Any consistent breakdown must validate clean, and changing any single cell
must break exactly the sums that cell takes part in: as a category of a
TOTAL row, or as the TOTAL row of its categories. Which sums those are is
worked out here from the builder's own category lists, not by the code
under test.
"""

from __future__ import annotations

import random

import pytest

from tests.statistics.builders import (
    BREAKDOWNS,
    CATEGORIES,
    build_rows,
    coordinates_of,
    raw_rows,
)
from thbhub.statistics.validation import validate

SEEDS = range(6)
CHANGES_PER_SEED = 40


def _totals(rng: random.Random) -> dict[str, int]:
    return {
        "VICTIMS": rng.randint(0, 150),
        "VICTIMS_ASSISTED": rng.randint(1, 80),
        "SUSPECTS": rng.randint(0, 40),
        "CONVICTED": rng.randint(1, 15),
    }


def _with(key: tuple[str, ...], column: str, code: str) -> tuple[str, ...]:
    index = ("country", "year", "measure", *BREAKDOWNS).index(column)
    return (*key[:index], code, *key[index + 1 :])


def _sums_containing(row: dict[str, str], present: set[tuple[str, ...]]) -> set[tuple[str, ...]]:
    """The complete sums (as the key of their TOTAL row) the row belongs to."""
    key = coordinates_of(row)
    sums: set[tuple[str, ...]] = set()
    for column in CATEGORIES:
        code = row[column]
        if code == "TOTAL":
            total = key
        elif code in CATEGORIES[column]:
            total = _with(key, column, "TOTAL")
        else:
            continue  # a country detail or _Z: part of no sum
        members = {_with(total, column, category) for category in CATEGORIES[column]}
        if total in present and members <= present:
            sums.add(total)
    return sums


@pytest.mark.parametrize("seed", SEEDS)
def test_any_consistent_breakdown_validates_clean(codes, seed):
    rng = random.Random(seed)  # noqa: S311 - test data
    rows = build_rows(_totals(rng), country=rng.choice(["RS", "XK", "BG", "MD"]), seed=seed)
    report = validate(raw_rows(rows), codes)
    assert report.issues == []


@pytest.mark.parametrize("seed", SEEDS)
def test_one_changed_cell_breaks_exactly_its_sums(codes, seed):
    rng = random.Random(1000 + seed)  # noqa: S311 - test data
    rows = build_rows(_totals(rng), seed=seed, details=True)
    present = {coordinates_of(row) for row in rows}
    sizes: list[int] = []
    for _ in range(CHANGES_PER_SEED):
        changed = [dict(row) for row in rows]
        index = rng.randrange(len(changed))
        old = int(changed[index]["value"])
        new = rng.choice([value for value in range(max(0, old - 5), old + 6) if value != old])
        changed[index]["value"] = str(new)
        line = index + 2
        expected = _sums_containing(changed[index], present)

        report = validate(raw_rows(changed), codes)

        sums = [issue for issue in report.errors if issue.rule == "sum"]
        assert all(line in issue.rows for issue in sums)
        total_lines = {issue.row for issue in sums}
        assert total_lines == {
            line_of for line_of, row in enumerate(rows, start=2) if coordinates_of(row) in expected
        }
        # Country details may overflow their group as well, and nothing else.
        assert {issue.rule for issue in report.issues} <= {"sum", "detail_sum"}
        if expected:
            assert not report.ok
        sizes.append(len(expected))
    # The draw reached cells inside several sums at once, not only easy ones.
    assert max(sizes) >= 3
