"""Time to build the regional report: 11 members, 5 years of publications.

    python benchmarks/bench_report.py [--runs 5]

The goal: the PDF in under 10 s on a 2-core machine. Runs on a throw-away
database; set DATABASE_URL to measure on PostgreSQL. Results are printed as
a Markdown table; copy them into benchmarks/RESULTS.md with the machine.
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
os.environ.setdefault("THBHUB_JOBS_MODE", "inline")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import override_settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

FIRST_YEAR = 2004  # years no demo round uses


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            rows = run(args.runs)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print("\n| measurement | median | what |\n|---|---|---|")
    for label, value, what in rows:
        print(f"| {label} | {value} | {what} |")


def _timed(runs: int, function: object) -> tuple[float, float, object]:
    samples, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()  # type: ignore[operator]
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), max(samples), result


def run(runs: int) -> list[tuple[str, str, str]]:
    from tests.statistics.report_builders import ALL_MEMBERS, publish_year
    from thbhub.accounts.models import User
    from thbhub.demo.generator import generate_demo
    from thbhub.statistics.report.content import report_content
    from thbhub.statistics.report.html import standalone_html
    from thbhub.statistics.report.pdf import build_pdf

    generate_demo()
    secretariat = User.objects.get(username="secretariat")
    year = FIRST_YEAR + 4
    for offset in range(5):
        publish_year(secretariat, FIRST_YEAR + offset, members=ALL_MEMBERS, scale=3 + offset)
    partner = User.objects.get(username="de.partner")
    content_median, content_max, _content = _timed(runs, lambda: report_content(partner, year))
    pdf_median, pdf_max, body = _timed(runs, lambda: build_pdf(report_content(partner, year)))
    html_median, html_max, _html = _timed(
        runs, lambda: standalone_html(report_content(partner, year))
    )
    pages = len(__import__("pypdf").PdfReader(__import__("io").BytesIO(body)).pages)
    return [
        (
            "report content (11 members, 5 years)",
            f"{content_median * 1000:.0f} ms (max {content_max * 1000:.0f} ms)",
            "read the publications, build figures, charts, fiches",
        ),
        (
            "PDF build",
            f"{pdf_median:.2f} s (max {pdf_max:.2f} s)",
            f"content and PDF, {pages} pages, {len(body) // 1024} KiB",
        ),
        (
            "standalone HTML",
            f"{html_median * 1000:.0f} ms (max {html_max * 1000:.0f} ms)",
            "content and one HTML file with inline SVG",
        ),
    ]


if __name__ == "__main__":
    main()
