"""The API's permission gate, asking the same table as the web pages."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from thbhub.access.permissions import Perm
from thbhub.access.policies import denial_message, user_has


def HasPerm(perm: Perm) -> type[BasePermission]:  # noqa: N802 — used like a class in permission_classes
    class _HasPerm(BasePermission):
        @property
        def message(self) -> str:
            return denial_message(perm)

        def has_permission(self, request: Request, view: Any) -> bool:
            return bool(
                request.user and request.user.is_authenticated and user_has(request.user, perm)
            )

    _HasPerm.__name__ = f"HasPerm_{perm.name}"
    return _HasPerm
