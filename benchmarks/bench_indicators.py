"""Indicators for 10 years x 11 members with every breakdown, in memory.

    python benchmarks/bench_indicators.py [--years 10] [--runs 5]

The rows come from the demo's synthetic submissions (thbhub.statistics.
synthetic), so they carry the breakdowns, ISO details and returned
nationals real submissions have. Only ``compute_indicators`` is timed: the
pure computation every interface runs after reading the rows. The budget
is 1 s on 2 cores. Wall-clock and CPU time are both printed: on a shared
machine the wall clock includes waiting for the CPU.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("THBHUB_DATA_DIR", tempfile.mkdtemp(prefix="thbhub-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thbhub.config.settings")

import django

django.setup()

from thbhub.reference.loading import COUNTRIES_FILE, read_csv  # noqa: E402
from thbhub.statistics.indicators import compute_indicators  # noqa: E402
from thbhub.statistics.standard import COLUMNS, CodeLists, Observation  # noqa: E402
from thbhub.statistics.synthetic import member_year, submission_rows  # noqa: E402

BUDGET_SECONDS = 1.0
LAST_YEAR = 2025


def observations(years: list[int], members: list[str], codes: CodeLists) -> list[Observation]:
    rows: list[Observation] = []
    for year in years:
        for code in members:
            for line, cells in enumerate(submission_rows(member_year(code, year), codes), 2):
                value = cells.get("value", "")
                rows.append(
                    Observation(
                        **{column: cells.get(column, "") for column in COLUMNS[2:10]},
                        country=code,
                        year=year,
                        value=int(value) if value != "" else None,
                        flag=cells.get("flag", ""),
                        note=cells.get("note", ""),
                        source_row=line,
                        source_sheet="",
                    )
                )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    countries = read_csv(COUNTRIES_FILE, ["code", "network_member", "eu_status"])
    members = [row["code"] for row in countries if row["network_member"] == "yes"]
    eu_members = frozenset(row["code"] for row in countries if row["eu_status"] == "member")
    years = list(range(LAST_YEAR - args.years + 1, LAST_YEAR + 1))
    rows = observations(years, members, CodeLists.from_files())
    population = {(code, year): 2_000_000 for code in members for year in years}
    walls, cpus = [], []
    table = None
    for _ in range(args.runs):
        wall, cpu = time.perf_counter(), time.process_time()
        table = compute_indicators(
            rows,
            years=years,
            population=population,
            members=members,
            eu_members=eu_members,
            linkage=None,
        )
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    assert table is not None
    wall_median, cpu_median = statistics.median(walls), statistics.median(cpus)
    print(
        f"{len(members)} members x {len(years)} years, {len(rows):,} observations -> "
        f"{len(table.values):,} indicator values"
    )
    print(
        f"| compute_indicators, median of {args.runs} | {wall_median * 1000:.0f} ms wall "
        f"| {cpu_median * 1000:.0f} ms CPU |"
    )
    verdict = "within" if cpu_median < BUDGET_SECONDS else "OVER"
    print(f"{verdict} the {BUDGET_SECONDS:.0f} s budget (CPU time)")


if __name__ == "__main__":
    main()
