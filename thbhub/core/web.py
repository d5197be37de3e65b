"""What every web view shares: the permission gate and error rendering."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thbhub.access.permissions import Perm
from thbhub.access.policies import PermissionDenied, require
from thbhub.audit.models import Outcome
from thbhub.audit.services import audit_record

View = TypeVar("View", bound=Callable[..., HttpResponse])


def permission_required(perm: Perm) -> Callable[[View], View]:
    """Anonymous users go to the login page; a role without ``perm`` gets 403."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            try:
                require(request.user, perm)
                return view(request, *args, **kwargs)
            except PermissionDenied as denied:
                return forbidden(request, denied)

        return cast(View, wrapped)

    return decorator


def forbidden(request: HttpRequest, denied: PermissionDenied) -> HttpResponse:
    audit_record(
        actor=request.user,  # type: ignore[arg-type]
        action="access.refused",
        outcome=Outcome.DENIED,
        detail={"permission": str(denied.perm), "path": request.path},
    )
    return render(request, "403.html", {"reason": str(denied)}, status=403)


def add_service_errors(form: Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form field it names, or on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)
