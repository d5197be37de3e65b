"""How an NRM value reads on the page and in the export."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from thbhub.cases.nrm_indicators import NrmValue, Source, Unit
from thbhub.nrm.selectors import MonitoringTable


def formatted(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == Unit.SHARE:
        return f"{value * 100:.1f} %"
    if unit == Unit.DAYS:
        return f"{value:.1f}".removesuffix(".0")
    return f"{value:,.0f}".replace(",", "\u202f")


def source_label(source: str) -> str:
    return {
        Source.CASES: _("cases"),
        Source.REFERRALS: _("referrals"),
        Source.STATISTICS: _("published statistics"),
    }.get(source, "")


def detail(value: NrmValue, unit: str) -> str:
    """The numerator and denominator, basis, reason and note of a value, in words."""
    parts: list[str] = []
    if unit == Unit.SHARE and value.numerator is not None and value.denominator is not None:
        parts.append(
            _("%(numerator)d of %(denominator)d")
            % {"numerator": value.numerator, "denominator": value.denominator}
        )
    elif unit == Unit.DAYS and value.basis:
        parts.append(_("median of %(count)d") % {"count": value.basis})
    if value.note:
        parts.append(value.note)
    if value.reason:
        parts.append(value.reason)
    return ". ".join(parts)


@dataclass(frozen=True)
class ShownValue:
    text: str
    flag: str
    source: str
    detail: str
    available: bool


def year_tables(table: MonitoringTable) -> list[dict[str, Any]]:
    shown = []
    for year in table.years:
        rows = []
        for definition in table.definitions:
            cells = []
            for member in table.members:
                value = table.get(year, definition.key, member.code)
                cells.append(
                    ShownValue(
                        formatted(value.value, definition.unit),
                        value.flag,
                        source_label(value.source),
                        detail(value, definition.unit),
                        value.available,
                    )
                )
            from_statistics = any(
                table.get(year, definition.key, member.code).source == Source.STATISTICS
                for member in table.members
            )
            rows.append(
                {"definition": definition, "cells": cells, "from_statistics": from_statistics}
            )
        shown.append({"year": year, "rows": rows})
    return shown
