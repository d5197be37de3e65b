"""The NRM monitoring page and its Excel export."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thbhub.access.permissions import Perm
from thbhub.accounts.models import User
from thbhub.core.web import add_service_errors, permission_required
from thbhub.nrm.exports import XLSX_CONTENT_TYPE, monitoring_export
from thbhub.nrm.forms import YearRangeForm
from thbhub.nrm.presentation import year_tables
from thbhub.nrm.selectors import MonitoringTable, check_years, nrm_monitoring


def _table(request: HttpRequest, form: YearRangeForm) -> MonitoringTable | None:
    user: User = request.user  # type: ignore[assignment]
    if not form.is_valid():
        return None
    first, last = form.years()
    try:
        return nrm_monitoring(user, years=check_years(first, last))
    except ValidationError as error:
        add_service_errors(form, error)
        return None


@permission_required(Perm.NRM_PUBLISHED)
def monitoring(request: HttpRequest) -> HttpResponse:
    form = YearRangeForm(request.GET)
    table = _table(request, form)
    return render(
        request,
        "nrm/monitoring.html",
        {
            "form": form,
            "table": table,
            "years": year_tables(table) if table is not None else [],
            "query": request.GET.urlencode(),
        },
    )


@permission_required(Perm.NRM_PUBLISHED)
def monitoring_xlsx(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = YearRangeForm(request.GET)
    table = _table(request, form)
    if table is None:
        return render(
            request,
            "nrm/monitoring.html",
            {"form": form, "table": None, "years": [], "query": ""},
            status=400,
        )
    content, filename = monitoring_export(user, table)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
