"""`thbhub jobs`: run waiting background jobs, or list your own.

thbhub jobs worker [--once] [--poll SECONDS]
thbhub jobs list --as rs.coordinator
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections
from django.utils import timezone

from thbhub.access.permissions import Perm
from thbhub.core.management.cli_helpers import (
    acting_user,
    add_acting_user_argument,
    require_for_command,
)
from thbhub.jobs.selectors import jobs_visible_to
from thbhub.jobs.services import jobs_run_queued

LIST_LIMIT = 50


class Command(BaseCommand):
    help = "Run waiting background jobs (worker), or list the jobs an account started."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{worker,list}")
        worker = actions.add_parser(
            "worker",
            help="Run waiting jobs one after another (for THBHUB_JOBS_MODE=worker).",
            description=(
                "Run waiting jobs one after another, each with the permissions of the account "
                "that started it. Without --once it keeps waiting for new jobs until stopped "
                "(Ctrl+C, or SIGTERM from a service manager), finishing the job at hand first."
            ),
        )
        worker.add_argument(
            "--once", action="store_true", help="Run the jobs waiting now, then stop."
        )
        worker.add_argument(
            "--poll",
            type=float,
            default=2.0,
            metavar="SECONDS",
            help="How long to wait between looks for new jobs (default 2).",
        )
        listing = actions.add_parser("list", help="List the jobs the account started.")
        add_acting_user_argument(listing, "The account whose jobs to list.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "worker":
            self._worker(once=options["once"], poll=options["poll"])
        else:
            self._list(options["username"])

    def _worker(self, *, once: bool, poll: float) -> None:
        if poll <= 0:
            msg = f"--poll {poll}: give a number of seconds greater than 0, for example 2."
            raise CommandError(msg)
        stop = threading.Event()
        restore = _stop_on_sigterm(stop)
        total = 0
        try:
            while not stop.is_set():
                # One job at a time, so that a stop request is honoured
                # between jobs and never in the middle of one.
                ran = jobs_run_queued(limit=1)
                total += ran
                if ran:
                    continue
                if once:
                    break
                # A long-lived process must not keep a connection the
                # database server has meanwhile closed.
                close_old_connections()
                stop.wait(poll)
        except KeyboardInterrupt:
            self.stderr.write("Stopped.")
        finally:
            restore()
        self.stdout.write(f"Ran {total} job(s).")

    def _list(self, username: str | None) -> None:
        actor = acting_user(username)
        require_for_command(actor, Perm.JOBS_VIEW, command="jobs list")
        jobs = list(jobs_visible_to(actor)[:LIST_LIMIT])
        if not jobs:
            self.stdout.write("No jobs yet.")
            return
        for job in jobs:
            started = f"{timezone.localtime(job.created_at):%Y-%m-%d %H:%M}"
            self.stdout.write(
                f"{job.pk}  {started}  {job.status:<9}  {job.percent:3d}%  {job.kind:<18}  "
                f"{job.title}"
            )


def _stop_on_sigterm(stop: threading.Event) -> Callable[[], None]:
    """Turn SIGTERM into a request to stop after the current job; return the
    function that puts the previous handling back.

    Signal handlers can be set only in the main thread; elsewhere (a test
    runner's thread) the default handling stays.
    """
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def handler(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = signal.signal(signal.SIGTERM, handler)

    def restore() -> None:
        signal.signal(signal.SIGTERM, previous)

    return restore
