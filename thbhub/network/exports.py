"""Spreadsheets of strategies and their actions, and of a chair's work plan."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from thbhub.network.models import ChairTerm, StrategyAction, WorkPlanActivity
from thbhub.reference.models import KOSOVO_DESIGNATION_NOTE, Country

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def country_label(country: Country) -> str:
    """Kosovo is written "Kosovo*" wherever an export names it (the reference
    data already names it so; a renamed row still gets its asterisk)."""
    if country.code == "XK" and not country.name.endswith("*"):
        return f"{country.name}*"
    return country.name


def _first_sheet(workbook: Workbook, title: str, columns: Sequence[tuple[str, int]]) -> Any:
    sheet = workbook.worksheets[0]
    sheet.title = title
    bold = Font(bold=True)
    for index, (header, width) in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=header)
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDE6EE")
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    return sheet


def _write_rows(sheet: Any, rows: Iterable[Sequence[Any]]) -> None:
    row_number = 1
    for values in rows:
        row_number += 1
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_number, column=column, value=value)
            # openpyxl stores any text starting with "=" as a formula, which
            # Excel would run; as in the directory export, such a cell is
            # marked as text so that it shows exactly what was typed.
            if cell.data_type == "f":
                cell.data_type = "s"
            if hasattr(value, "isoformat"):
                cell.number_format = "yyyy-mm-dd"


def _notes(workbook: Workbook, heading: str, *, names_xk: bool) -> Any:
    sheet = workbook.create_sheet(_("Notes"))
    sheet.append([heading])
    sheet.append([_("Exported %(when)s.") % {"when": f"{timezone.localtime():%Y-%m-%d %H:%M}"}])
    if names_xk:
        sheet.append([str(KOSOVO_DESIGNATION_NOTE)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 120
    return sheet


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


STRATEGY_COLUMNS: list[tuple[str, int]] = [
    ("Country", 20),
    ("Country code", 8),
    ("Strategy or action plan", 44),
    ("Type", 16),
    ("Period from", 10),
    ("Period to", 10),
    ("Adopted on", 12),
    ("Adopted by", 28),
    ("Funding earmarked", 16),
    ("Currency", 8),
    ("Action", 60),
    ("Responsible institution", 40),
    ("Deadline", 12),
    ("Implementation status", 20),
    ("Recommendations answered", 40),
]


def write_strategies_xlsx(actions: Iterable[StrategyAction]) -> bytes:
    workbook = Workbook()
    sheet = _first_sheet(workbook, "Actions", STRATEGY_COLUMNS)
    names_xk = False

    def rows() -> Iterable[list[Any]]:
        nonlocal names_xk
        for action in actions:
            strategy = action.strategy
            names_xk = names_xk or strategy.country_id == "XK"
            institution = action.responsible_institution
            yield [
                country_label(strategy.country),
                strategy.country_id,
                strategy.title,
                strategy.get_kind_display(),
                strategy.period_from,
                strategy.period_to,
                strategy.adopted_on,
                strategy.adopting_body,
                strategy.funding_earmarked,
                strategy.funding_currency,
                action.text,
                institution.name if institution else "",
                action.deadline,
                action.get_status_display(),
                "; ".join(item.code for item in action.recommendations.all()),
            ]

    _write_rows(sheet, rows())
    _notes(workbook, _("National strategies and action plans"), names_xk=names_xk)
    return _save(workbook)


WORK_PLAN_COLUMNS: list[tuple[str, int]] = [
    ("Activity", 44),
    ("Description", 50),
    ("Starts on", 12),
    ("Ends on", 12),
    ("Budget", 14),
    ("Currency", 8),
    ("Funding sources", 36),
    ("Fundraising status", 24),
]


def write_work_plan_xlsx(term: ChairTerm, activities: Iterable[WorkPlanActivity]) -> bytes:
    workbook = Workbook()
    sheet = _first_sheet(workbook, f"Work plan {term.year}", WORK_PLAN_COLUMNS)
    _write_rows(
        sheet,
        (
            [
                activity.title,
                activity.description,
                activity.starts_on,
                activity.ends_on,
                activity.budget,
                activity.currency,
                activity.funding_sources,
                activity.get_fundraising_status_display(),
            ]
            for activity in activities
        ),
    )
    heading = _("Work plan %(year)s of the chair: %(country)s") % {
        "year": term.year,
        "country": country_label(term.country),
    }
    notes = _notes(workbook, heading, names_xk=term.country_id == "XK")
    if term.work_plan_summary:
        notes.append([term.work_plan_summary])
    return _save(workbook)
