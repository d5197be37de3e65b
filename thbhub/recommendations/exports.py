"""The whole tracker as a spreadsheet: every recommendation the user sees,
once per country it concerns, with its source and current status."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from thbhub.directory.spreadsheet import csv_safe
from thbhub.recommendations.progress import country_label
from thbhub.recommendations.selectors import TrackerRow
from thbhub.reference.models import KOSOVO_DESIGNATION_NOTE

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
FORMATS = ("csv", "xlsx")
LIST_SEPARATOR = ";"

# (header, width). Headers stay in English, like the other exports, so
# that a file reads the same whichever language exported it.
COLUMNS: list[tuple[str, int]] = [
    ("Reference", 22),
    ("Country", 22),
    ("Country code", 8),
    ("Source document", 40),
    ("Issuing body", 22),
    ("Attributed to", 16),
    ("Date", 12),
    ("Section", 30),
    ("Paragraph", 22),
    ("Page", 6),
    ("Recommendation", 80),
    ("Themes", 30),
    ("Status", 18),
    ("Status code", 18),
    ("Assessed on", 12),
    ("Review", 18),
    ("Evidence", 60),
]
HEADERS = [header for header, _width in COLUMNS]


def tracker_row_values(row: TrackerRow) -> list[Any]:
    recommendation = row.recommendation
    source = recommendation.source
    latest = row.latest
    return [
        recommendation.code,
        country_label(row.country),
        row.country.code if row.country else "",
        source.title,
        recommendation.get_issuing_body_display(),
        recommendation.attribution,
        source.issued_on,
        recommendation.section,
        recommendation.paragraph,
        recommendation.page,
        recommendation.text,
        LIST_SEPARATOR.join(row.themes),
        row.status_label,
        row.status,
        timezone.localdate(latest.assessed_at) if latest else None,
        latest.review.title if latest and latest.review else "",
        latest.evidence if latest else "",
    ]


def _names_kosovo(rows: Sequence[TrackerRow]) -> bool:
    return any(row.country is not None and row.country.code == "XK" for row in rows)


def write_csv(rows: Sequence[TrackerRow]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for row in rows:
        values = tracker_row_values(row)
        writer.writerow(
            [
                csv_safe(value.isoformat() if hasattr(value, "isoformat") else value)
                for value in values
            ]
        )
    if _names_kosovo(rows):
        writer.writerow([str(KOSOVO_DESIGNATION_NOTE)])
    # Excel opens UTF-8 CSV with Cyrillic and diacritics correctly only with a BOM.
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(rows: Sequence[TrackerRow]) -> bytes:
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = "Recommendations"
    bold = Font(bold=True)
    for index, (header, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=header)
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDE6EE")
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(tracker_row_values(row), start=1):
            cell = sheet.cell(row=number, column=column, value=value)
            # openpyxl stores text starting with "=" as a formula, which Excel
            # would run; as in the directory export the cell is kept as text.
            if cell.data_type == "f":
                cell.data_type = "s"
            if hasattr(value, "isoformat"):
                cell.number_format = "yyyy-mm-dd"
    notes = workbook.create_sheet("Notes")
    notes.append([_("THB Hub: recommendations tracker")])
    notes.append([_("Exported %(when)s.") % {"when": f"{timezone.localtime():%Y-%m-%d %H:%M}"}])
    notes.append(
        [
            _(
                "One row per recommendation and country concerned; a recommendation that names "
                "no country concerns the whole network."
            )
        ]
    )
    if _names_kosovo(rows):
        notes.append([str(KOSOVO_DESIGNATION_NOTE)])
    notes["A1"].font = Font(bold=True, size=14)
    notes.column_dimensions["A"].width = 120
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_export(rows: Sequence[TrackerRow], fmt: str) -> tuple[bytes, str]:
    if fmt == "xlsx":
        return write_xlsx(rows), XLSX_TYPE
    return write_csv(rows), CSV_TYPE
