"""Timings of the questionnaire workbook: building a template and importing a
filled one, on a throw-away database.

    python benchmarks/bench_template_import.py [--runs 5]

The filled workbook is a whole country's questionnaire: every input cell of
every table, the methodology and an answer per question, filled the way
openpyxl writes it (as a statistician's Excel would, without formulas). The
import is the whole service: open the xlsx, check locked columns, validate
every row and the sums, store the version. Set DATABASE_URL to measure on
PostgreSQL. Copy the printed table into benchmarks/RESULTS.md with the machine.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("THBHUB_DATA_DIR", tempfile.mkdtemp(prefix="thbhub-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thbhub.config.settings")
os.environ.setdefault("THBHUB_JOBS_MODE", "inline")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import override_settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

ROWS: list[tuple[str, str, str]] = []
# A year the demo data never opens a round for.
YEAR = 2012


def timed(label: str, unit: str, runs: int, function: Callable[[], object]) -> None:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    median = statistics.median(samples)
    ROWS.append((label, f"{median * 1000:.1f} ms", f"{unit}; max {max(samples) * 1000:.0f} ms"))
    print(f"{label}: {median * 1000:.1f} ms (max {max(samples) * 1000:.0f} ms)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            run(args.runs)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print("\n| measurement | median | what |\n|---|---|---|")
    for label, value, unit in ROWS:
        print(f"| {label} | {value} | {unit} |")


def run(runs: int) -> None:
    from tests.statistics.workbooks import consistent_values, fill
    from thbhub.accounts.models import User
    from thbhub.demo.generator import generate_demo
    from thbhub.statistics.models import Submission
    from thbhub.statistics.services import round_open, submission_upload_file
    from thbhub.statistics.workbook import submission_template

    generate_demo()
    secretariat = User.objects.get(username="secretariat")
    statistician = User.objects.get(username="rs.statistician")
    round_ = round_open(
        actor=secretariat,
        year=YEAR,
        deadline=datetime.date(YEAR + 1, 6, 30),
        member_codes=["RS", "AL"],
    )
    submission = Submission.objects.get(round=round_, country_id="RS")
    blank, _name = submission_template(actor=statistician, submission=submission)
    values = consistent_values(blank, year=YEAR)
    answers = {
        question.pk: f"Answer to question {question.number}." for question in round_.questions.all()
    }
    filled = fill(
        blank,
        values,
        notes=dict.fromkeys(list(values)[:20], "Checked against the register"),
        methodology={"data_authority": "Ministry of Interior", "includes_presumed": "Yes"},
        answers=answers,
    )
    print(f"filled workbook: {len(filled) / 1024:.0f} KiB, {len(values)} figures", flush=True)

    def do_import() -> None:
        result = submission_upload_file(
            actor=statistician, round=round_, country_id="RS", data=filled, filename="rs.xlsx"
        )
        assert result.version is not None, [str(issue) for issue in result.report.errors[:3]]

    timed(
        "import of a filled country template (xlsx)",
        f"{len(values)} figures, methodology, {len(answers)} answers: read, validate, store",
        runs,
        do_import,
    )
    timed(
        "template of a submission with its latest version",
        "build the pre-filled xlsx",
        runs,
        lambda: submission_template(actor=statistician, submission=submission),
    )


if __name__ == "__main__":
    main()
