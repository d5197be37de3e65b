"""Keeps a half-logged-in session (password given, second factor not yet)
away from everything but the second-factor pages."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

SESSION_PENDING_USER = "thbhub_pending_user"
ALLOWED_PREFIXES = ("/accounts/login/", "/accounts/logout/", "/static/", "/i18n/", "/health")
PASSWORD_PAGES = ("/accounts/password/", "/accounts/logout/", "/static/", "/i18n/")


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            not request.user.is_authenticated
            and SESSION_PENDING_USER in request.session
            and not request.path.startswith(ALLOWED_PREFIXES)
        ):
            return redirect("accounts:second_factor")
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """Sends a user whose password was set by someone else to choose their own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "must_change_password", False)
            and not request.path.startswith(PASSWORD_PAGES)
        ):
            return redirect("accounts:password_change")
        return self.get_response(request)
