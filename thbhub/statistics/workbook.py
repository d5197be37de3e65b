"""The questionnaire as an Excel workbook (xlsx) a statistician fills offline.

One workbook serves one submission (a country and a round). It holds an
"Instructions" sheet, the methodology fields, the round's questions, a sheet
per table of ``tables.TABLES`` and an "Other figures" sheet for 6.1 rows no
table holds (country details such as citizenship DE). A hidden sheet records
the country, the year, the language and the sheet names, so that the import
(``workbook_reading``) can place every cell and refuse a template made for
another submission.

Sheets are protected without a password: the structure and the label and
code columns are locked so that a figure cannot slip into another row; the
import checks the codes anyway, since anyone can lift the protection.

A cell that several tables share (the overall total appears in every
victims table) is typed once, on the first table that holds it; later
tables show it with a formula, greyed and locked, so one figure never has
two versions.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from thbhub.access.permissions import Perm
from thbhub.access.policies import PermissionDenied, country_in_reach, require
from thbhub.audit.services import audit_record
from thbhub.reference.models import KOSOVO_DESIGNATION_NOTE, Dimension
from thbhub.statistics import methodology
from thbhub.statistics.code_labels import code_label, shipped_labels
from thbhub.statistics.standard import BREAKDOWNS, NOT_APPLICABLE, TOTAL, VICTIM_MEASURES
from thbhub.statistics.tables import TABLES, Table

if TYPE_CHECKING:
    from thbhub.accounts.models import User
    from thbhub.statistics.models import RoundQuestion, Submission

FORMAT = "thbhub-questionnaire-1"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Not translated: the import finds it by this name whatever the language.
META_SHEET = "thbhub"
META_INSTRUCTIONS = "instructions"
META_METHODOLOGY = "methodology"
META_QUESTIONS = "questions"
META_DETAILS = "details"

# Row 1 holds the sheet's title, row 2 a hint, row 3 the column headers.
HEADER_ROW = 3
FIRST_ROW = 4
# Empty rows offered on "Other figures" below the rows already there; the
# columns' own style leaves the rows further down unlocked as well.
DETAIL_SPARE_ROWS = 50
# How far down "Other figures" checks values and flags.
DETAIL_LAST_ROW = 2000

# Short sheet names (Excel allows 31 characters); the full title is in row 1.
SHEET_NAMES: dict[str, Promise] = {
    "victims_sex_age": gettext_lazy("Victims - sex, age"),
    "victims_citizenship": gettext_lazy("Victims - citizenship"),
    "victims_exploitation": gettext_lazy("Victims - exploitation"),
    "victims_exploitation_country": gettext_lazy("Victims - exploitation country"),
    "victims_identified_in": gettext_lazy("Victims - identified by"),
    "victims_assisted": gettext_lazy("Victims assisted"),
    "victims_assisted_service": gettext_lazy("Victims assisted - services"),
    "offenders": gettext_lazy("Suspects and offenders"),
}
DIMENSION_NAMES: dict[str, Promise] = {
    "measure": Dimension.MEASURE.label,
    "status": Dimension.STATUS.label,
    "sex": Dimension.SEX.label,
    "age": Dimension.AGE.label,
    "citizenship": Dimension.CITIZENSHIP.label,
    "exploitation": Dimension.EXPLOITATION.label,
    "exploitation_country": Dimension.EXPLOITATION_COUNTRY.label,
    "identified_in": Dimension.IDENTIFIED_IN.label,
    "service": Dimension.SERVICE.label,
}
# The columns of "Other figures": a 6.1 row without country and year.
DETAIL_COLUMNS: tuple[str, ...] = ("measure", *BREAKDOWNS, "value", "flag", "note")

INPUT = Protection(locked=False)
LOCKED_FILL = PatternFill("solid", fgColor="E7E6E6")
HEADER_FILL = PatternFill("solid", fgColor="DDE6EE")
SHARED_FILL = PatternFill("solid", fgColor="D9D9D9")
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


# The layout both the template and the import rely on --------------------------


@dataclass(frozen=True)
class CellRow:
    """One row of a table sheet: one 6.1 cell.

    ``entered_at`` names the sheet and row where a cell shared with an
    earlier table is typed; None where it is typed in this row.
    """

    row: int
    measure: str
    breakdowns: Mapping[str, str]
    entered_at: tuple[str, int] | None = None

    @property
    def key(self) -> tuple[str, ...]:
        return (self.measure, *(self.breakdowns[column] for column in BREAKDOWNS))


@dataclass(frozen=True)
class SheetLayout:
    table: Table
    title: str
    rows: tuple[CellRow, ...]

    @property
    def label_columns(self) -> tuple[str, ...]:
        measure = ("measure",) if len(self.table.measures) > 1 else ()
        return (*measure, *self.table.dimensions)

    @property
    def code_columns(self) -> tuple[str, ...]:
        return ("measure", *self.table.dimensions)

    @property
    def value_column(self) -> int:
        return len(self.label_columns) + 1

    @property
    def flag_column(self) -> int:
        return self.value_column + 1

    @property
    def note_column(self) -> int:
        return self.value_column + 2

    def code_column(self, name: str) -> int:
        return self.note_column + 1 + self.code_columns.index(name)

    @property
    def last_column(self) -> int:
        return self.note_column + len(self.code_columns)

    @property
    def last_row(self) -> int:
        return self.rows[-1].row if self.rows else HEADER_ROW


def table_layouts(titles: Mapping[str, str]) -> list[SheetLayout]:
    """Every table sheet's rows, given the sheet title of each table key."""
    layouts: list[SheetLayout] = []
    first_seen: dict[tuple[str, ...], tuple[str, int]] = {}
    for table in TABLES:
        title = titles[table.key]
        rows: list[CellRow] = []
        row = FIRST_ROW
        for measure in table.measures:
            for breakdowns in table.cells(measure):
                cell = CellRow(row, measure, breakdowns)
                earlier = first_seen.setdefault(cell.key, (title, row))
                if earlier != (title, row):
                    cell = CellRow(row, measure, breakdowns, earlier)
                rows.append(cell)
                row += 1
        layouts.append(SheetLayout(table, title, tuple(rows)))
    return layouts


