"""Progress reporting from inside a running job."""

from __future__ import annotations

import time
from collections.abc import Callable

from thbhub.jobs.models import Job

# Writing progress on every row would slow large imports; once in this many
# seconds is enough for a page that refreshes every two.
MIN_INTERVAL = 0.5


class Progress:
    def __init__(self, job: Job, echo: Callable[[Job], None] | None = None) -> None:
        self.job = job
        self.echo = echo
        self._last = 0.0

    def update(self, done: int, total: int | None = None, message: str | None = None) -> None:
        self.job.done = done
        if total is not None:
            self.job.total = total
        if message is not None:
            self.job.message = message[:300]
        now = time.monotonic()
        finished = self.job.total and done >= self.job.total
        if now - self._last >= MIN_INTERVAL or finished or message is not None:
            self._last = now
            Job.objects.filter(pk=self.job.pk).update(
                done=self.job.done, total=self.job.total, message=self.job.message
            )
        if self.echo is not None:
            self.echo(self.job)
