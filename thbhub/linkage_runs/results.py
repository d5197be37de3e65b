"""What a run's pairs add up to, with the countries' reviews taken into account.

Pure functions over plain tuples, shared by the job (when the run ends),
the run page, the API and the recording of the result for the statistics.

A pair rejected by either country it involves is not one person: a wrong
merge undercounts victims, so one country's doubt is enough to keep the
two records apart. A pair confirmed by a country counts as certain. The
range of the de-duplicated count runs from "every matched pair and every
near miss is one person" (low) to "only the sure or confirmed pairs are"
(high); near misses are not stored, so rejections move the low end by the
people they separate.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from thbhub.linkage.cli import MATCH_COLUMNS


@dataclass(frozen=True)
class PairFacts:
    """One pair as the arithmetic needs it (no review text, no user)."""

    cluster_id: str
    country_a: str
    record_id_a: str
    year_a: str
    country_b: str
    record_id_b: str
    year_b: str
    score: float
    rejected: bool = False
    confirmed: bool = False


@dataclass(frozen=True)
class Counted:
    records: int
    deduplicated: int
    low: int
    high: int


@dataclass(frozen=True)
class YearCount:
    year: str
    records: int
    pairs: int
    deduplicated: int


def distinct_people(records: int, pairs: Iterable[tuple[tuple[str, str], tuple[str, str]]]) -> int:
    """How many people ``records`` records are when each pair given is one person."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(item: tuple[str, str]) -> tuple[str, str]:
        parent.setdefault(item, item)
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    merged = 0
    for a, b in pairs:
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            parent[root_b] = root_a
            merged += 1
    return records - merged


def _ends(pair: PairFacts) -> tuple[tuple[str, str], tuple[str, str]]:
    return (pair.country_a, pair.record_id_a), (pair.country_b, pair.record_id_b)


def after_review(
    *,
    total: int,
    pairs: Sequence[PairFacts],
    threshold: float,
    margin: float,
    low_before: int,
    deduplicated_before: int,
) -> Counted:
    kept = [pair for pair in pairs if not pair.rejected]
    deduplicated = distinct_people(total, (_ends(pair) for pair in kept))
    sure = [pair for pair in kept if pair.confirmed or pair.score >= threshold + margin]
    high = distinct_people(total, (_ends(pair) for pair in sure))
    low = min(low_before + (deduplicated - deduplicated_before), deduplicated)
    return Counted(records=total, deduplicated=deduplicated, low=max(low, 0), high=high)


def by_year(years: dict[str, int], pairs: Sequence[PairFacts]) -> list[YearCount]:
    """Per year identified: records, pairs within that year, people.

    A person identified in one country in 2022 and in another in 2023 is
    counted once in each year's total, so only pairs whose two records share
    the year merge records of that year.
    """
    within: dict[str, list[PairFacts]] = defaultdict(list)
    for pair in pairs:
        if not pair.rejected and pair.year_a == pair.year_b:
            within[pair.year_a].append(pair)
    return [
        YearCount(
            year=year or "",
            records=count,
            pairs=len(within.get(year, [])),
            deduplicated=distinct_people(count, (_ends(p) for p in within.get(year, []))),
        )
        for year, count in sorted(years.items())
    ]


def matches_csv(pairs: Sequence[PairFacts], *, year: str) -> bytes:
    """A MATCHES.csv of the kept pairs of one year, as `thbhub linkage link` writes it.

    Clusters are formed again without the rejected pairs: a rejection can
    split a cluster in two.
    """
    kept = [pair for pair in pairs if not pair.rejected and pair.year_a == pair.year_b == year]
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(item: tuple[str, str]) -> tuple[str, str]:
        parent.setdefault(item, item)
        while parent[item] != item:
            item = parent[item]
        return item

    for pair in kept:
        a, b = _ends(pair)
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)
    numbers: dict[tuple[str, str], str] = {}
    for root in sorted({find(_ends(pair)[0]) for pair in kept}):
        numbers[root] = f"C{len(numbers) + 1:06d}"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(MATCH_COLUMNS)
    for pair in kept:
        writer.writerow(
            (
                numbers[find(_ends(pair)[0])],
                pair.country_a,
                pair.record_id_a,
                pair.country_b,
                pair.record_id_b,
                f"{pair.score:.4f}",
            )
        )
    return buffer.getvalue().encode("utf-8")


def overlap_matrix(
    countries: Sequence[str], overlap: dict[str, dict[str, int]]
) -> list[tuple[str, list[int]]]:
    """Rows of the symmetric matrix; the diagonal is a country's own duplicates."""
    rows = []
    for a in countries:
        cells = []
        for b in countries:
            count = overlap.get(a, {}).get(b, 0)
            if a != b:
                count += overlap.get(b, {}).get(a, 0)
            cells.append(count)
        rows.append((a, cells))
    return rows
