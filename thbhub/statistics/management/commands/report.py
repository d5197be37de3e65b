"""`thbhub report build`: the regional state-of-play report as a file.

    thbhub report build --year 2024 --format pdf --out report-2024.pdf --as secretariat

The build is the same job the web page starts, run here in the foreground
with its progress shown; it reads only published figures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thbhub.access.permissions import Perm
from thbhub.core.management.cli_helpers import (
    acting_user,
    add_acting_user_argument,
    print_progress,
    require_for_command,
)
from thbhub.jobs.management.foreground import job_run_in_foreground
from thbhub.jobs.models import JobStatus
from thbhub.statistics.report.jobs import FORMATS, report_build_enqueue, report_file
from thbhub.statistics.report.sources import NoPublicationError


class Command(BaseCommand):
    help = "Build the regional state-of-play report of a year as PDF or standalone HTML."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{build}")
        build = actions.add_parser(
            "build",
            help="Build the report of a published year.",
            description="Build the report of a year from its latest publication.",
        )
        build.add_argument("--year", type=int, required=True, metavar="YYYY")
        build.add_argument("--format", dest="fmt", choices=FORMATS, default="pdf")
        build.add_argument("--out", type=Path, required=True, metavar="FILE")
        add_acting_user_argument(
            build, "The account to act as; any role that reads published data."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = acting_user(options["username"])
        require_for_command(actor, Perm.STATS_PUBLISHED, command="report build")
        out: Path = options["out"]
        year: int = options["year"]
        if not out.parent.is_dir():
            msg = f"The folder {out.parent} does not exist: create it or choose another --out."
            raise CommandError(msg)
        try:
            queued = report_build_enqueue(actor=actor, year=year, fmt=options["fmt"], start=False)
        except NoPublicationError:
            msg = (
                f"There is no publication for {year}: publish the round first: "
                f"thbhub stats publish --year {year}"
            )
            raise CommandError(msg) from None
        job = job_run_in_foreground(job=queued, echo=print_progress)
        if job.status != JobStatus.SUCCEEDED:
            raise CommandError(f"{job.message} (job {job.pk})")
        try:
            out.write_bytes(report_file(job).read_bytes())
        except OSError as error:
            msg = f"Cannot write {out}: {error.strerror}. Choose another --out."
            raise CommandError(msg) from None
        self.stdout.write(
            f"Wrote the {year} report (edition {job.result.get('edition')}) to {out}."
        )
