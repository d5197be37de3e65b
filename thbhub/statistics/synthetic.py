"""Synthetic submissions for the demo data set, consistent by construction.

Persons with every attribute are drawn first and each table row counts
them, so every breakdown sums to its total as a real register's would. The
tests keep their own builder (tests/statistics/builders.py) so that they
check validation against an independent reading of the standard; this one
ships with the package because the demo cannot import the tests.
"""

from __future__ import annotations

import datetime
import itertools
import random
from collections.abc import Iterator, Sequence

from thbhub.statistics.standard import BREAKDOWNS, COLUMNS, TOTAL, VICTIM_MEASURES

CATEGORIES: dict[str, tuple[str, ...]] = {
    "status": ("IDENTIFIED", "PRESUMED"),
    "sex": ("F", "M", "UNK"),
    "age": ("CHILD", "ADULT", "UNK"),
    "citizenship": ("NATIONAL", "OTHER_EU", "NON_EU", "UNK"),
    "exploitation": ("SEXUAL", "LABOUR", "BEGGING", "CRIMINAL_ACTIVITIES", "OTHER", "UNK"),
    "exploitation_country": ("DOMESTIC", "OTHER_EU", "NON_EU", "UNK"),
    "identified_in": ("REPORTING", "ABROAD", "UNK"),
}
# Skewed as registers in the region are: mostly women and nationals,
# sexual exploitation first, most victims identified at home.
WEIGHTS: dict[str, tuple[int, ...]] = {
    "status": (3, 1),
    "sex": (6, 3, 1),
    "age": (2, 5, 1),
    "citizenship": (7, 1, 1, 1),
    "exploitation": (6, 3, 1, 1, 1, 1),
    "exploitation_country": (5, 2, 2, 1),
    "identified_in": (6, 2, 1),
}
VICTIM_TABLES: tuple[tuple[str, ...], ...] = (
    ("status", "sex", "age"),
    ("status", "sex", "citizenship"),
    ("status", "exploitation"),
    ("status", "exploitation_country"),
    ("status", "identified_in"),
)
OFFENDER_TABLES: tuple[tuple[str, ...], ...] = (("sex", "citizenship"),)


def _people(rng: random.Random, count: int) -> list[dict[str, str]]:
    return [
        {
            column: rng.choices(codes, weights=WEIGHTS[column])[0]
            for column, codes in CATEGORIES.items()
        }
        for _ in range(count)
    ]


def _table(
    base: dict[str, str], people: Sequence[dict[str, str]], table: Sequence[str]
) -> Iterator[dict[str, str]]:
    for combination in itertools.product(*((*CATEGORIES[c], TOTAL) for c in table)):
        cell = dict(zip(table, combination, strict=True))
        value = sum(
            all(code == TOTAL or person[column] == code for column, code in cell.items())
            for person in people
        )
        yield base | cell | {"value": str(value)}


def submission_rows(
    totals: dict[str, int], *, country: str, year: int, seed: int
) -> list[dict[str, str]]:
    """The rows of one member's submission, as a 6.1 CSV file would hold them."""
    rng = random.Random(seed)  # noqa: S311 — synthetic demo data, not secrets
    rows: dict[tuple[str, ...], dict[str, str]] = {}
    for measure, total in totals.items():
        victim = measure in VICTIM_MEASURES
        base = dict.fromkeys(COLUMNS, "") | dict.fromkeys(BREAKDOWNS, TOTAL)
        base |= {"country": country, "year": str(year), "measure": measure}
        if not victim:
            base["status"] = "_Z"
        people = _people(rng, total)
        for table in VICTIM_TABLES if victim else OFFENDER_TABLES:
            for row in _table(base, people, table):
                rows.setdefault(tuple(row[column] for column in COLUMNS[:10]), row)
    return list(rows.values())


DEMO_TOTALS = {
    "VICTIMS": 80,
    "VICTIMS_ASSISTED": 50,
    "SUSPECTS": 30,
    "PROSECUTED": 20,
    "CONVICTED": 9,
}
# Two members whose submissions the secretariat has accepted already.
DEMO_ACCEPTED = ("RS", "AL")


def demo_round(*, year: int, members: Sequence[str], deadline: datetime.date) -> None:
    """An open round for ``year`` addressed to ``members``, with the
    submissions of DEMO_ACCEPTED accepted; nothing changes if it exists."""
    from thbhub.accounts.models import User  # noqa: PLC0415 — accounts imports nothing of ours
    from thbhub.reference.models import Country  # noqa: PLC0415
    from thbhub.statistics.models import (  # noqa: PLC0415 — keeps the builder importable alone
        Round,
        StoredObservation,
        Submission,
        SubmissionStatus,
        SubmissionVersion,
    )
    from thbhub.statistics.services import shipped_codes  # noqa: PLC0415
    from thbhub.statistics.standard import RawRow  # noqa: PLC0415
    from thbhub.statistics.validation import validate  # noqa: PLC0415

    if Round.objects.filter(year=year).exists():
        return
    opened = Round.objects.create(
        year=year, deadline=deadline, opened_by=User.objects.get(username="secretariat")
    )
    opened.members.set(Country.objects.filter(code__in=members))
    for seed, code in enumerate(members):
        accepted = code in DEMO_ACCEPTED
        submission = Submission.objects.create(
            round=opened,
            country_id=code,
            status=SubmissionStatus.ACCEPTED if accepted else SubmissionStatus.DRAFT,
        )
        if not accepted:
            continue
        rows = submission_rows(DEMO_TOTALS, country=code, year=year, seed=seed)
        name = f"{code.lower()}-{year}.csv"
        raw = [RawRow(name, line, row) for line, row in enumerate(rows, start=2)]
        report = validate(raw, shipped_codes(), country=code, year=year)
        if not report.ok:
            # A builder bug, never a user's mistake: stop before storing bad demo data.
            msg = f"Demo submission {name} does not validate: {report.errors[0]}"
            raise ValueError(msg)
        version = SubmissionVersion.objects.create(
            submission=submission,
            number=1,
            uploaded_by=User.objects.get(username=f"{code.lower()}.statistician"),
            source_name=name,
            interface="web",
            codelist_version=shipped_codes().version,
            warning_count=len(report.warnings),
            issues=[issue.as_dict() for issue in report.issues],
        )
        StoredObservation.objects.bulk_create(
            StoredObservation(
                version=version,
                **{column: getattr(obs, column) for column in COLUMNS},
                source_row=obs.source_row,
            )
            for obs in report.observations
        )
