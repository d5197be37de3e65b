"""Rounds and uploads for the tests of submissions, through the services."""

from __future__ import annotations

import datetime

from tests.statistics.builders import STANDARD_TOTALS, build_rows, to_csv
from thbhub.accounts.models import User
from thbhub.statistics.models import Round, Submission
from thbhub.statistics.services import round_open

# Not a year of the demo's rounds (2018-2022 and last year), which every test starts with.
YEAR = 2010
MEMBERS = ["RS", "AL", "HR"]


def open_round(secretariat: User, year: int = YEAR, members: list[str] | None = None) -> Round:
    return round_open(
        actor=secretariat,
        year=year,
        deadline=datetime.date(year + 1, 6, 30),
        member_codes=members or MEMBERS,
    )


def valid_csv(country: str = "RS", year: int = YEAR, seed: int = 0) -> bytes:
    return to_csv(build_rows(STANDARD_TOTALS, country=country, year=year, seed=seed))


def totals_only_csv(country: str = "RS", year: int = YEAR) -> bytes:
    """The smallest valid submission: one total of registered victims."""
    header = (
        "country,year,measure,status,sex,age,citizenship,exploitation,"
        "exploitation_country,identified_in,value,flag,note"
    )
    row = f"{country},{year},VICTIMS,TOTAL,TOTAL,TOTAL,TOTAL,TOTAL,TOTAL,TOTAL,42,,"
    return f"{header}\n{row}\n".encode()


def valid_row_count(country: str = "RS", year: int = YEAR, seed: int = 0) -> int:
    return len(build_rows(STANDARD_TOTALS, country=country, year=year, seed=seed))


def invalid_csv(country: str = "RS", year: int = YEAR) -> bytes:
    """A valid file with one negative count in data row 3 (file line 4)."""
    rows = build_rows(STANDARD_TOTALS, country=country, year=year)
    rows[2] = rows[2] | {"value": "-3"}
    return to_csv(rows)


def submission_of(round_: Round, country: str) -> Submission:
    return Submission.objects.get(round=round_, country_id=country)