def sheet_titles() -> dict[str, str]:
    """The sheet title per table key and per fixed sheet, in the active language."""
    titles = {key: _sheet_title(str(name)) for key, name in SHEET_NAMES.items()}
    titles[META_INSTRUCTIONS] = _sheet_title(_("Instructions"))
    titles[META_METHODOLOGY] = _sheet_title(_("Methodology"))
    titles[META_QUESTIONS] = _sheet_title(_("Questions"))
    titles[META_DETAILS] = _sheet_title(_("Other figures"))
    # A translation may make two names alike once cut to 31 characters.
    seen: set[str] = {META_SHEET}
    for key, title in titles.items():
        unique, number = title, 2
        while unique.lower() in seen:
            suffix = f" {number}"
            unique, number = title[: 31 - len(suffix)] + suffix, number + 1
        seen.add(unique.lower())
        titles[key] = unique
    return titles


def _sheet_title(name: str) -> str:
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in name).strip("' ")
    return cleaned[:31] or "Sheet"


def yes_no_labels() -> dict[str, str]:
    """The drop-down's label of each yes/no answer, in the active language,
    without the characters an Excel list cannot hold."""
    return {
        code: str(label).replace(",", " ").replace('"', "")
        for code, label in methodology.YES_NO_CHOICES
    }


def country_display(code: str, name: str) -> str:
    """Kosovo is written "Kosovo*" (its note explains the star) wherever it is named."""
    return f"{name}*" if code == "XK" and not name.endswith("*") else name


# Writing -----------------------------------------------------------------------


@dataclass(frozen=True)
class Prefill:
    """The latest version's content, so a correction starts from it."""

    cells: Mapping[tuple[str, ...], tuple[int | None, str, str]]
    # 6.1 rows no table holds (country details...), as dicts of DETAIL_COLUMNS.
    extra: Sequence[Mapping[str, str]]
    methodology: Mapping[str, str]
    answers: Mapping[int, str]


EMPTY_PREFILL = Prefill({}, (), {}, {})


def submission_template(*, actor: User, submission: Submission) -> tuple[bytes, str]:
    """The xlsx template of ``submission`` and its file name, pre-filled with
    the latest version; scoped like an upload (STATS_SUBMIT for the country)."""
    require(actor, Perm.STATS_SUBMIT)
    if not country_in_reach(actor, Perm.STATS_SUBMIT, submission.country_id):
        raise PermissionDenied(Perm.STATS_SUBMIT)
    latest = submission.latest_version()
    content = build_template(
        country=submission.country_id,
        country_name=submission.country.name,
        year=submission.round.year,
        questions=list(submission.round.questions.order_by("number")),
        prefill=_prefill(latest) if latest is not None else EMPTY_PREFILL,
        change_threshold=float(submission.round.change_threshold),
    )
    audit_record(
        actor=actor,
        action="statistics.submission.template",
        obj=submission,
        detail={"year": submission.round.year, "version": latest.number if latest else None},
    )
    filename = f"thbhub-{submission.country_id.lower()}-{submission.round.year}.xlsx"
    return content, filename


