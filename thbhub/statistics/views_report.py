"""Web pages of the regional state-of-play report."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from thbhub.access.permissions import Perm
from thbhub.accounts.models import User
from thbhub.core.web import permission_required
from thbhub.statistics.report.content import report_content
from thbhub.statistics.report.html import report_context, standalone_html
from thbhub.statistics.report.jobs import (
    CONTENT_TYPES,
    report_build_enqueue,
    report_build_of,
    report_file,
)
from thbhub.statistics.report.sources import NoPublicationError, published_years


@permission_required(Perm.STATS_PUBLISHED)
def report_index(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    return render(request, "statistics/report/index.html", {"years": published_years(user)})


def _content_or_404(user: User, year: int):  # type: ignore[no-untyped-def]
    try:
        return report_content(user, year)
    except NoPublicationError as missing:
        raise Http404(str(missing)) from None


@permission_required(Perm.STATS_PUBLISHED)
def report_page(request: HttpRequest, year: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    content = _content_or_404(user, year)
    return render(request, "statistics/report/page.html", report_context(content))


@permission_required(Perm.STATS_PUBLISHED)
def report_html_file(request: HttpRequest, year: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    content = _content_or_404(user, year)
    response = HttpResponse(standalone_html(content), content_type=CONTENT_TYPES["html"])
    response["Content-Disposition"] = f'attachment; filename="natc-see-report-{year}.html"'
    return response


@require_POST
@permission_required(Perm.STATS_PUBLISHED)
def report_build(request: HttpRequest, year: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    try:
        job = report_build_enqueue(actor=user, year=year, fmt="pdf")
    except NoPublicationError as missing:
        raise Http404(str(missing)) from None
    return redirect("statistics:report_build_status", pk=job.pk)


@permission_required(Perm.STATS_PUBLISHED)
def report_build_status(request: HttpRequest, pk: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    job = report_build_of(user, pk)
    if job.status == "failed":
        messages.error(request, job.message)
    return render(request, "statistics/report/build.html", {"job": job})


@permission_required(Perm.STATS_PUBLISHED)
def report_build_download(request: HttpRequest, pk: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    job = report_build_of(user, pk)
    fmt = job.params.get("format", "pdf")
    # A report is a few hundred kilobytes: read whole, no file handle left open.
    response = HttpResponse(report_file(job).read_bytes(), content_type=CONTENT_TYPES[fmt])
    name = f"natc-see-report-{job.params['year']}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
