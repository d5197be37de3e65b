"""The home page and the health check."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from thbhub.access.permissions import ROLE_PERMISSIONS, Perm
from thbhub.access.policies import user_has
from thbhub.access.roles import Role
from thbhub.accounts.models import User
from thbhub.accounts.services import user_set_language
from thbhub.reference.selectors import network_members


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]  # login_required guarantees it
    perms = ROLE_PERMISSIONS.get(Role(user.role), {}) if user.role else {}
    return render(
        request,
        "core/home.html",
        {
            "members": network_members(),
            "permissions": [(perm.label, reach.label) for perm, reach in perms.items()],
            "can_edit_directory": user_has(user, Perm.DIRECTORY_EDIT),
        },
    )


def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """Django's language switch, remembered on the account for the next login."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        user_set_language(user=request.user, language=language)
    return response
