"""How long `thbhub demo` takes, and how much of it the statistics add.

    python benchmarks/bench_demo.py

Loads the demo into a throw-away database (the real password hasher, as
`thbhub demo` uses it) and times the whole load and the statistics rounds
within it, in wall-clock and CPU time: on a shared machine the wall clock
includes waiting for a CPU. Set DATABASE_URL to measure on PostgreSQL.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("THBHUB_DATA_DIR", tempfile.mkdtemp(prefix="thbhub-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thbhub.config.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from thbhub.demo import generator  # noqa: E402
from thbhub.statistics.demo_rounds import demo_statistics  # noqa: E402
from thbhub.statistics.models import StoredObservation, SubmissionVersion  # noqa: E402


def main() -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    spent: dict[str, float] = {}

    def timed_statistics(**kwargs: object) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        demo_statistics(**kwargs)  # type: ignore[arg-type]
        spent["wall"], spent["cpu"] = time.perf_counter() - wall, time.process_time() - cpu

    generator.demo_statistics = timed_statistics  # type: ignore[assignment]
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        generator.generate_demo()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        versions = SubmissionVersion.objects.count()
        rows = StoredObservation.objects.count()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print("| measurement | wall clock | CPU time |\n|---|---|---|")
    print(f"| whole demo load | {wall:.1f} s | {cpu:.1f} s |")
    print(
        f"| of which statistics ({versions} versions, {rows:,} rows) "
        f"| {spent['wall']:.1f} s | {spent['cpu']:.1f} s |"
    )


if __name__ == "__main__":
    main()
