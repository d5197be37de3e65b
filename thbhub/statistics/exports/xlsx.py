"""The export as an Excel workbook: data, code labels, notes, Eurostat groups."""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from thbhub.reference.loading import CODELISTS_FILE, COUNTRIES_FILE, parse_codelists, read_csv
from thbhub.reference.models import KOSOVO_DESIGNATION_NOTE
from thbhub.statistics.aggregates import REGIONS, region_label
from thbhub.statistics.deduplication import MEASURE as DEDUPLICATED
from thbhub.statistics.exports.eurostat import eurostat_breakdown, group_labels
from thbhub.statistics.standard import CODED, COLUMNS, Observation

BOLD = Font(bold=True)
KOSOVO = "XK"


def _table(sheet: Worksheet, observations: Sequence[Observation]) -> None:
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = BOLD
    for obs in observations:
        # Numbers as numbers, so Excel sums them; an empty cell stays empty.
        sheet.append(
            [obs.value if column == "value" else obs.as_row()[column] for column in COLUMNS]
        )
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def _labels(sheet: Worksheet, observations: Sequence[Observation]) -> None:
    sheet.append([_("column"), _("code"), _("label")])
    for cell in sheet[1]:
        cell.font = BOLD
    document = parse_codelists(CODELISTS_FILE)
    for column in CODED:
        for entry in document["lists"][column.upper()]:
            sheet.append([column, entry["code"], entry["label"]])
    sheet.append(["measure", DEDUPLICATED, _("Victims in the region, counted once (estimate)")])
    sheet.append(["status", "_Z", _("Not applicable")])
    for region in REGIONS:
        sheet.append(["country", region, region_label(region)])
    used = {obs.country for obs in observations} | {
        getattr(obs, column)
        for obs in observations
        for column in ("citizenship", "exploitation_country")
    }
    for row in read_csv(COUNTRIES_FILE, ["code", "name"]):
        if row["code"] in used:
            name = "Kosovo*" if row["code"] == KOSOVO else row["name"]
            sheet.append(["country", row["code"], name])


def _notes(
    sheet: Worksheet, observations: Sequence[Observation], *, title: str, threshold: int | None
) -> None:
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    lines = [
        _("Flags: e estimated, p provisional, d definition differs, b break in series."),
        _("c: confidential, suppressed by disclosure control; the value is left empty."),
        _("An empty value without flag c is not known; 0 means known to be none."),
    ]
    if threshold is not None:
        lines.append(
            _(
                "Cells from 1 to %(threshold)d are suppressed, and as many other cells as "
                "needed so that none of them can be worked out from the totals."
            )
            % {"threshold": threshold}
        )
    else:
        lines.append(
            _(
                "Not published: these figures have not passed disclosure control and must "
                "not leave the secretariat or the national authority."
            )
        )
    lines.append(
        _(
            "Region rows (NATC_SEE, NATC_SEE_EU, NATC_SEE_NON_EU) are sums over the members; "
            "their note names members whose data is missing."
        )
    )
    used = {obs.country for obs in observations} | {
        getattr(obs, column)
        for obs in observations
        for column in ("citizenship", "exploitation_country")
    }
    if KOSOVO in used:
        lines.append(str(KOSOVO_DESIGNATION_NOTE))
    for line in lines:
        sheet.append([line])
    sheet.column_dimensions["A"].width = 120


def _eurostat(sheet: Worksheet, observations: Sequence[Observation]) -> None:
    labels = group_labels()
    sheet.append(
        [
            _(
                "Eurostat's three forms of exploitation, derived from the 6.1 codes: "
                "%(groups)s. A group with a suppressed part is suppressed (c)."
            )
            % {
                "groups": "; ".join(
                    f"{group} = {label} (ICCS {iccs})" for group, (label, iccs) in labels.items()
                )
            }
        ]
    )
    sheet.append([])
    start = sheet.max_row + 1
    sheet.append(list(COLUMNS))
    for cell in sheet[start]:
        cell.font = BOLD
    for obs in eurostat_breakdown(observations):
        sheet.append(
            [obs.value if column == "value" else obs.as_row()[column] for column in COLUMNS]
        )


def write_xlsx(observations: Sequence[Observation], *, title: str, threshold: int | None) -> bytes:
    workbook = Workbook()
    data = workbook.worksheets[0]
    data.title = _("Data")
    _table(data, observations)
    _labels(workbook.create_sheet(_("Codes")), observations)
    _notes(workbook.create_sheet(_("Notes")), observations, title=title, threshold=threshold)
    _eurostat(workbook.create_sheet(_("Eurostat groups")), observations)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
