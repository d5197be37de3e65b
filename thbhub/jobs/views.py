"""Web pages to follow background jobs."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thbhub.access.permissions import Perm
from thbhub.core.web import permission_required
from thbhub.jobs.selectors import access_job, jobs_visible_to


@permission_required(Perm.JOBS_VIEW)
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = jobs_visible_to(request.user)[:100]  # type: ignore[arg-type]
    return render(request, "jobs/job_list.html", {"jobs": jobs})


@permission_required(Perm.JOBS_VIEW)
def job_detail(request: HttpRequest, pk: str) -> HttpResponse:
    job = access_job(request.user, pk)  # type: ignore[arg-type]
    return render(request, "jobs/job_detail.html", {"job": job})