def _prefill(version: Any) -> Prefill:
    layout_keys = {row.key for layout in table_layouts(sheet_titles()) for row in layout.rows}
    cells: dict[tuple[str, ...], tuple[int | None, str, str]] = {}
    extra: list[dict[str, str]] = []
    columns = ("measure", *BREAKDOWNS, "value", "flag", "note")
    for values in version.observations.order_by("source_row").values_list(*columns):
        key = tuple(values[: 1 + len(BREAKDOWNS)])
        value, flag, note = values[1 + len(BREAKDOWNS) :]
        if key in layout_keys:
            cells[key] = (value, flag, note)
        else:
            row = dict(zip(columns, ("" if v is None else str(v) for v in values), strict=True))
            extra.append(row)
    return Prefill(
        cells=cells,
        extra=extra,
        methodology=dict(version.methodology),
        answers=dict(version.answers.values_list("question_id", "text")),
    )


def build_template(
    *,
    country: str,
    country_name: str,
    year: int,
    questions: Sequence[RoundQuestion],
    prefill: Prefill = EMPTY_PREFILL,
    change_threshold: float = 0.5,
) -> bytes:
    """The workbook as xlsx bytes, in the active language."""
    titles = sheet_titles()
    layouts = table_layouts(titles)
    workbook = Workbook()
    instructions = workbook.worksheets[0]
    instructions.title = titles[META_INSTRUCTIONS]
    _write_instructions(
        instructions,
        titles=titles,
        country=country,
        country_name=country_name,
        year=year,
        change_threshold=change_threshold,
    )
    _write_methodology(workbook.create_sheet(titles[META_METHODOLOGY]), prefill.methodology)
    _write_questions(workbook.create_sheet(titles[META_QUESTIONS]), questions, prefill.answers)
    by_title = {layout.title: layout for layout in layouts}
    for layout in layouts:
        _write_table(
            workbook.create_sheet(layout.title),
            layout,
            sources=by_title,
            country=country,
            country_name=country_name,
            year=year,
            prefill=prefill,
        )
    _write_details(workbook.create_sheet(titles[META_DETAILS]), prefill.extra)
    _write_meta(workbook.create_sheet(META_SHEET), titles, country, year)
    workbook.security = WorkbookProtection(lockStructure=True)
    workbook.properties.title = _("THB Hub questionnaire %(country)s %(year)d") % {
        "country": country,
        "year": year,
    }
    workbook.properties.creator = "THB Hub"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _protect(sheet: Worksheet) -> None:
    sheet.protection.sheet = True
    # Widening a column or a row to read a long note harms nothing.
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _heading(sheet: Worksheet, title: str, hint: str) -> None:
    sheet.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
    sheet.cell(row=2, column=1, value=hint).font = Font(italic=True)


def _headers(sheet: Worksheet, headers: Iterable[str], widths: Iterable[float]) -> None:
    for column, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = sheet.cell(row=HEADER_ROW, column=column, value=header)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = WRAP
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.row_dimensions[HEADER_ROW].height = 32


def _text_cell(sheet: Worksheet, row: int, column: int, value: str | int | None) -> Any:
    cell = sheet.cell(row=row, column=column, value=value)
    # openpyxl stores text starting with "=" as a formula, which Excel would run.
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


