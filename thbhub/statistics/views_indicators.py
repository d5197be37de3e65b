"""Web pages of the regional indicators and of recorded linkage results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from thbhub.access.permissions import Perm
from thbhub.access.policies import PermissionDenied, user_has
from thbhub.accounts.models import User
from thbhub.core.web import add_service_errors, permission_required
from thbhub.statistics.figures import Figure
from thbhub.statistics.forms_indicators import IndicatorFilterForm, LinkageResultForm
from thbhub.statistics.indicator_selectors import PUBLISHED, check_years, indicators_for
from thbhub.statistics.indicators import IndicatorTable, Unit
from thbhub.statistics.linkage_results import linkage_result_record, linkage_results_visible_to


@dataclass(frozen=True)
class ShownCell:
    text: str
    hover: str
    available: bool


def _format(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit in (Unit.SHARE, Unit.CHANGE):
        return f"{value * 100:+.1f} %" if unit == Unit.CHANGE else f"{value * 100:.1f} %"
    if unit in (Unit.RATIO, Unit.PER_MILLION):
        return f"{value:.2f}"
    return f"{value:,.0f}".replace(",", "\u202f")


def _hover(figure: Figure, unit: str) -> str:
    parts: list[str] = []
    if figure.numerator is not None and figure.denominator is not None:
        parts.append(
            _("%(numerator)s of %(denominator)s")
            % {
                "numerator": _format(figure.numerator, Unit.COUNT),
                "denominator": _format(figure.denominator, Unit.COUNT),
            }
        )
    if figure.low is not None and figure.high is not None:
        parts.append(
            _("range %(low)s to %(high)s")
            % {"low": _format(figure.low, unit), "high": _format(figure.high, unit)}
        )
    if not figure.available:
        parts.append(_("not available"))
    if figure.reason:
        parts.append(figure.reason)
    if figure.method:
        parts.append(figure.method)
    return ". ".join(parts)


def _year_tables(table: IndicatorTable) -> list[dict[str, Any]]:
    shown = []
    for year in table.years:
        rows = []
        for key, definition in table.definitions.items():
            cells = []
            for area in table.areas:
                figure = table.get(area.code, year, key)
                if figure is None:
                    cells.append(ShownCell("", "", available=True))
                    continue
                cells.append(
                    ShownCell(
                        _format(figure.value, definition.unit),
                        _hover(figure, definition.unit),
                        figure.available,
                    )
                )
            rows.append({"definition": definition, "cells": cells})
        shown.append({"year": year, "rows": rows})
    return shown


@permission_required(Perm.STATS_PUBLISHED)
def indicator_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = IndicatorFilterForm(request.GET or None)
    table: IndicatorTable | None = None
    if form.is_bound and form.is_valid():
        first = form.cleaned_data["from"]
        last = form.cleaned_data["to"] or first
        source = form.cleaned_data["source"] or PUBLISHED
        try:
            table = indicators_for(user, years=check_years(first, last), source=source)
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as denied:
            form.add_error(
                "source",
                _("%(reason)s Choose the published data.") % {"reason": str(denied)},
            )
    return render(
        request,
        "statistics/indicators.html",
        {
            "form": form,
            "table": table,
            "years": _year_tables(table) if table is not None else [],
            "can_record_linkage": user_has(user, Perm.STATS_MANAGE),
        },
    )


@permission_required(Perm.STATS_MANAGE)
def linkage_results(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = LinkageResultForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = linkage_result_record(
                actor=user,
                year=form.cleaned_data["year"],
                matches=upload.read(),
                filename=upload.name,
                threshold=form.cleaned_data["threshold"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                add_service_errors(form, error)
            else:
                form.add_error("file", error.messages)
        else:
            messages.success(
                request,
                _("Recorded for %(year)d: %(count)d victims counted by two members.")
                % {"year": result.year, "count": result.duplicates},
            )
            return redirect("statistics:linkage_results")
    return render(
        request,
        "statistics/linkage_results.html",
        {"form": form, "results": linkage_results_visible_to(user)},
    )
