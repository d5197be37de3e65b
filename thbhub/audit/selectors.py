"""Reading the audit log, scoped to the user's reach."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import QuerySet

from thbhub.access.permissions import Perm
from thbhub.access.policies import ModelPolicy
from thbhub.audit.models import AuditEvent
from thbhub.audit.services import audit_record

if TYPE_CHECKING:
    from thbhub.accounts.models import User

AUDIT_POLICY = ModelPolicy(AuditEvent, country_field="country")


@dataclass(frozen=True)
class AuditFilters:
    username: str = ""
    action: str = ""
    outcome: str = ""
    country: str = ""
    interface: str = ""
    since: datetime.date | None = None
    until: datetime.date | None = None


def audit_events_visible_to(
    user: User, filters: AuditFilters | None = None
) -> QuerySet[AuditEvent]:
    filters = filters or AuditFilters()
    queryset = AUDIT_POLICY.queryset_for(user, Perm.AUDIT_VIEW).select_related("country")
    if filters.username:
        queryset = queryset.filter(actor_username__icontains=filters.username)
    if filters.action:
        queryset = queryset.filter(action__startswith=filters.action)
    if filters.outcome:
        queryset = queryset.filter(outcome=filters.outcome)
    if filters.country:
        queryset = queryset.filter(country_id=filters.country.upper())
    if filters.interface:
        queryset = queryset.filter(interface=filters.interface)
    if filters.since:
        queryset = queryset.filter(at__date__gte=filters.since)
    if filters.until:
        queryset = queryset.filter(at__date__lte=filters.until)
    return queryset


# The most rows one export holds; a larger extract is the operator's job.
EXPORT_LIMIT = 100_000


def audit_events_for_export(
    user: User, filters: AuditFilters, *, fmt: str, limit: int = EXPORT_LIMIT
) -> list[AuditEvent]:
    """The events an export will contain; the export itself is audited in
    the same transaction, as the web export does."""
    with transaction.atomic():
        events = list(audit_events_visible_to(user, filters)[:limit])
        audit_record(
            actor=user,
            action="audit.export",
            detail={
                "count": len(events),
                "format": fmt,
                **{
                    key: value.isoformat()
                    for key, value in (("since", filters.since), ("until", filters.until))
                    if value is not None
                },
            },
        )
    return events
