"""Timings of the foundation's heavy paths, on a throw-away database.

    python benchmarks/bench_platform.py [--contacts 5000] [--events 100000]

Set DATABASE_URL to measure on PostgreSQL. Results are printed as a
Markdown table; copy them into benchmarks/RESULTS.md with the machine.
"""

from __future__ import annotations

import argparse
import io
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
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

ROWS: list[tuple[str, str, str]] = []


def timed(label: str, unit: str, runs: int, function: Callable[[], object]) -> None:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    median = statistics.median(samples)
    ROWS.append((label, f"{median * 1000:.1f} ms", unit))
    print(f"{label}: {median * 1000:.1f} ms ({unit})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=5000)
    parser.add_argument("--events", type=int, default=100_000)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        with override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            ALLOWED_HOSTS=["testserver"],
        ):
            run(args.contacts, args.events)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print("\n| measurement | median | what |\n|---|---|---|")
    for label, value, unit in ROWS:
        print(f"| {label} | {value} | {unit} |")


def run(contacts: int, events: int) -> None:
    from openpyxl import Workbook

    from thbhub.accounts.models import User
    from thbhub.audit.models import AuditEvent
    from thbhub.demo.generator import generate_demo
    from thbhub.directory.importing import import_contacts_file
    from thbhub.directory.selectors import ContactFilters, contacts_for_export
    from thbhub.directory.spreadsheet import HEADERS, SHEET, write_xlsx

    generate_demo()
    secretariat = User.objects.get(username="secretariat")

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(HEADERS)
    members = ["AL", "BA", "BG", "HR", "XK", "MD", "ME", "MK", "RO", "RS", "SI"]
    for index in range(contacts):
        code = members[index % len(members)]
        sheet.append(
            [
                "",
                "",
                code,
                f"Benchmark institution {index % 300}",
                "",
                "police",
                "City",
                f"Given{index}",
                f"Family{index}",
                "Officer",
                "trm_contact_point",
                "en;sr",
                f"person{index}@example.org",
                "+000 1",
                "2026-01-01",
                "",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    payload = buffer.getvalue()

    def do_import() -> None:
        _parsed, summary = import_contacts_file(actor=secretariat, handle=io.BytesIO(payload))
        assert summary is not None, _parsed.errors[:3]

    timed(f"import of {contacts} contacts from xlsx", "parse, check every row, write", 1, do_import)
    timed(
        "export of the whole List of Contacts to xlsx",
        f"{contacts + 120} contacts, decrypting e-mail and telephone",
        3,
        lambda: write_xlsx(contacts_for_export(secretariat, ContactFilters())),
    )
    client = Client()
    client.force_login(User.objects.get(username="rs.coordinator"))
    timed(
        "directory page, first 50 of all contacts",
        "web page as a coordinator",
        20,
        lambda: client.get("/directory/"),
    )
    timed(
        "directory search by name",
        "web page as a coordinator",
        20,
        lambda: client.get("/directory/?query=Family42"),
    )

    AuditEvent.objects.bulk_create(
        AuditEvent(
            action="benchmark.event",
            actor_username="rs.coordinator",
            country_id=members[i % 11],
            interface="web",
        )
        for i in range(events)
    )
    timed(
        f"audit log page with {events} events",
        "web page as a coordinator (own country)",
        20,
        lambda: client.get("/audit/"),
    )
    timed(
        f"audit log filtered by action, {events} events",
        "web page as a coordinator",
        20,
        lambda: client.get("/audit/?action=directory."),
    )


if __name__ == "__main__":
    main()
