"""Web pages to manage user accounts and to change one's own password."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thbhub.access.permissions import ASSIGNABLE_ROLES, Perm
from thbhub.access.policies import user_has
from thbhub.access.roles import Role
from thbhub.accounts.forms import AccountFilterForm, AccountForm
from thbhub.accounts.models import User
from thbhub.accounts.selectors import access_user, users_visible_to
from thbhub.accounts.user_services import (
    AccountData,
    password_change,
    user_create,
    user_reset_authenticator,
    user_reset_password,
    user_update,
)
from thbhub.core.web import add_service_errors, permission_required
from thbhub.directory.selectors import institutions_visible_to
from thbhub.reference.selectors import countries_in_reach


@permission_required(Perm.USERS_VIEW)
def user_list(request: HttpRequest) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    form = AccountFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    accounts = users_visible_to(
        actor, country=filters.get("country", ""), role=filters.get("role", "")
    )
    return render(
        request,
        "accounts/user_list.html",
        {"form": form, "accounts": accounts, "can_manage": user_has(actor, Perm.USERS_MANAGE)},
    )


def _account_form(
    actor: User, data: Any = None, initial: dict[str, Any] | None = None
) -> AccountForm:
    roles = [
        (role.value, role.label)
        for role in Role
        if role in ASSIGNABLE_ROLES.get(Role(actor.role), ())
    ]
    countries = countries_in_reach(actor, Perm.USERS_MANAGE)
    agencies = institutions_visible_to(actor).filter(country__in=countries)
    return AccountForm(data, initial=initial, roles=roles, countries=countries, agencies=agencies)


def _form_context(form: AccountForm, account: User | None) -> dict[str, Any]:
    return {
        "form": form,
        "account": account,
        "heading": _("Edit account") if account else _("Add an account"),
        "back_url": reverse("accounts:users"),
        "back_label": _("Accounts"),
    }


def _data(form: AccountForm) -> AccountData:
    cleaned = form.cleaned_data
    return AccountData(
        username=cleaned["username"],
        role=cleaned["role"],
        country_id=cleaned["country"].code if cleaned["country"] else None,
        agency_id=cleaned["agency"].pk if cleaned["agency"] else None,
        first_name=cleaned["first_name"],
        last_name=cleaned["last_name"],
        email=cleaned["email"],
        is_active=cleaned["is_active"],
    )


@permission_required(Perm.USERS_MANAGE)
def user_new(request: HttpRequest) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    form = _account_form(
        actor, request.POST or None, {"country": actor.country_id, "is_active": True}
    )
    if request.method == "POST" and form.is_valid():
        try:
            account, password = user_create(actor=actor, data=_data(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(
                request, "accounts/user_password.html", {"account": account, "password": password}
            )
    return render(request, "accounts/user_form.html", _form_context(form, None))


@permission_required(Perm.USERS_MANAGE)
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    account = access_user(actor, pk, for_edit=True)
    initial = {
        "username": account.username,
        "first_name": account.first_name,
        "last_name": account.last_name,
        "email": account.email,
        "role": account.role,
        "country": account.country_id,
        "agency": account.agency_id,
        "is_active": account.is_active,
    }
    form = _account_form(actor, request.POST or None, initial)
    form.fields["username"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            user_update(actor=actor, user=account, data=_data(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The account is saved."))
            return redirect("accounts:users")
    return render(request, "accounts/user_form.html", _form_context(form, account))


@require_POST
@permission_required(Perm.USERS_MANAGE)
def user_reset_password_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    account = access_user(actor, pk, for_edit=True)
    password = user_reset_password(actor=actor, user=account)
    return render(
        request, "accounts/user_password.html", {"account": account, "password": password}
    )


@require_POST
@permission_required(Perm.USERS_MANAGE)
def user_reset_authenticator_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    account = access_user(actor, pk, for_edit=True)
    user_reset_authenticator(actor=actor, user=account)
    messages.success(
        request,
        _("%(name)s sets up an authenticator app again at the next login.")
        % {"name": account.username},
    )
    return redirect("accounts:user_edit", pk=account.pk)


@login_required
def password_change_view(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            password_change(user=user, new_password=form.cleaned_data["new_password1"])
        except ValidationError as error:
            form.add_error("new_password1", error)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, _("Your password is changed."))
            return redirect("core:home")
    return render(request, "accounts/password_change.html", {"form": form})
