"""Web pages of the reference data."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thbhub.access.permissions import Perm
from thbhub.core.web import permission_required
from thbhub.reference.models import Dimension
from thbhub.reference.selectors import (
    access_codelist_version,
    codelist_versions_visible_to,
    codes_of,
    countries_visible_to,
    population_visible_to,
)


@permission_required(Perm.REFERENCE_VIEW)
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    version = access_codelist_version(user, request.GET.get("version"))  # type: ignore[arg-type]
    codes = codes_of(version)
    by_dimension = [
        (label, [code for code in codes if code.dimension == value])
        for value, label in Dimension.choices
    ]
    return render(
        request,
        "reference/index.html",
        {
            "version": version,
            "versions": codelist_versions_visible_to(user),  # type: ignore[arg-type]
            "by_dimension": by_dimension,
            "members": countries_visible_to(user, network_only=True),  # type: ignore[arg-type]
            "population": population_visible_to(user).filter(country__network_member=True),  # type: ignore[arg-type]
        },
    )
