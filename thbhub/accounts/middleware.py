"""Keeps a half-logged-in session (password given, second factor not yet)
away from everything but the second-factor pages."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import ngettext

from thbhub.consultations.privacy import is_respondent_path

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


SESSION_MARKER_COOKIE = "thbhub_signed_in"


class SessionExpiredMiddleware:
    """Tells a user whose session ended why they are asked to log in again.

    At login a signed marker cookie (the user name, nothing else) is set for
    the browser session; a request that carries it without a live session
    came from a session that expired.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        marker = request.get_signed_cookie(SESSION_MARKER_COOKIE, default=None)
        # A consultation respondent's page holds the invitation token in its
        # path: on a shared phone it must not be written next to a user name.
        expired = bool(
            marker
            and not is_respondent_path(request.path)
            and not request.user.is_authenticated
            and SESSION_PENDING_USER not in request.session
        )
        if expired:
            from thbhub.audit.models import Outcome  # noqa: PLC0415 — audit imports accounts
            from thbhub.audit.services import audit_record  # noqa: PLC0415

            audit_record(
                actor=None,
                actor_username=str(marker),
                action="auth.session_expired",
                outcome=Outcome.DENIED,
                detail={"path": request.path},
            )
            messages.warning(
                request,
                ngettext(
                    "Your session ended after %(minutes)d minute without activity. "
                    "Log in again to continue; nothing you saved is lost.",
                    "Your session ended after %(minutes)d minutes without activity. "
                    "Log in again to continue; nothing you saved is lost.",
                    settings.SESSION_COOKIE_AGE // 60,
                )
                % {"minutes": settings.SESSION_COOKIE_AGE // 60},
            )
        response = self.get_response(request)
        if expired:
            response.delete_cookie(SESSION_MARKER_COOKIE)
        return response