def _write_instructions(
    sheet: Worksheet,
    *,
    titles: Mapping[str, str],
    country: str,
    country_name: str,
    year: int,
    change_threshold: float,
) -> None:
    shown = country_display(country, country_name)
    _heading(
        sheet,
        _("THB Hub questionnaire: %(country)s, reference year %(year)d")
        % {"country": shown, "year": year},
        _("Made on %(date)s. Keep this file for this country and year only.")
        % {"date": f"{timezone.localtime():%Y-%m-%d %H:%M}"},
    )
    facts: list[tuple[str, str | int]] = [
        (_("Country"), f"{shown} ({country})"),
        (_("Reference year"), year),
    ]
    for offset, (label, value) in enumerate(facts):
        sheet.cell(row=HEADER_ROW + offset, column=1, value=label).font = BOLD
        sheet.cell(row=HEADER_ROW + offset, column=2, value=value).fill = LOCKED_FILL
    tables = ", ".join(f"“{titles[table.key]}”" for table in TABLES)
    lines = [
        _("What to fill"),
        _(
            "Type the figures in the white cells of the table sheets (%(tables)s): one figure "
            "per row, the number of persons counted in %(year)d."
        )
        % {"tables": tables, "year": year},
        _(
            "Grey cells are locked: the labels, the codes of the common standard and figures "
            "typed on an earlier sheet (a grey formula shows where they are typed)."
        ),
        _(
            "If you can report only totals, fill only the rows whose categories all say Total; "
            "leave the other rows empty."
        ),
        _("Empty and zero are not the same"),
        _("Leave a cell empty when the number is not known."),
        _("Type 0 when it is known that there were none."),
        _("Flags"),
        _(
            "In the Flag column you may mark a figure: e = estimated, p = provisional, d = the "
            "definition differs from the standard, b = break in series. Leave it empty otherwise."
        ),
        _("Notes"),
        _(
            "Use the Note column to explain a figure, above all a large change from the year "
            "before (a new method, a new source, one large operation). THB Hub asks for a note "
            "when a figure changes by more than %(threshold)s."
        )
        % {"threshold": f"{change_threshold:.0%}"},
        _(
            "Answer the methodology fields on “%(methodology)s” and the round's questions on "
            "“%(questions)s”. Rows no table holds, e.g. victims by their country of "
            "citizenship, go on “%(details)s” with the codes of the standard."
        )
        % {
            "methodology": titles[META_METHODOLOGY],
            "questions": titles[META_QUESTIONS],
            "details": titles[META_DETAILS],
        },
        _("How to upload"),
        _(
            "Save the file as an Excel workbook (.xlsx) and upload it on the submission's page "
            "in THB Hub (Statistics > round > your country), or with the API or the command "
            "line. Every cell is checked first: if anything is wrong, nothing is stored and "
            "you get a list naming the sheet, row and column of each problem."
        ),
        _(
            "Do not rename, add or remove sheets and rows. The sheets are protected without a "
            "password only to prevent slips; the upload checks the codes anyway."
        ),
    ]
    headings = {
        _("What to fill"),
        _("Empty and zero are not the same"),
        _("Flags"),
        _("Notes"),
        _("How to upload"),
    }
    row = HEADER_ROW + len(facts) + 1
    for line in lines:
        cell = sheet.cell(row=row, column=1, value=line)
        cell.font = BOLD if line in headings else Font()
        if line not in headings:
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
            cell.alignment = WRAP
            sheet.row_dimensions[row].height = 15 * max(1, len(line) // 110 + 1)
        row += 1
    if country == "XK":
        note = sheet.cell(row=row + 1, column=1, value=str(KOSOVO_DESIGNATION_NOTE))
        note.alignment = WRAP
        sheet.merge_cells(start_row=row + 1, start_column=1, end_row=row + 1, end_column=2)
        sheet.row_dimensions[row + 1].height = 30
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 100
    _protect(sheet)


def _write_methodology(sheet: Worksheet, answers: Mapping[str, str]) -> None:
    _heading(
        sheet,
        _("Methodology"),
        _("Describe how the figures were produced. Answer in column C."),
    )
    _headers(sheet, [_("Field"), _("Explanation"), _("Answer"), "key"], [40, 70, 50, 22])
    labels = yes_no_labels()
    choices = DataValidation(
        type="list",
        formula1='"' + ",".join(labels.values()) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Answer"),
        error=_("Choose an answer from the list."),
    )
    sheet.add_data_validation(choices)
    for row, field in enumerate(methodology.FIELDS, start=FIRST_ROW):
        sheet.cell(row=row, column=1, value=str(field.label)).alignment = WRAP
        sheet.cell(row=row, column=2, value=str(field.help)).alignment = WRAP
        given = str(answers.get(field.key, "") or "")
        if field.kind == methodology.Kind.YES_NO:
            given = labels.get(given, given)
            choices.add(sheet.cell(row=row, column=3))
        answer = _text_cell(sheet, row, 3, given)
        answer.protection = INPUT
        answer.alignment = WRAP
        sheet.cell(row=row, column=4, value=field.key).fill = LOCKED_FILL
        sheet.row_dimensions[row].height = 45
    sheet.freeze_panes = f"A{FIRST_ROW}"
    _protect(sheet)


def _write_questions(
    sheet: Worksheet, questions: Sequence[RoundQuestion], answers: Mapping[int, str]
) -> None:
    _heading(
        sheet,
        _("Questions of this round"),
        _("Answer in column D; leave a question empty if you have nothing to report.")
        if questions
        else _("This round has no questions: nothing to fill on this sheet."),
    )
    _headers(sheet, [_("No."), _("Theme"), _("Question"), _("Answer"), "id"], [6, 30, 60, 70, 8])
    for row, question in enumerate(questions, start=FIRST_ROW):
        sheet.cell(row=row, column=1, value=question.number)
        sheet.cell(row=row, column=2, value=question.get_theme_display()).alignment = WRAP
        _text_cell(sheet, row, 3, question.text).alignment = WRAP
        answer = _text_cell(sheet, row, 4, answers.get(question.pk, ""))
        answer.protection = INPUT
        answer.alignment = WRAP
        sheet.cell(row=row, column=5, value=question.pk).fill = LOCKED_FILL
        sheet.row_dimensions[row].height = 60
    sheet.freeze_panes = f"A{FIRST_ROW}"
    _protect(sheet)


def table_headers(layout: SheetLayout) -> list[str]:
    """Row 3 of a table sheet: readable names, then the 6.1 names of the input
    columns (which the import's messages use), then the codes' 6.1 names."""
    return [
        *(str(DIMENSION_NAMES[column]) for column in layout.label_columns),
        _("Number of persons (value)"),
        _("Flag (flag)"),
        _("Note (note)"),
        *layout.code_columns,
    ]


def row_labels(layout: SheetLayout, cell: CellRow) -> list[str]:
    labels = []
    for column in layout.label_columns:
        code = cell.measure if column == "measure" else cell.breakdowns[column]
        labels.append(code_label(column, code))
    return labels


def row_codes(layout: SheetLayout, cell: CellRow) -> list[str]:
    return [
        cell.measure if column == "measure" else cell.breakdowns[column]
        for column in layout.code_columns
    ]


def _value_validation() -> DataValidation:
    return DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Number of persons"),
        error=_(
            "Type a whole number of persons (0 if there were none), or leave the cell empty if "
            "the number is not known."
        ),
    )


