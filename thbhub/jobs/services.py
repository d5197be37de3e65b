"""Starting and running background jobs."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from thbhub.audit.models import Outcome
from thbhub.audit.services import audit_record
from thbhub.core.audit_context import Interface, origin
from thbhub.jobs.models import Job, JobStatus
from thbhub.jobs.progress import Progress
from thbhub.jobs.registry import job_function

if TYPE_CHECKING:
    from thbhub.accounts.models import User

logger = logging.getLogger(__name__)


class JobError(Exception):
    """A job's input is wrong; the message is shown to the user as it is."""

    def __init__(self, message: str, *, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or []


def job_enqueue(
    *,
    actor: User,
    kind: str,
    title: str,
    params: dict[str, Any],
    country_id: str | None = None,
    start: bool = True,
) -> Job:
    """Record a job and start it once the surrounding transaction commits.

    With ``start=False`` the job only waits in the queue, for a caller that
    runs it itself (a command showing progress) or for `thbhub jobs worker`.
    """
    job_function(kind)  # fail now, not in the background, on an unknown kind
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            title=title,
            owner=actor,
            country_id=country_id or actor.country_id,
            # Messages the job writes are in the language of whoever started it.
            params={**params, "language": translation.get_language() or settings.LANGUAGE_CODE},
        )
        audit_record(actor=actor, action="job.start", obj=job, detail={"kind": kind})
        mode = settings.JOBS_MODE if start else "worker"
        if mode == "thread":
            transaction.on_commit(lambda: _start_thread(job.pk))
        elif mode == "inline":
            transaction.on_commit(lambda: job_run(job_id=job.pk))
    return job


def _start_thread(job_id: uuid.UUID) -> None:
    def target() -> None:
        try:
            job_run(job_id=job_id)
        finally:
            close_old_connections()

    threading.Thread(target=target, name=f"job-{job_id}", daemon=True).start()


def job_run(*, job_id: uuid.UUID | str, echo: Callable[[Job], None] | None = None) -> Job:
    """Run a queued job to its end and record how it ended."""
    with transaction.atomic():
        claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
            status=JobStatus.RUNNING, started_at=timezone.now()
        )
    job = Job.objects.select_related("owner").get(pk=job_id)
    if not claimed:
        return job
    function = job_function(job.kind)
    language = job.params.get("language") or settings.LANGUAGE_CODE
    with origin(Interface.JOB), translation.override(language):
        try:
            result = function(job, Progress(job, echo))
        except JobError as error:
            job.status = JobStatus.FAILED
            job.message = str(error)[:300]
            job.result = {"errors": error.errors, "message": str(error)}
            audit_record(
                actor=job.owner,
                action=f"{job.kind}.run",
                outcome=Outcome.FAILED,
                obj=job,
                detail={"errors": len(error.errors)},
            )
        except Exception:
            logger.exception("Job %s (%s) failed", job.pk, job.kind)
            job.status = JobStatus.FAILED
            job.message = _(
                "The job stopped on an unexpected error; the operator has the details in the log."
            )
            job.result = {"errors": [], "message": job.message}
            audit_record(actor=job.owner, action=f"{job.kind}.run", outcome=Outcome.FAILED, obj=job)
        else:
            job.status = JobStatus.SUCCEEDED
            job.result = result
            job.done = job.total or job.done
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "message", "result", "done", "finished_at"])
    if echo is not None:
        echo(job)
    return job


def jobs_fail_abandoned() -> int:
    """Mark failed the jobs left running by a process that has stopped.

    Called when the only process that runs jobs starts, so any job still
    "running" belonged to its predecessor and will never finish.
    """
    return Job.objects.filter(status=JobStatus.RUNNING).update(
        status=JobStatus.FAILED,
        finished_at=timezone.now(),
        message=_("THB Hub stopped while this job ran; start it again."),
    )


def jobs_run_queued(*, limit: int | None = None) -> int:
    """Run waiting jobs one after another (the `thbhub jobs worker` loop)."""
    count = 0
    while limit is None or count < limit:
        job = Job.objects.filter(status=JobStatus.QUEUED).order_by("created_at").first()
        if job is None:
            break
        job_run(job_id=job.pk)
        count += 1
    return count
