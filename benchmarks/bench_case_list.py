"""The case list and search with 100,000 cases, on a throw-away database.

    python benchmarks/bench_case_list.py [--cases 100000] [--runs 20]

Set DATABASE_URL to measure on PostgreSQL. The cases are written with
bulk inserts (the services would take an hour for 100,000), all in the
agency of one case worker, whose pages are measured:
the worst case, since every page then filters one agency of 100,000 cases.
A third are children with a guardian task; one in fifty is closed. Each
page's median and its number of SQL queries are printed as a Markdown
table; copy them into benchmarks/RESULTS.md with the machine.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
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
from django.test import Client, override_settings  # noqa: E402

ROWS: list[tuple[str, str, str, int, str]] = []
GOAL_MS = 100.0
BATCH = 5000
FAMILY = ["Jovanović", "Petrović", "Nikolić", "Marković", "Đorđević", "Stojanović", "Ilić"]
GIVEN = ["Ana", "Milica", "Jelena", "Marija", "Ivana", "Teodora", "Sara", "Mila", "Nina"]


def measure(client: Client, label: str, url: str, runs: int, what: str) -> None:
    response = client.get(url)  # warm the caches once
    assert response.status_code == 200, (url, response.status_code)
    executed: list[tuple[float, str]] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            executed.append((time.perf_counter() - start, sql))

    with connection.execute_wrapper(count):
        client.get(url)
    samples = []
    cpu = []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        samples.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    median = statistics.median(samples) * 1000
    median_cpu = statistics.median(cpu) * 1000
    ROWS.append((label, f"{median:.1f} ms", f"{median_cpu:.1f} ms", len(executed), what))
    flag = "" if median < GOAL_MS else "  <-- over the goal"
    in_database = sum(seconds for seconds, _sql in executed) * 1000
    print(
        f"{label}: {median:.1f} ms ({median_cpu:.1f} ms CPU), {len(executed)} queries "
        f"taking {in_database:.1f} ms{flag}",
        flush=True,
    )
    if flag:
        seconds, sql = max(executed)
        print(f"  slowest query, {seconds * 1000:.1f} ms: {sql[:160]}", flush=True)


def populate(count: int) -> None:
    from thbhub.accounts.models import User
    from thbhub.cases.models import Case, CaseIdentifiers, CaseNameToken, CaseTask
    from thbhub.cases.search import name_tokens

    worker = User.objects.get(username="rs.caseworker")
    agency = worker.agency
    assert agency is not None
    rng = random.Random(2026)
    today = datetime.date(2026, 11, 1)
    tokens = {
        (given, family): sorted(name_tokens(given, family)) for given in GIVEN for family in FAMILY
    }
    started = time.perf_counter()
    for first in range(0, count, BATCH):
        cases = []
        people = []
        for index in range(first, min(first + BATCH, count)):
            age = rng.choice([None, 14, 16, 17, 19, 23, 28, 35, 41])
            contact = today - datetime.timedelta(days=rng.randint(0, 2000))
            cases.append(
                Case(
                    number=f"RS-{2015 + index % 10}-{500000 + index // 10:06d}",
                    country_id="RS",
                    agency=agency,
                    created_by=worker,
                    first_contact_on=contact,
                    status=rng.choice(["PRESUMED", "IDENTIFIED", "IDENTIFIED", "NOT_VICTIM"]),
                    sex=rng.choice(["F", "F", "M", "UNK"]),
                    age_at_identification=age,
                    age_uncertain=age is None,
                    presumed_child=age is None or age < 18,
                    citizenship=rng.choice(["RS", "AL", "MD", "UA", "BA"]),
                    languages=["sr"],
                    exploitation=rng.sample(["SEXUAL", "LABOUR", "BEGGING", "OTHER"], k=1),
                    closed_on=contact if index % 50 == 0 else None,
                    closure_reason="assistance_completed" if index % 50 == 0 else "",
                )
            )
            people.append((rng.choice(GIVEN), rng.choice(FAMILY)))
        created = Case.objects.bulk_create(cases)
        if connection.vendor == "sqlite":  # no RETURNING of ids for bulk inserts before 3.35
            numbers = [case.number for case in cases]
            ids = dict(Case.objects.filter(number__in=numbers).values_list("number", "pk"))
            for case in created:
                case.pk = ids[case.number]
        CaseIdentifiers.objects.bulk_create(
            CaseIdentifiers(case=case, given_names=given, family_names=family)
            for case, (given, family) in zip(created, people, strict=True)
        )
        CaseNameToken.objects.bulk_create(
            CaseNameToken(case=case, token=token)
            for case, person in zip(created, people, strict=True)
            for token in tokens[person]
        )
        CaseTask.objects.bulk_create(
            CaseTask(
                case=case,
                agency=agency,
                case_open=case.closed_on is None,
                kind="guardian",
                due_on=case.first_contact_on + datetime.timedelta(days=3),
                alert_on=case.first_contact_on,
            )
            for case in created
            if case.presumed_child
        )
        print(f"  {first + len(cases)} cases ({time.perf_counter() - started:.0f} s)", flush=True)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
        else:
            # A running server's autovacuum keeps the visibility map current;
            # without it, right after bulk inserts, every index-only count
            # would read the table too.
            cursor.execute("VACUUM ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    # No setup_test_environment(): it makes every template render send a
    # signal whose receiver in the test client copies the context, a cost of
    # about a third of a page that a running server never pays.
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        with override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            ALLOWED_HOSTS=["testserver"],
        ):
            run(args.cases, args.runs)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(f"\n{connection.vendor}, {args.cases} cases, median of {args.runs} requests")
    print("\n| page | median | CPU | queries | what |\n|---|---|---|---|---|")
    for label, value, cpu, queries, what in ROWS:
        print(f"| {label} | {value} | {cpu} | {queries} | {what} |")


def minimal_data() -> None:
    """The countries, one agency and its case worker: the demo data set would
    take minutes to build and adds nothing the case pages read."""
    from thbhub.access.roles import Role
    from thbhub.accounts.models import User
    from thbhub.directory.models import Institution, InstitutionType
    from thbhub.reference import loading
    from thbhub.reference.models import Country

    loading.load_countries(Country)
    agency = Institution.objects.create(
        country_id="RS", name="Benchmark social services", kind=InstitutionType.SOCIAL_SERVICES
    )
    User.objects.create(
        username="rs.caseworker", role=Role.CASE_WORKER, country_id="RS", agency=agency
    )


def run(count: int, runs: int) -> None:
    from thbhub.accounts.models import User

    minimal_data()
    populate(count)
    client = Client()
    client.force_login(User.objects.get(username="rs.caseworker"))
    pages = [
        ("case list, first page", "/cases/", "open cases, newest first"),
        (
            "case list, page 40",
            "/cases/?page=40",
            "the last page the list reaches (the newest 1,000 cases)",
        ),
        ("case list, all cases", "/cases/?state=all", "open and closed"),
        (
            "case list, filtered",
            "/cases/?status=IDENTIFIED&child=yes&exploitation=LABOUR",
            "status, children, one form of exploitation",
        ),
        ("search by case number", "/cases/?query=RS-2019-504321", "one exact number"),
        ("search by part of a number", "/cases/?query=504321", "digits only"),
        ("search by name", "/cases/?query=Jelena+Ilić", "two name parts, blind index"),
        ("search by a common name part", "/cases/?query=Jovanović", "one name part"),
        ("what is due", "/cases/due/", "tasks due, overdue first"),
    ]
    for label, url, what in pages:
        measure(client, label, url, runs, what)


if __name__ == "__main__":
    main()
