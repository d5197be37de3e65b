"""Reading a filled questionnaire workbook (``workbook``) back into raw rows.

Each table row becomes a ``RawRow`` named by its sheet title and Excel row,
with cells keyed by 6.1 column names, so ``validate`` reports problems where
the statistician typed them. A row whose value, flag and note are all empty
is left out: an empty value means "not known", which a missing row says as
well, and a country that can report only totals fills only the TOTAL rows.

What the workbook itself gets wrong (not an xlsx, a sheet renamed, a locked
code changed, a template for another submission) becomes an ``Issue`` here;
cell contents are left to ``validate``, which reports every problem at once.

A formula in an input cell counts with the result Excel or LibreOffice saved
in the file: a statistician may well add up a column with =SUM(...). A file
that holds the formula without its result (written by a script, never opened
and saved) gets an error asking for the number.
"""

from __future__ import annotations

import datetime
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from thbhub.statistics import methodology
from thbhub.statistics.code_labels import code_label
from thbhub.statistics.reading import OLE_MAGIC, ZIP_MAGIC
from thbhub.statistics.standard import Issue, RawRow, Severity
from thbhub.statistics.workbook import (
    DETAIL_COLUMNS,
    FIRST_ROW,
    FORMAT,
    HEADER_ROW,
    META_DETAILS,
    META_INSTRUCTIONS,
    META_METHODOLOGY,
    META_QUESTIONS,
    META_SHEET,
    CellRow,
    SheetLayout,
    row_codes,
    table_headers,
    table_layouts,
    yes_no_labels,
)

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")


class WorkbookUnreadableError(ValueError):
    """The file cannot be read as the questionnaire; ``issue`` says why and how to fix it."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(str(issue))
        self.issue = issue


@dataclass
class WorkbookContent:
    """What a filled template holds, and what is wrong with it as a workbook."""

    country: str
    year: int
    rows: list[RawRow] = field(default_factory=list)
    methodology: dict[str, str] = field(default_factory=dict)
    answers: dict[int, str] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)


def is_workbook(data: bytes, filename: str) -> bool:
    """Whether an upload is meant as a workbook, by its content or its name."""
    return data.startswith((ZIP_MAGIC, OLE_MAGIC)) or filename.lower().endswith(WORKBOOK_SUFFIXES)


def _fatal(name: str, message: str, *, row: int = 0, column: str = "", value: str = "") -> Issue:
    return Issue(Severity.ERROR, name, row, column, value, message, "workbook")


@dataclass(frozen=True)
class _Meta:
    country: str
    year: int
    language: str
    titles: dict[str, str]


class _Grid:
    """One sheet's values, read once: openpyxl's read-only cells are fast to
    read row after row but slow to reach one by one."""

    def __init__(self, title: str, rows: list[tuple[Any, ...]]) -> None:
        self.title = title
        self.rows = rows

    @property
    def max_row(self) -> int:
        return len(self.rows)

    def cell(self, row: int, column: int) -> Any:
        if row > len(self.rows) or column > len(self.rows[row - 1]):
            return None
        return self.rows[row - 1][column - 1]


class _Opened:
    """The workbook's cells with formulas, and on demand the results saved with them."""

    def __init__(self, data: bytes, filename: str) -> None:
        self.data = data
        self.filename = filename
        self.formulas = _load(data, filename, data_only=False)
        self._results: dict[str, _Grid] | None = None

    @property
    def sheetnames(self) -> list[str]:
        return list(self.formulas)

    def __getitem__(self, title: str) -> _Grid:
        return self.formulas[title]

    def result(self, sheet: str, row: int, column: int) -> Any:
        if self._results is None:
            self._results = _load(self.data, self.filename, data_only=True)
        return self._results[sheet].cell(row, column)


