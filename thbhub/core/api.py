"""What every API view shares: errors as clear JSON, and rejected input
recorded in the audit log."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from thbhub.access.policies import PermissionDenied
from thbhub.audit.models import Outcome
from thbhub.audit.services import audit_record


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, PermissionDenied):
        response = Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)
        _record(context, "access.refused", Outcome.DENIED, {"permission": str(exc.perm)})
        return response
    if isinstance(exc, DjangoValidationError):
        body = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        _record(context, "api.rejected", Outcome.FAILED, {"fields": sorted(body)})
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, ValidationError):
        fields = sorted(exc.detail) if isinstance(exc.detail, dict) else []
        _record(context, "api.rejected", Outcome.FAILED, {"fields": fields})
    return drf_exception_handler(exc, context)


def _record(context: dict[str, Any], action: str, outcome: str, detail: dict[str, Any]) -> None:
    """Field names and the path only: the rejected values may be personal data."""
    request = context.get("request")
    user = getattr(request, "user", None)
    audit_record(
        actor=user if user is not None and user.is_authenticated else None,
        action=action,
        outcome=outcome,
        detail={
            **detail,
            "path": getattr(request, "path", ""),
            "method": getattr(request, "method", ""),
        },
    )
