"""Running a job in the foreground of a command, with its progress shown.

The job is recorded like any other (owner, audit row, job page), so the
command line and the web share one code path; only the runner differs.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from thbhub.jobs.models import Job
from thbhub.jobs.services import job_run

# How often to look at a job that a `thbhub jobs worker` took over.
WAIT_SECONDS = 0.5


def job_run_in_foreground(*, job: Job, echo: Callable[[Job], None]) -> Job:
    """Run a queued job here, showing its progress, and return it finished."""
    job = job_run(job_id=job.pk, echo=echo)
    # A `thbhub jobs worker` may have claimed the job first; then it runs
    # there and this command follows it to its end.
    while not job.is_finished:
        time.sleep(WAIT_SECONDS)
        job.refresh_from_db()
        echo(job)
    return job
