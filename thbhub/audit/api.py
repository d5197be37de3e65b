"""REST API of the audit log (read only: the log has no write path)."""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from thbhub.access.permissions import Perm
from thbhub.audit.models import AuditEvent, Outcome
from thbhub.audit.selectors import AuditFilters, audit_events_visible_to
from thbhub.core.api_access import HasPerm
from thbhub.core.audit_context import Interface


class AuditEventOut(serializers.ModelSerializer[AuditEvent]):
    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "at",
            "actor_username",
            "actor_role",
            "country",
            "action",
            "outcome",
            "object_type",
            "object_id",
            "interface",
            "address",
            "detail",
        ]


class AuditFilterIn(serializers.Serializer[Any]):
    username = serializers.CharField(required=False)
    action = serializers.CharField(required=False, help_text="Prefix, e.g. 'directory.'")
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False)
    country = serializers.CharField(max_length=2, required=False)
    interface = serializers.ChoiceField(choices=Interface.choices, required=False)
    since = serializers.DateField(required=False)
    until = serializers.DateField(required=False)


class AuditEventList(ListAPIView[AuditEvent]):
    """Audit events within your reach, newest first."""

    serializer_class = AuditEventOut
    permission_classes = [HasPerm(Perm.AUDIT_VIEW)]

    @extend_schema(parameters=[AuditFilterIn])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self):  # type: ignore[no-untyped-def]
        params = AuditFilterIn(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        filters = AuditFilters(
            **{key: value for key, value in params.validated_data.items() if value}
        )
        return audit_events_visible_to(self.request.user, filters)  # type: ignore[arg-type]


urlpatterns = [path("audit-events/", AuditEventList.as_view(), name="audit-events")]