def _flag_validation() -> DataValidation:
    return DataValidation(
        type="list",
        formula1='"' + ",".join(flag_codes()) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Flag"),
        error=_(
            "Choose e (estimated), p (provisional), d (definition differs) or b (break in "
            "series), or leave the cell empty."
        ),
    )


def flag_codes() -> list[str]:
    """The FLAG code list in the order of the shipped file."""
    return [code for (dimension, code) in shipped_labels() if dimension == "flag"]


def _write_table(
    sheet: Worksheet,
    layout: SheetLayout,
    *,
    sources: Mapping[str, SheetLayout],
    country: str,
    country_name: str,
    year: int,
    prefill: Prefill,
) -> None:
    _heading(
        sheet,
        f"{layout.table.title} — {country_display(country, country_name)} {year}",
        _(
            "Type the number of persons in the white cells: empty = not known, 0 = none. Grey "
            "figures are typed on the sheet their formula names."
        ),
    )
    label_widths = [30.0 if column == "measure" else 24.0 for column in layout.label_columns]
    code_widths = [16.0] * len(layout.code_columns)
    _headers(sheet, table_headers(layout), [*label_widths, 14, 8, 40, *code_widths])
    values, flags = _value_validation(), _flag_validation()
    sheet.add_data_validation(values)
    sheet.add_data_validation(flags)
    typed_rows: list[int] = []
    for cell in layout.rows:
        for column, label in enumerate(row_labels(layout, cell), start=1):
            sheet.cell(row=cell.row, column=column, value=label)
            if cell.key[1:] == (_status_total(cell.measure), *[TOTAL] * (len(BREAKDOWNS) - 1)):
                sheet.cell(row=cell.row, column=column).font = BOLD
        for column, code in enumerate(row_codes(layout, cell), start=layout.code_column("measure")):
            sheet.cell(row=cell.row, column=column, value=code).fill = LOCKED_FILL
        if cell.entered_at is not None:
            title, source_row = cell.entered_at
            _write_reference(sheet, layout, cell.row, sources[title], source_row)
            continue
        value, flag, note = prefill.cells.get(cell.key, (None, "", ""))
        sheet.cell(row=cell.row, column=layout.value_column, value=value).protection = INPUT
        sheet.cell(row=cell.row, column=layout.flag_column, value=flag or None).protection = INPUT
        typed_rows.append(cell.row)
        _text_cell(sheet, cell.row, layout.note_column, note).protection = INPUT
    # One range per run of rows keeps the file small and quick to read back.
    _validate_cells(values, layout.value_column, typed_rows)
    _validate_cells(flags, layout.flag_column, typed_rows)
    sheet.freeze_panes = f"{get_column_letter(len(layout.label_columns) + 1)}{FIRST_ROW}"
    _protect(sheet)


