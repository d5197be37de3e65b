"""Logging in and out, second factors, the account page and API keys."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from thbhub.accounts.forms import CodeForm, LoginForm, TokenForm
from thbhub.accounts.middleware import SESSION_MARKER_COOKIE, SESSION_PENDING_USER
from thbhub.accounts.models import ApiToken, User
from thbhub.accounts.services import (
    CodeResult,
    LoginResult,
    api_token_create,
    api_token_revoke,
    login_check_password,
    login_succeeded,
    logout_record,
    totp_provisioning_uri,
    totp_start_enrolment,
    totp_verify,
)

SESSION_NEXT = "thbhub_next"


def _safe_next(request: HttpRequest, target: str | None) -> str:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = login_check_password(
            username=form.cleaned_data["username"], password=form.cleaned_data["password"]
        )
        if outcome.result == LoginResult.LOCKED:
            form.add_error(None, _locked_message())
        elif outcome.result == LoginResult.INVALID:
            form.add_error(
                None,
                _("The user name or password is wrong. Check both; letters are case-sensitive."),
            )
        elif outcome.user is not None:
            request.session.cycle_key()
            request.session[SESSION_NEXT] = _safe_next(request, request.GET.get("next"))
            if outcome.result == LoginResult.OK:
                return _finish_login(request, outcome.user, second_factor=False, record=False)
            request.session[SESSION_PENDING_USER] = outcome.user.pk
            if outcome.result == LoginResult.NEEDS_ENROLMENT:
                return redirect("accounts:enrol")
            return redirect("accounts:second_factor")
    return render(request, "accounts/login.html", {"form": form})


def _locked_message() -> str:
    minutes = max(1, settings.LOGIN_LOCKOUT_SECONDS // 60)
    return ngettext(
        "Too many failed attempts. Logging in is paused for this account for "
        "%(minutes)d minute; if you forgot your password, ask your coordinator "
        "or the secretariat.",
        "Too many failed attempts. Logging in is paused for this account for "
        "%(minutes)d minutes; if you forgot your password, ask your coordinator "
        "or the secretariat.",
        minutes,
    ) % {"minutes": minutes}


def _pending_user(request: HttpRequest) -> User | None:
    pk = request.session.get(SESSION_PENDING_USER)
    return User.objects.filter(pk=pk, is_active=True).first() if pk else None


def _finish_login(
    request: HttpRequest, user: User, *, second_factor: bool, record: bool = True
) -> HttpResponse:
    target = request.session.pop(SESSION_NEXT, "/")
    request.session.pop(SESSION_PENDING_USER, None)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    if record:
        login_succeeded(user=user, second_factor=second_factor)
    response = redirect(target)
    response.set_signed_cookie(
        SESSION_MARKER_COOKIE,
        user.get_username(),
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    if user.preferred_language:
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.preferred_language, samesite="Lax")
    return response


def second_factor_view(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = totp_verify(user=user, code=form.cleaned_data["code"])
        if result == CodeResult.OK:
            return _finish_login(request, user, second_factor=True)
        if result == CodeResult.LOCKED:
            form.add_error(None, _locked_message())
        else:
            form.add_error(
                "code",
                _(
                    "That code is not valid. Enter the code your app shows now; each code "
                    "works once. Check that your phone's clock is set automatically."
                ),
            )
    return render(request, "accounts/second_factor.html", {"form": form})


def enrol_view(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        return redirect("accounts:login")
    device = totp_start_enrolment(user=user)
    if device.confirmed_at is not None:
        return redirect("accounts:second_factor")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = totp_verify(user=user, code=form.cleaned_data["code"])
        if result == CodeResult.OK:
            messages.success(request, _("Your authenticator app is set up."))
            return _finish_login(request, user, second_factor=True)
        if result == CodeResult.LOCKED:
            form.add_error(None, _locked_message())
        else:
            form.add_error("code", _("That code is not valid. Scan the code again and retry."))
    uri = totp_provisioning_uri(device)
    buffer = io.BytesIO()
    qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage).save(buffer)
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "secret": device.secret,
            # Generated here from our own data, not user input.
            "qr_svg": mark_safe(buffer.getvalue().decode()),  # noqa: S308
        },
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        logout_record(user=request.user)
    logout(request)
    messages.info(request, _("You are logged out."))
    response = redirect("accounts:login")
    response.delete_cookie(SESSION_MARKER_COOKIE)
    return response


@login_required
def profile_view(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = api_token_create(actor=user, name=form.cleaned_data["name"])
        form = TokenForm()
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "tokens": user.api_tokens.all(), "new_key": new_key},
    )


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    api_token_revoke(actor=request.user, token=token)  # type: ignore[arg-type]
    messages.success(request, _("The key is revoked; programs using it can no longer connect."))
    return redirect("accounts:profile")
