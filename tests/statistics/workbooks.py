"""Filling the questionnaire workbook the way a statistician does.

The helpers find rows and columns as a person reads the sheet: by the
header text and the codes shown in each row, never through the layout code
under test. They write only into unlocked cells, as Excel would allow.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from tests.statistics.builders import BREAKDOWNS, STANDARD_TOTALS, VICTIM_MEASURES, build_rows

VALUE_HEADER = "Number of persons (value)"
FLAG_HEADER = "Flag (flag)"
NOTE_HEADER = "Note (note)"
HEADER_ROW = 3
# A year neither the demo data nor other tests open a round for.
WORKBOOK_YEAR = 2012
CODE_COLUMNS = ("measure", *BREAKDOWNS)

Key = tuple[str, ...]


def key_of(row: Mapping[str, str]) -> Key:
    """A 6.1 row's measure and breakdowns."""
    return (row["measure"], *(row[column] for column in BREAKDOWNS))


def open_workbook(content: bytes) -> Workbook:
    return load_workbook(io.BytesIO(content))


def save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class InputRow:
    sheet: Worksheet
    row: int
    key: Key
    value_column: int
    flag_column: int
    note_column: int

    @property
    def unlocked(self) -> bool:
        return not self.sheet.cell(row=self.row, column=self.value_column).protection.locked


def table_rows(workbook: Workbook) -> Iterator[InputRow]:
    """Every row of every table sheet, with the 6.1 cell its codes name."""
    for sheet in workbook.worksheets:
        headers = [cell.value for cell in sheet[HEADER_ROW]]
        if VALUE_HEADER not in headers:
            continue
        columns = {name: headers.index(name) + 1 for name in CODE_COLUMNS if name in headers}
        for row in range(HEADER_ROW + 1, sheet.max_row + 1):
            codes = {name: sheet.cell(row=row, column=col).value for name, col in columns.items()}
            if not codes.get("measure"):
                continue
            measure = str(codes["measure"])
            default_status = "TOTAL" if measure in VICTIM_MEASURES else "_Z"
            key = (
                measure,
                *(
                    str(codes.get(column) or (default_status if column == "status" else "TOTAL"))
                    for column in BREAKDOWNS
                ),
            )
            yield InputRow(
                sheet,
                row,
                key,
                headers.index(VALUE_HEADER) + 1,
                headers.index(FLAG_HEADER) + 1,
                headers.index(NOTE_HEADER) + 1,
            )


def input_rows(workbook: Workbook) -> dict[Key, InputRow]:
    """The row where each cell is typed (shared cells are locked elsewhere)."""
    return {row.key: row for row in table_rows(workbook) if row.unlocked}


def fill(
    content: bytes,
    values: Mapping[Key, int | None],
    *,
    notes: Mapping[Key, str] | None = None,
    flags: Mapping[Key, str] | None = None,
    methodology: Mapping[str, str] | None = None,
    answers: Mapping[int, str] | None = None,
) -> bytes:
    """The template with ``values`` typed into their cells (None empties one)."""
    workbook = open_workbook(content)
    rows = input_rows(workbook)
    for key, value in values.items():
        target = rows[key]
        target.sheet.cell(row=target.row, column=target.value_column, value=value)
    for key, note in (notes or {}).items():
        target = rows[key]
        target.sheet.cell(row=target.row, column=target.note_column, value=note)
    for key, flag in (flags or {}).items():
        target = rows[key]
        target.sheet.cell(row=target.row, column=target.flag_column, value=flag)
    if methodology:
        sheet = workbook["Methodology"]
        for row in range(HEADER_ROW + 1, sheet.max_row + 1):
            field_key = sheet.cell(row=row, column=4).value
            if field_key in methodology:
                sheet.cell(row=row, column=3, value=methodology[str(field_key)])
    if answers:
        sheet = workbook["Questions"]
        for row in range(HEADER_ROW + 1, sheet.max_row + 1):
            question = sheet.cell(row=row, column=5).value
            if question in answers:
                sheet.cell(row=row, column=4, value=answers[int(question)])
    return save(workbook)


def consistent_values(content: bytes, country: str = "RS", year: int = 2022) -> dict[Key, int]:
    """A full, consistent value for every input cell of the template."""
    every = {
        key_of(row): int(row["value"])
        for row in build_rows(STANDARD_TOTALS, country=country, year=year, details=False)
    }
    cells = input_rows(open_workbook(content))
    missing = set(cells) - set(every)
    assert not missing, f"the builder lacks cells the template asks for: {sorted(missing)[:3]}"
    return {key: every[key] for key in cells}


def totals_only(content: bytes, values: Mapping[str, int]) -> dict[Key, int]:
    """Only the overall total of each measure, as a country without breakdowns."""
    totals = {}
    for key in input_rows(open_workbook(content)):
        if all(code in ("TOTAL", "_Z") for code in key[1:]) and key[0] in values:
            totals[key] = values[key[0]]
    return totals