def _column_ranges(column: int, rows: Sequence[int]) -> list[str]:
    """The cells of ``column`` in ``rows`` as ranges, one per run of rows (D4:D9, D12)."""
    letter = get_column_letter(column)
    runs: list[tuple[int, int]] = []
    for row in sorted(rows):
        if runs and row == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return [
        f"{letter}{start}" if start == end else f"{letter}{start}:{letter}{end}"
        for start, end in runs
    ]


def _validate_cells(validation: DataValidation, column: int, rows: Sequence[int]) -> None:
    for cells in _column_ranges(column, rows):
        validation.add(cells)


def _status_total(measure: str) -> str:
    return TOTAL if measure in VICTIM_MEASURES else NOT_APPLICABLE


def _write_reference(
    sheet: Worksheet, layout: SheetLayout, row: int, source: SheetLayout, source_row: int
) -> None:
    # The sheets differ in their number of label columns, so the figure's
    # value, flag and note sit in other columns where it is typed.
    pairs = (
        (layout.value_column, source.value_column),
        (layout.flag_column, source.flag_column),
        (layout.note_column, source.note_column),
    )
    for column, source_column in pairs:
        typed = f"{quote_sheetname(source.title)}!{get_column_letter(source_column)}{source_row}"
        shown = sheet.cell(row=row, column=column, value=f'=IF(ISBLANK({typed}),"",{typed})')
        shown.fill = SHARED_FILL
        shown.font = Font(italic=True, color="595959")


def _write_details(sheet: Worksheet, rows: Sequence[Mapping[str, str]]) -> None:
    _heading(
        sheet,
        _("Other figures"),
        _(
            "Optional: figures no table holds, one per row with the codes of the common "
            "standard, e.g. victims by country of citizenship (citizenship DE, UA...). Other "
            "columns are TOTAL; status is _Z for suspects and offenders."
        ),
    )
    _headers(sheet, DETAIL_COLUMNS, [18, 12, 8, 8, 14, 20, 20, 14, 16, 10, 6, 40])
    values, flags = _value_validation(), _flag_validation()
    sheet.add_data_validation(values)
    sheet.add_data_validation(flags)
    value_column = DETAIL_COLUMNS.index("value") + 1
    flag_column = DETAIL_COLUMNS.index("flag") + 1
    last = FIRST_ROW + len(rows) + DETAIL_SPARE_ROWS - 1
    for column in range(1, len(DETAIL_COLUMNS) + 1):
        sheet.column_dimensions[get_column_letter(column)].protection = INPUT
    for row in range(FIRST_ROW, last + 1):
        given = rows[row - FIRST_ROW] if row - FIRST_ROW < len(rows) else {}
        for column, name in enumerate(DETAIL_COLUMNS, start=1):
            text = given.get(name, "")
            value: str | int = int(text) if name == "value" and text.isdigit() else text
            cell = _text_cell(sheet, row, column, value if value != "" else None)
            cell.protection = INPUT
    every_row = range(FIRST_ROW, max(last, DETAIL_LAST_ROW) + 1)
    _validate_cells(values, value_column, every_row)
    _validate_cells(flags, flag_column, every_row)
    sheet.freeze_panes = f"A{FIRST_ROW}"
    _protect(sheet)


def _write_meta(sheet: Worksheet, titles: Mapping[str, str], country: str, year: int) -> None:
    language = translation.get_language() or settings.LANGUAGE_CODE
    entries: list[tuple[str, str | int]] = [
        ("format", FORMAT),
        ("country", country),
        ("year", year),
        ("language", language),
        ("sheets", json.dumps(dict(titles), ensure_ascii=False)),
    ]
    for row, (key, value) in enumerate(entries, start=1):
        sheet.cell(row=row, column=1, value=key)
        sheet.cell(row=row, column=2, value=value)
    sheet.sheet_state = "hidden"
    _protect(sheet)