def _load(data: bytes, filename: str, *, data_only: bool) -> dict[str, _Grid]:
    if not data:
        raise WorkbookUnreadableError(
            _fatal(
                filename,
                _(
                    "The file is empty. Upload the questionnaire workbook (.xlsx) downloaded "
                    "from the submission's page, with your figures in it."
                ),
            )
        )
    if data.startswith(OLE_MAGIC):
        raise WorkbookUnreadableError(
            _fatal(
                filename,
                _(
                    "This is an old Excel 97-2003 workbook (.xls). Open it in Excel or "
                    "LibreOffice and save it as 'Excel Workbook (.xlsx)', then upload that file."
                ),
            )
        )
    if not data.startswith(ZIP_MAGIC):
        raise WorkbookUnreadableError(
            _fatal(
                filename,
                _(
                    "The file is named like a workbook but is not one: it looks like a text or "
                    "CSV file. Upload a CSV file with a .csv name, or upload the questionnaire "
                    "workbook (.xlsx) as Excel saved it."
                ),
            )
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
        try:
            return {
                sheet.title: _Grid(sheet.title, list(sheet.iter_rows(values_only=True)))
                for sheet in workbook.worksheets
            }
        finally:
            workbook.close()
    # openpyxl raises many kinds (zip, XML, key errors) for a broken file.
    except Exception:  # noqa: BLE001
        raise WorkbookUnreadableError(
            _fatal(
                filename,
                _(
                    "The file is damaged or is not an Excel workbook (.xlsx). Open it in Excel "
                    "or LibreOffice, save it as 'Excel Workbook (.xlsx)' and upload it again, or "
                    "download a fresh template."
                ),
            )
        ) from None


def _meta(opened: _Opened, filename: str) -> _Meta:
    not_template = _(
        "This workbook is not a THB Hub questionnaire template (its hidden sheet '%(sheet)s' is "
        "missing). Download the template from the submission's page and copy your figures "
        "into it."
    ) % {"sheet": META_SHEET}
    if META_SHEET not in opened.sheetnames:
        raise WorkbookUnreadableError(_fatal(filename, not_template))
    sheet = opened[META_SHEET]
    entries = {
        str(sheet.cell(row, 1)): sheet.cell(row, 2)
        for row in range(1, sheet.max_row + 1)
        if sheet.cell(row, 1) is not None
    }
    try:
        if entries.get("format") != FORMAT:
            raise ValueError(entries.get("format"))
        titles = json.loads(str(entries["sheets"]))
        meta = _Meta(
            country=str(entries["country"]).upper(),
            year=int(str(entries["year"])),
            language=str(entries.get("language") or "en"),
            titles={str(key): str(value) for key, value in titles.items()},
        )
        table_layouts(meta.titles)
    except (KeyError, ValueError, TypeError, AttributeError):
        raise WorkbookUnreadableError(
            _fatal(
                filename,
                _(
                    "The workbook's hidden sheet '%(sheet)s' was changed or comes from another "
                    "version of THB Hub, so its cells cannot be placed. Download a fresh template "
                    "from the submission's page and copy your figures into it."
                )
                % {"sheet": META_SHEET},
            )
        ) from None
    return meta


def read_identity(data: bytes, filename: str) -> tuple[str, int]:
    """The country and year a template was made for (the CLI takes them from it)."""
    opened = _Opened(data, filename)
    meta = _meta(opened, filename)
    return meta.country, meta.year


def read_workbook(
    data: bytes, filename: str, *, country: str, year: int, question_ids: Sequence[int]
) -> WorkbookContent:
    """The rows, methodology and answers of a filled template for ``country``
    and ``year``; ``question_ids`` are the round's questions in their order.

    A file that cannot be read at all gives one issue and no rows.
    """
    try:
        opened = _Opened(data, filename)
        meta = _meta(opened, filename)
    except WorkbookUnreadableError as error:
        return WorkbookContent(country=country, year=year, issues=[error.issue])
    content = WorkbookContent(country=meta.country, year=meta.year)
    mismatch = _check_identity(meta, country, year)
    if mismatch:
        content.issues.append(mismatch)
        return content
    missing = [title for title in meta.titles.values() if title not in opened.sheetnames]
    for title in missing:
        content.issues.append(
            _fatal(
                title,
                _(
                    "The sheet “%(sheet)s” is missing: it was renamed or deleted. Give it back "
                    "its name “%(sheet)s”, or copy your figures into a fresh template from the "
                    "submission's page."
                )
                % {"sheet": title},
            )
        )
    if missing:
        return content
    with translation.override(meta.language):
        reader = _Reader(opened, meta, content)
        reader.tables()
        reader.details()
        reader.methodology()
        reader.questions(question_ids)
    if not content.rows and not content.issues:
        first = table_layouts(meta.titles)[0]
        content.issues.append(
            _fatal(
                first.title,
                _(
                    "No figure is filled in. Type at least the total of registered victims "
                    "(the row whose categories all say Total) and upload the file again."
                ),
                row=first.rows[0].row,
                column="value",
            )
        )
    return content


def _check_identity(meta: _Meta, country: str, year: int) -> Issue | None:
    if (meta.country, meta.year) == (country.upper(), year):
        return None
    facts = {
        "template_country": meta.country,
        "template_year": meta.year,
        "country": country.upper(),
        "year": year,
    }
    # Both are on the Instructions sheet: the country in row 3, the year in row 4.
    row = HEADER_ROW if meta.country != country.upper() else HEADER_ROW + 1
    return _fatal(
        meta.titles[META_INSTRUCTIONS],
        _(
            "This template was made for %(template_country)s %(template_year)d, but this "
            "submission is %(country)s %(year)d. Download the template from this submission's "
            "page, or upload the file to the submission it was made for."
        )
        % facts,
        row=row,
        column="B",
        value=f"{meta.country} {meta.year}",
    )


def cell_text(value: Any) -> str:
    """A cell's value as the text a 6.1 file would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value).strip()


def _is_formula(value: Any) -> bool:
    # Array formulas come back as objects with the formula in ``text``.
    return (isinstance(value, str) and value.startswith("=")) or hasattr(value, "text")


class _Reader:
    def __init__(self, opened: _Opened, meta: _Meta, content: WorkbookContent) -> None:
        self.opened = opened
        self.meta = meta
        self.content = content
        self._labels: dict[tuple[str, str], set[str]] = {}

    def labels(self, column: str, code: str) -> set[str]:
        """A code's label as the template wrote it, or in English (a template
        may cross a change of translation)."""
        found = self._labels.get((column, code))
        if found is None:
            found = {code_label(column, code)}
            with translation.override("en"):
                found.add(code_label(column, code))
            self._labels[(column, code)] = found
        return found

    def error(self, sheet: str, row: int, column: str, value: str, message: str) -> None:
        self.content.issues.append(
            Issue(Severity.ERROR, sheet, row, column, value, message, "workbook")
        )

    def typed(self, sheet: _Grid, row: int, column: int, name: str) -> tuple[str, bool]:
        """The text of an input cell, and whether it could be read."""
        value = sheet.cell(row, column)
        if not _is_formula(value):
            return cell_text(value), True
        result = self.opened.result(sheet.title, row, column)
        if result is None:
            formula = getattr(value, "text", value)
            self.error(
                sheet.title,
                row,
                name,
                str(formula),
                _(
                    "The cell holds a formula whose result is not saved in the file. Type the "
                    "number instead, or open the file in Excel or LibreOffice and save it so the "
                    "result is stored."
                ),
            )
            return "", False
        return cell_text(result), True

    def base(self) -> dict[str, str]:
        return {"country": self.meta.country, "year": str(self.meta.year)}

    # Table sheets ---------------------------------------------------------------

    def tables(self) -> None:
        for layout in table_layouts(self.meta.titles):
            sheet = self.opened[layout.title]
            headers = table_headers(layout)
            for cell in layout.rows:
                if not self.locked_cells_intact(sheet, layout, cell, headers):
                    continue
                if cell.entered_at is not None:
                    self.shared(sheet, layout, cell.row, cell.entered_at)
                else:
                    self.entered(sheet, layout, cell)
            self.nothing_below(sheet, layout.last_row, layout.last_column)

    def locked_cells_intact(
        self, sheet: _Grid, layout: SheetLayout, cell: CellRow, headers: list[str]
    ) -> bool:
        expected: list[tuple[int, str, set[str]]] = []
        for index, column in enumerate(layout.label_columns):
            code = cell.measure if column == "measure" else cell.breakdowns[column]
            expected.append((index + 1, headers[index], self.labels(column, code)))
        first_code = layout.code_column("measure")
        for offset, code in enumerate(row_codes(layout, cell)):
            expected.append((first_code + offset, headers[first_code + offset - 1], {code}))
        intact = True
        for position, header, allowed in expected:
            found = cell_text(sheet.cell(cell.row, position))
            if found not in allowed:
                intact = False
                self.error(
                    sheet.title,
                    cell.row,
                    header,
                    found,
                    _(
                        "This column is locked: the template has “%(expected)s” here. Undo the "
                        "change (or copy your figures into a fresh template), so that every "
                        "figure stays in its row."
                    )
                    % {"expected": sorted(allowed)[0]},
                )
        return intact

    def shared(
        self, sheet: _Grid, layout: SheetLayout, row: int, entered_at: tuple[str, int]
    ) -> None:
        title, source_row = entered_at
        for column, name in (
            (layout.value_column, "value"),
            (layout.flag_column, "flag"),
            (layout.note_column, "note"),
        ):
            value = sheet.cell(row, column)
            if value is None or value == "" or _is_formula(value):
                continue
            self.error(
                sheet.title,
                row,
                name,
                cell_text(value),
                _(
                    "This figure is typed on the sheet “%(sheet)s”, row %(row)d; here it is only "
                    "shown. Type it there and leave this cell empty."
                )
                % {"sheet": title, "row": source_row},
            )

    def entered(self, sheet: _Grid, layout: SheetLayout, cell: CellRow) -> None:
        value, value_ok = self.typed(sheet, cell.row, layout.value_column, "value")
        flag, flag_ok = self.typed(sheet, cell.row, layout.flag_column, "flag")
        note, note_ok = self.typed(sheet, cell.row, layout.note_column, "note")
        if not (value_ok and flag_ok and note_ok) or not (value or flag or note):
            return
        self.content.rows.append(
            RawRow(
                sheet=sheet.title,
                row=cell.row,
                cells={
                    **self.base(),
                    "measure": cell.measure,
                    **cell.breakdowns,
                    "value": value,
                    "flag": flag,
                    "note": note,
                },
            )
        )

    def nothing_below(self, sheet: _Grid, last_row: int, last_column: int) -> None:
        for row in range(last_row + 1, sheet.max_row + 1):
            typed = [
                (column, sheet.cell(row, column))
                for column in range(1, last_column + 1)
                if sheet.cell(row, column) not in (None, "")
            ]
            if typed:
                column, value = typed[0]
                self.error(
                    sheet.title,
                    row,
                    get_column_letter(column),
                    cell_text(value),
                    _(
                        "This row is below the table and is not read. Move the figure into its "
                        "row of the table, or to the sheet “%(details)s” with its codes."
                    )
                    % {"details": self.meta.titles[META_DETAILS]},
                )

    # Other figures ------------------------------------------------------------------

    def details(self) -> None:
        sheet = self.opened[self.meta.titles[META_DETAILS]]
        for row in range(FIRST_ROW, sheet.max_row + 1):
            cells: dict[str, str] = {}
            readable = True
            for column, name in enumerate(DETAIL_COLUMNS, start=1):
                text, ok = self.typed(sheet, row, column, name)
                readable = readable and ok
                cells[name] = text
            if readable and any(cells.values()):
                self.content.rows.append(
                    RawRow(sheet=sheet.title, row=row, cells={**self.base(), **cells})
                )

    # Methodology and questions --------------------------------------------------

    def methodology(self) -> None:
        sheet = self.opened[self.meta.titles[META_METHODOLOGY]]
        answer_header = _("Answer")
        answers = _yes_no_answers()
        given: dict[str, str] = {}
        rows: dict[str, int] = {}
        for row, entry in enumerate(methodology.FIELDS, start=FIRST_ROW):
            key = cell_text(sheet.cell(row, 4))
            if key != entry.key:
                self.error(
                    sheet.title,
                    row,
                    "key",
                    key,
                    _(
                        "This column is locked: the template has “%(expected)s” here. Undo the "
                        "change or copy your answers into a fresh template."
                    )
                    % {"expected": entry.key},
                )
                continue
            text, _ok = self.typed(sheet, row, 3, answer_header)
            if entry.kind == methodology.Kind.YES_NO:
                text = answers.get(text.lower(), text)
            given[entry.key] = text
            rows[entry.key] = row
        cleaned, errors = methodology.clean(given)
        for key, message in errors.items():
            self.error(sheet.title, rows[key], answer_header, given.get(key, ""), message)
        self.content.methodology = cleaned

    def questions(self, question_ids: Sequence[int]) -> None:
        sheet = self.opened[self.meta.titles[META_QUESTIONS]]
        answer_header = _("Answer")
        for row, question_id in enumerate(question_ids, start=FIRST_ROW):
            found = sheet.cell(row, 5)
            if cell_text(found) != str(question_id):
                self.error(
                    sheet.title,
                    row,
                    "id",
                    cell_text(found),
                    _(
                        "The questions of this round changed since the template was made. "
                        "Download a fresh template from the submission's page and copy your "
                        "answers into it."
                    ),
                )
                return
            text, _ok = self.typed(sheet, row, 4, answer_header)
            if text:
                self.content.answers[question_id] = text


def _yes_no_answers() -> Mapping[str, str]:
    """Each yes/no answer's code by any way of writing it: the code itself, the
    drop-down label in the template's language, or in English."""
    known = {code: code for code in (methodology.YES, methodology.NO, methodology.UNKNOWN)}
    for code, label in yes_no_labels().items():
        known[label.lower()] = code
    with translation.override("en"):
        for code, label in yes_no_labels().items():
            known[label.lower()] = code
    return known
