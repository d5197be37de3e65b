"""Web pages of published data, publishing a round and export downloads."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from thbhub.access.permissions import Perm
from thbhub.accounts.models import User
from thbhub.core.web import permission_required
from thbhub.statistics.exports.rendering import FORMATS, RenderedExport, statistics_export
from thbhub.statistics.published_selectors import publications_visible_to
from thbhub.statistics.publishing import publication_plan, round_publish
from thbhub.statistics.selectors import access_round


def _download(rendered: RenderedExport) -> HttpResponse:
    response = HttpResponse(rendered.content, content_type=rendered.media_type)
    response["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
    return response


def _threshold(raw: str | None) -> int | None:
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        return -1  # refused by the service with a message saying what to give


@permission_required(Perm.STATS_PUBLISHED)
def published_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    publications = list(publications_visible_to(user))
    latest_years: set[int] = set()
    rows = []
    for publication in publications:
        latest = publication.round.year not in latest_years
        latest_years.add(publication.round.year)
        rows.append({"publication": publication, "latest": latest})
    return render(
        request,
        "statistics/published_list.html",
        {"rows": rows, "formats": list(FORMATS)},
    )


@permission_required(Perm.STATS_PUBLISHED)
def published_download(request: HttpRequest, year: int, export_format: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if export_format not in FORMATS:
        raise Http404
    return _download(
        statistics_export(actor=user, year=year, export_format=export_format, published=True)
    )


@permission_required(Perm.STATS_VIEW)
def round_export(request: HttpRequest, year: int, export_format: str) -> HttpResponse:
    """The round's accepted, unpublished data within the user's reach."""
    user: User = request.user  # type: ignore[assignment]
    if export_format not in FORMATS:
        raise Http404
    return _download(
        statistics_export(actor=user, year=year, export_format=export_format, published=False)
    )


@permission_required(Perm.STATS_MANAGE)
def round_publish_page(request: HttpRequest, year: int) -> HttpResponse:
    """GET: what publishing would do. POST: publish it."""
    user: User = request.user  # type: ignore[assignment]
    shown = access_round(user, year, perm=Perm.STATS_MANAGE)
    threshold = _threshold(request.POST.get("threshold") or request.GET.get("threshold"))
    if request.method == "POST":
        try:
            publication = round_publish(
                actor=user, round=shown, threshold=threshold, note=request.POST.get("note", "")
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("statistics:round_publish", year=year)
        messages.success(
            request,
            _("Edition %(number)d of %(year)d is published.")
            % {"number": publication.number, "year": year},
        )
        return redirect("statistics:published")
    try:
        plan = publication_plan(actor=user, round=shown, threshold=threshold)
        refusal = ""
    except ValidationError as error:
        plan = None
        refusal = " ".join(error.messages)
    return render(
        request,
        "statistics/round_publish.html",
        {"round": shown, "plan": plan, "refusal": refusal},
    )
