"""The dashboards: published figures as interactive charts with filters.

The page works without JavaScript (the filters are a GET form and the
server draws the charts); with it, statistics/dashboard.js redraws the
charts from the JSON embedded in the page as the filters change.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thbhub.access.permissions import Perm
from thbhub.accounts.models import User
from thbhub.core.web import permission_required
from thbhub.statistics.report.dashboard import (
    dashboard_charts,
    dashboard_data,
    own_country_available,
    parse_filters,
)
from thbhub.statistics.report.html import rendered


@permission_required(Perm.STATS_PUBLISHED)
def dashboard(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    own = request.GET.get("own") == "1"
    data = dashboard_data(user, own=own)
    filters = parse_filters(request.GET, data)
    charts = [rendered(chart) for chart in dashboard_charts(data, filters)] if data["years"] else []
    return render(
        request,
        "statistics/dashboard.html",
        {
            "data": data,
            "filters": filters,
            "charts": charts,
            "can_see_own": own_country_available(user),
        },
    )
