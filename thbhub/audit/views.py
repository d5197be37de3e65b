"""Web pages of the audit log."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from thbhub.access.permissions import Perm
from thbhub.accounts.models import User
from thbhub.audit.export import write_csv, write_xlsx
from thbhub.audit.forms import AuditFilterForm
from thbhub.audit.selectors import AuditFilters, audit_events_for_export, audit_events_visible_to
from thbhub.core.web import permission_required


def _filters(request: HttpRequest) -> tuple[AuditFilterForm, AuditFilters]:
    form = AuditFilterForm(request.GET or None)
    if form.is_valid():
        return form, AuditFilters(
            **{key: value for key, value in form.cleaned_data.items() if value}
        )
    return form, AuditFilters()


@permission_required(Perm.AUDIT_VIEW)
def event_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form, filters = _filters(request)
    page = Paginator(audit_events_visible_to(user, filters), 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/event_list.html",
        {"form": form, "page": page, "query_string": query.urlencode()},
    )


@permission_required(Perm.AUDIT_VIEW)
def event_export(request: HttpRequest, fmt: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    _form, filters = _filters(request)
    events = audit_events_for_export(user, filters, fmt=fmt)
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        body = write_xlsx(events)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, content_type = write_csv(events), "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.{fmt}"'
    return response
