"""The kinds of background job and the function that runs each.

Listed here, by dotted path, so that a newcomer sees every kind of long
work in one place and nothing registers itself at import time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from thbhub.jobs.models import Job
    from thbhub.jobs.progress import Progress

JobFunction = Callable[["Job", "Progress"], dict[str, Any]]

JOB_KINDS: dict[str, str] = {
    "directory.import": "thbhub.directory.jobs.run_directory_import",
    "statistics.report_build": "thbhub.statistics.report.jobs.run_report_build",
    "linkage_runs.run": "thbhub.linkage_runs.jobs.run_linkage",
}


def job_function(kind: str) -> JobFunction:
    try:
        path = JOB_KINDS[kind]
    except KeyError:
        msg = f"Unknown job kind {kind!r}; known kinds: {', '.join(sorted(JOB_KINDS))}."
        raise ValueError(msg) from None
    function: JobFunction = import_string(path)
    return function
