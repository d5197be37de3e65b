"""REST API of the audit log (read only: the log has no write path)."""

from __future__ import annotations

from django.urls import path
from rest_framework import serializers
from rest_framework.generics import ListAPIView

from thbhub.access.permissions import Perm
from thbhub.audit.models import AuditEvent
from thbhub.audit.selectors import AuditFilters, audit_events_visible_to
from thbhub.core.api_access import HasPerm


class AuditEventOut(serializers.ModelSerializer[AuditEvent]):
    class Meta:
        model = AuditEvent
        fields = [
            "id", "at", "actor_username", "actor_role", "country", "action", "outcome",
            "object_type", "object_id", "interface", "address", "detail",
        ]


class AuditEventList(ListAPIView[AuditEvent]):
    """Audit events within your reach, newest first. Filters: `username`,
    `action` (prefix), `outcome`, `country`, `interface`."""

    serializer_class = AuditEventOut
    permission_classes = [HasPerm(Perm.AUDIT_VIEW)]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        params = self.request.query_params
        filters = AuditFilters(
            **{key: params[key] for key in ("username", "action", "outcome", "country", "interface") if params.get(key)}
        )
        return audit_events_visible_to(self.request.user, filters)  # type: ignore[arg-type]


urlpatterns = [path("audit-events/", AuditEventList.as_view(), name="audit-events")]
