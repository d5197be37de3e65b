"""Marks every request with its interface and client address for the audit log."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from thbhub.consultations.privacy import is_respondent_path
from thbhub.core.audit_context import Interface, origin


def client_address(request: HttpRequest) -> str | None:
    """The client's address. Behind a web server, `thbhub serve` has already
    replaced REMOTE_ADDR with the address that server vouches for."""
    return request.META.get("REMOTE_ADDR") or None


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        interface = Interface.API if request.path.startswith("/api/") else Interface.WEB
        # Respondents of a consultation must not be traceable: their address
        # never enters the audit context, so nothing can record it.
        address = None if is_respondent_path(request.path) else client_address(request)
        with origin(interface, address):
            return self.get_response(request)
