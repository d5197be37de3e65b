"""The NRM monitoring table as an Excel workbook, audited as one export."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from thbhub.audit.services import audit_record
from thbhub.nrm.presentation import detail, source_label
from thbhub.nrm.selectors import MonitoringTable

if TYPE_CHECKING:
    from thbhub.accounts.models import User

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def monitoring_workbook(table: MonitoringTable) -> bytes:
    book = Workbook()
    book.remove(book.worksheets[0])
    sheet = book.create_sheet(_("NRM indicators")[:31])
    header = [
        _("Year"),
        _("Indicator"),
        _("Country"),
        _("Value"),
        _("Unit"),
        _("Flag"),
        _("Source"),
        _("Explanation"),
        _("Definition"),
    ]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for year in table.years:
        for definition in table.definitions:
            for member in table.members:
                value = table.get(year, definition.key, member.code)
                shown_definition = (
                    str(definition.statistics_definition)
                    if value.source == "statistics" and definition.statistics_definition
                    else str(definition.definition)
                )
                sheet.append(
                    [
                        year,
                        str(definition.label),
                        member.label,
                        value.value,
                        definition.unit,
                        value.flag,
                        source_label(value.source),
                        detail(value, definition.unit),
                        shown_definition,
                    ]
                )
    notes = book.create_sheet(_("Notes")[:31])
    for note in table.notes:
        notes.append([note])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def monitoring_export(actor: User, table: MonitoringTable) -> tuple[bytes, str]:
    content = monitoring_workbook(table)
    audit_record(
        actor=actor,
        action="nrm.export",
        object_type="nrm.monitoring",
        detail={
            "years": table.years,
            "format": "xlsx",
            "with_cases": table.sees_cases,
            "full_country": table.full_country,
        },
    )
    first, last = table.years[0], table.years[-1]
    return content, f"nrm-indicators-{first}-{last}.xlsx"
