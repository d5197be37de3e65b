"""Running a job in the foreground of a command, with its progress shown.

The job is recorded like any other (owner, audit row, job page), so the
command line and the web share one code path; only the runner differs.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from django.conf import settings

from thbhub.jobs.models import Job
from thbhub.jobs.services import job_enqueue, job_run

if TYPE_CHECKING:
    from thbhub.accounts.models import User

# How often to look at a job that a `thbhub jobs worker` took over.
WAIT_SECONDS = 0.5


@contextlib.contextmanager
def _queue_only() -> Iterator[None]:
    """Let ``job_enqueue`` record the job without starting it.

    In "inline" mode the job would run when the enqueueing transaction
    commits, with no way to pass the progress printer; in "thread" mode it
    would run where the terminal cannot follow it.
    """
    previous = settings.JOBS_MODE
    settings.JOBS_MODE = "worker"
    try:
        yield
    finally:
        settings.JOBS_MODE = previous


def job_run_in_foreground(
    *,
    actor: User,
    kind: str,
    title: str,
    params: dict[str, Any],
    echo: Callable[[Job], None],
) -> Job:
    """Record a job, run it here, and return it finished."""
    with _queue_only():
        queued = job_enqueue(actor=actor, kind=kind, title=title, params=params)
    job = job_run(job_id=queued.pk, echo=echo)
    # A `thbhub jobs worker` may have claimed the job between the two calls;
    # then it runs there and this command follows it to its end.
    while not job.is_finished:
        time.sleep(WAIT_SECONDS)
        job.refresh_from_db()
        echo(job)
    return job
