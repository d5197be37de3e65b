"""Building the report file as a background job (web) or in the foreground (CLI)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from thbhub.access.permissions import Perm
from thbhub.access.policies import require
from thbhub.audit.services import audit_record
from thbhub.jobs.models import Job, JobStatus
from thbhub.jobs.services import JobError, job_enqueue
from thbhub.statistics.report.content import report_content
from thbhub.statistics.report.sources import NoPublicationError, latest_publication

if TYPE_CHECKING:
    from thbhub.accounts.models import User
    from thbhub.jobs.progress import Progress

KIND = "statistics.report_build"
FORMATS = ("pdf", "html")
CONTENT_TYPES = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}


def report_build_enqueue(*, actor: User, year: int, fmt: str = "pdf", start: bool = True) -> Job:
    """Queue the build of the report of ``year``; refuses a year without publication.

    Raises NoPublicationError before anything is queued, so the user learns
    at once that the round must be published first.
    """
    require(actor, Perm.STATS_PUBLISHED)
    if fmt not in FORMATS:
        msg = _("Unknown format %(format)s: use pdf or html.") % {"format": fmt}
        raise ValueError(msg)
    latest_publication(actor, year)
    output = Path("reports") / f"{uuid.uuid4()}.{fmt}"
    return job_enqueue(
        actor=actor,
        kind=KIND,
        title=_("Regional report %(year)d (%(format)s)") % {"year": year, "format": fmt.upper()},
        params={"year": year, "format": fmt, "output": output.as_posix()},
        start=start,
    )


def run_report_build(job: Job, progress: Progress) -> dict[str, Any]:
    from thbhub.statistics.report.html import standalone_html  # noqa: PLC0415 — templates load late
    from thbhub.statistics.report.pdf import build_pdf  # noqa: PLC0415 — reportlab loads late

    year = int(job.params["year"])
    fmt = job.params.get("format", "pdf")
    progress.update(0, None, _("Reading the publication"))
    try:
        content = report_content(job.owner, year)
    except NoPublicationError as error:
        raise JobError(str(error)) from None
    if fmt == "pdf":
        body = build_pdf(content, progress=progress.update)
    else:
        body = standalone_html(content).encode("utf-8")
        progress.update(1, 1, _("HTML written"))
    target = Path(settings.MEDIA_ROOT) / job.params["output"]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(body)
    audit_record(
        actor=job.owner,
        action="statistics.report.build",
        obj=job,
        detail={"year": year, "format": fmt, "edition": content.edition},
    )
    return {"year": year, "edition": content.edition, "size_kb": max(1, len(body) // 1024)}


def report_build_of(actor: User, job_id: object) -> Job:
    """A report build the actor started; anyone else's looks missing (404)."""
    require(actor, Perm.STATS_PUBLISHED)
    try:
        return Job.objects.get(pk=str(job_id), owner=actor, kind=KIND)
    except (Job.DoesNotExist, ValidationError, ValueError):
        # A malformed id is as missing as another user's job.
        raise Http404 from None


def report_file(job: Job) -> Path:
    """The finished file of a build; 404 while it is not (yet) there."""
    if job.status != JobStatus.SUCCEEDED:
        raise Http404
    path = Path(settings.MEDIA_ROOT) / str(job.params["output"])
    if not path.is_file():
        raise Http404
    return path
