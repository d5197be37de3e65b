"""The questionnaire template filled in LibreOffice Calc, a real spreadsheet program.

The other workbook tests fill the template with openpyxl, the library that
writes it. Here the statistician's ``thbhub stats template`` file is
opened by LibreOffice Calc, typed into cell by cell and saved with Calc's
own Excel filter (``libreoffice_fill.py``, run by Debian's python3, which
can drive LibreOffice), and ``thbhub stats import`` reads the file Calc
wrote. Calc also says what the statistician sees: which cells take typing,
which sheets are protected and where the drop-downs are.

Skipped when LibreOffice or Debian's python3-uno is missing, unless
THBHUB_REQUIRE_SPREADSHEET=1 (CI sets it) makes that a failure. Install
them with: apt-get install libreoffice-calc-nogui python3-uno
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl.utils import get_column_letter

from tests.statistics.rounds import open_round
from tests.statistics.test_workbook_interfaces import run, stored_values
from tests.statistics.workbooks import (
    HEADER_ROW,
    WORKBOOK_YEAR,
    InputRow,
    Key,
    input_rows,
    open_workbook,
    table_rows,
)
from thbhub.statistics.models import StoredObservation, SubmissionVersion

REQUIRE_SPREADSHEET = os.environ.get("THBHUB_REQUIRE_SPREADSHEET") == "1"
SCRIPT = Path(__file__).with_name("libreoffice_fill.py")
# Debian's own interpreter: python3-uno installs the uno module for it only.
UNO_PYTHON = "/usr/bin/python3"
INSTALL = "apt-get install -y --no-install-recommends libreoffice-calc-nogui python3-uno"
# One fill takes a second or two once the office runs; this only stops a hang.
FILL_TIMEOUT = 120


def _unavailable() -> str | None:
    """Why LibreOffice cannot be driven here, or None when it can."""
    if shutil.which("soffice") is None:
        return "No LibreOffice (soffice) on PATH"
    if not Path(UNO_PYTHON).is_file():
        return f"No {UNO_PYTHON} to drive LibreOffice with"
    probe = subprocess.run(  # noqa: S603 — fixed arguments
        [UNO_PYTHON, "-c", "import uno"], capture_output=True, check=False, timeout=60
    )
    if probe.returncode != 0:
        return f"{UNO_PYTHON} cannot import uno (python3-uno is missing)"
    return None


UNAVAILABLE = _unavailable()
if UNAVAILABLE and not REQUIRE_SPREADSHEET:
    pytest.skip(
        f"{UNAVAILABLE} ({INSTALL}; THBHUB_REQUIRE_SPREADSHEET=1 fails instead of skipping)",
        allow_module_level=True,
    )

pytestmark = [pytest.mark.spreadsheet, pytest.mark.django_db]

STATISTICIAN = "rs.statistician"
SEX_AGE = "Victims - sex, age"
EXPLOITATION = "Victims - exploitation"
OFFENDERS = "Suspects and offenders"
TABLE_SHEETS = (
    SEX_AGE,
    "Victims - citizenship",
    EXPLOITATION,
    "Victims - exploitation country",
    "Victims - identified by",
    "Victims assisted",
    "Victims assisted - services",
    OFFENDERS,
)
FLAG_CODES = ('"e"', '"p"', '"d"', '"b"')
YES_NO = ('"Yes"', '"No"', '"Not known"')


def cell(measure: str = "VICTIMS", **codes: str) -> Key:
    """A 6.1 cell by the codes that are not TOTAL."""
    status = "TOTAL" if measure.startswith("VICTIMS") else "_Z"
    breakdowns = {
        "status": status,
        "sex": "TOTAL",
        "age": "TOTAL",
        "citizenship": "TOTAL",
        "exploitation": "TOTAL",
        "exploitation_country": "TOTAL",
        "identified_in": "TOTAL",
        "service": "TOTAL",
    }
    assert set(codes) <= set(breakdowns), codes
    return (measure, *(breakdowns | codes).values())


ALL_VICTIMS = cell()

# What the statistician types: Serbia's 57 victims by status, sex and age,
# by form of exploitation, and the suspects and offenders. Zeros are known
# to be none; a formula is typed where the figure comes from two registers.
TYPED: dict[Key, int | str] = {
    ALL_VICTIMS: 57,
    cell(status="IDENTIFIED"): 40,
    cell(status="PRESUMED"): 17,
    cell(sex="F"): 38,
    cell(sex="M"): 19,
    cell(sex="UNK"): 0,
    cell(age="CHILD"): "=12+8",
    cell(age="ADULT"): 37,
    cell(age="UNK"): 0,
    cell(status="IDENTIFIED", sex="F"): 27,
    cell(status="IDENTIFIED", sex="M"): 13,
    cell(exploitation="SEXUAL"): 30,
    cell(exploitation="LABOUR"): 15,
    cell(exploitation="BEGGING"): 5,
    cell(exploitation="CRIMINAL_ACTIVITIES"): 2,
    cell(exploitation="ORGAN_REMOVAL"): 0,
    cell(exploitation="FORCED_MARRIAGE"): 3,
    cell(exploitation="OTHER"): 2,
    cell(exploitation="UNK"): 0,
    cell("SUSPECTS"): 25,
    cell("SUSPECTS", sex="F"): 5,
    cell("SUSPECTS", sex="M"): 20,
    cell("SUSPECTS", sex="UNK"): 0,
    cell("PROSECUTED"): 12,
}
# The convictions are not known yet: the value stays empty, a note says why.
UNKNOWN = cell("CONVICTED")
NOTES = {UNKNOWN: "Court figures for 2012 are not available yet"}
FLAGS = {cell("PROSECUTED"): "p"}
METHODOLOGY = {"data_authority": "Ministry of Interior", "includes_presumed": "Yes"}
# What the import must store: each figure as typed, the formula's result,
# and the unknown convictions as an empty value beside their note.
EXPECTED: dict[Key, int | None] = {
    **{key: value for key, value in TYPED.items() if isinstance(value, int)},
    cell(age="CHILD"): 20,
    UNKNOWN: None,
}


# Driving LibreOffice ------------------------------------------------------------


@dataclass(frozen=True)
class Calc:
    """A running LibreOffice that fills workbooks through ``libreoffice_fill.py``."""

    pipe: str
    folder: Path

    def fill(self, source: Path, target: Path, cells: list[dict[str, Any]]) -> dict[str, Any]:
        """Open ``source``, type ``cells``, save as ``target``; what Calc showed."""
        job = self.folder / f"{target.stem}.json"
        job.write_text(
            json.dumps({"template": str(source), "output": str(target), "cells": cells}),
            encoding="utf-8",
        )
        done = subprocess.run(  # noqa: S603 — fixed arguments
            [UNO_PYTHON, str(SCRIPT), "fill", str(job), "--pipe", self.pipe],
            capture_output=True,
            text=True,
            check=False,
            timeout=FILL_TIMEOUT,
        )
        assert done.returncode == 0, done.stderr
        assert target.is_file(), f"LibreOffice saved no {target.name}"
        report: dict[str, Any] = json.loads(done.stdout)
        return report


@pytest.fixture(scope="module")
def calc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Calc]:
    """One LibreOffice for the module: it takes seconds to start."""
    if UNAVAILABLE:
        pytest.fail(
            f"{UNAVAILABLE}; THBHUB_REQUIRE_SPREADSHEET=1 requires the spreadsheet tests to "
            f"run. Install them with: {INSTALL}",
            pytrace=False,
        )
    folder = tmp_path_factory.mktemp("calc")
    pipe = f"thbhub-calc-{os.getpid()}"
    server = subprocess.Popen(  # noqa: S603 — fixed arguments
        [UNO_PYTHON, str(SCRIPT), "serve", "--pipe", pipe, "--profile", str(folder / "profile")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert server.stdin is not None and server.stdout is not None
    # The script prints a line once LibreOffice accepts connections, or ends.
    if not server.stdout.readline():
        _out, err = server.communicate(timeout=60)
        pytest.fail(f"LibreOffice did not start: {err}", pytrace=False)
    try:
        yield Calc(pipe, folder)
    finally:
        # A closed standard input tells the script to end LibreOffice.
        server.stdin.close()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# The statistician's steps -------------------------------------------------------


def download_template(folder: Path) -> Path:
    target = folder / f"rs-{WORKBOOK_YEAR}.xlsx"
    out, _err = run(
        "template", "--country", "RS", "--year", str(WORKBOOK_YEAR), "--out", str(target),
        "--as", STATISTICIAN,
    )  # fmt: skip
    assert f"Wrote the RS {WORKBOOK_YEAR} questionnaire to {target}" in out
    return target


def address(sheet: str, row: int, column: int) -> dict[str, Any]:
    return {"sheet": sheet, "cell": f"{get_column_letter(column)}{row}"}


def typing(
    template: Path,
    values: Mapping[Key, int | str | None],
    *,
    notes: Mapping[Key, str] = NOTES,
    flags: Mapping[Key, str] = FLAGS,
    methodology: Mapping[str, str] = METHODOLOGY,
) -> list[dict[str, Any]]:
    """The keystrokes: each value, note and flag into the row whose codes name it."""
    rows = input_rows(open_workbook(template.read_bytes()))
    cells = []
    for typed, column in ((values, "value"), (notes, "note"), (flags, "flag")):
        for key, value in typed.items():
            row = rows[key]
            where = {"value": row.value_column, "note": row.note_column, "flag": row.flag_column}
            cells.append({**address(row.sheet.title, row.row, where[column]), "value": value})
    for row_number, field in _methodology_rows(template).items():
        if field in methodology:
            cells.append({**address("Methodology", row_number, 3), "value": methodology[field]})
    return cells


def _methodology_rows(template: Path) -> dict[int, str]:
    """Each answer's row on "Methodology", by the key in its column D."""
    sheet = open_workbook(template.read_bytes())["Methodology"]
    return {
        row: str(sheet.cell(row=row, column=4).value)
        for row in range(HEADER_ROW + 1, sheet.max_row + 1)
        if sheet.cell(row=row, column=4).value
    }


def import_fails(path: Path) -> tuple[str, str]:
    """The import's refusal and the lines it printed for each error."""
    err = StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("stats", "import", str(path), "--as", STATISTICIAN, stderr=err)
    return str(refused.value), err.getvalue()


def refused_cells(report: Mapping[str, Any]) -> list[str]:
    return [f"{c['sheet']}!{c['cell']}" for c in report["cells"] if c.get("refused")]


@pytest.fixture
def template(users, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """The secretariat opens the round; the statistician downloads the template."""
    open_round(users["secretariat"], year=WORKBOOK_YEAR)
    return download_template(tmp_path)


# The tests -----------------------------------------------------------------------


def test_a_template_filled_in_calc_is_imported_as_typed(
    calc: Calc, template: Path, tmp_path: Path
) -> None:
    filled = tmp_path / "rs-filled.xlsx"
    # The grey overall total on the exploitation sheet repeats the one typed
    # on the first sheet: Calc works it out as the statistician types.
    grey = next(
        row
        for row in table_rows(open_workbook(template.read_bytes()))
        if row.key == ALL_VICTIMS and row.sheet.title == EXPLOITATION
    )
    shown = address(EXPLOITATION, grey.row, grey.value_column)
    report = calc.fill(template, filled, [*typing(template, TYPED), shown])
    assert refused_cells(report) == []
    assert report["cells"][-1]["shown"] == "57"

    out, _err = run("import", str(filled), "--as", STATISTICIAN)
    assert f"Stored version 1 of RS {WORKBOOK_YEAR}: {len(EXPECTED)} row(s)" in out
    stored = stored_values()
    assert stored == EXPECTED
    # What the statistician would check first: the total, a breakdown, the
    # formula's result, and that none and not known stay apart.
    assert stored[ALL_VICTIMS] == 57
    assert [stored[cell(sex=sex)] for sex in ("F", "M", "UNK")] == [38, 19, 0]
    assert stored[cell(age="CHILD")] == 20
    assert stored[cell(exploitation="ORGAN_REMOVAL")] == 0
    assert stored[UNKNOWN] is None
    assert cell(status="PRESUMED", sex="F") not in stored
    convictions = StoredObservation.objects.get(
        measure="CONVICTED", version__submission__round__year=WORKBOOK_YEAR
    )
    assert (convictions.value, convictions.note) == (None, NOTES[UNKNOWN])
    prosecuted = StoredObservation.objects.get(
        measure="PROSECUTED",
        sex="TOTAL",
        citizenship="TOTAL",
        version__submission__round__year=WORKBOOK_YEAR,
    )
    assert prosecuted.flag == "p"
    version = SubmissionVersion.objects.get(submission__round__year=WORKBOOK_YEAR)
    assert version.methodology["data_authority"] == "Ministry of Interior"
    assert version.methodology["includes_presumed"] == "yes"


def test_a_mistake_saved_by_calc_is_named_and_fixed_in_calc(
    calc: Calc, template: Path, tmp_path: Path
) -> None:
    # Two slips: one more man among the victims, one more man among the suspects.
    wrong = tmp_path / "rs-wrong.xlsx"
    slips = {cell(sex="M"): 20, cell("SUSPECTS", sex="M"): 21}
    calc.fill(template, wrong, typing(template, TYPED | slips))

    refusal, lines = import_fails(wrong)
    assert "2 error(s) in rs-wrong.xlsx: nothing was stored" in refusal
    rows = input_rows(open_workbook(template.read_bytes()))
    assert (
        f"{SEX_AGE}, row {rows[ALL_VICTIMS].row}, column value: 57 — The sex categories in "
        f"rows {rows[cell(sex='F')].row}, {rows[cell(sex='M')].row}, {rows[cell(sex='UNK')].row} "
        "(F 38, M 20, UNK 0) add up to 58, but this TOTAL row says 57. Correct the categories "
        "or the total."
    ) in lines
    suspects = rows[cell("SUSPECTS")].row
    assert f"{OFFENDERS}, row {suspects}, column value: 25 — The sex categories" in lines
    assert "(F 5, M 21, UNK 0) add up to 26, but this TOTAL row says 25." in lines
    assert not SubmissionVersion.objects.filter(submission__round__year=WORKBOOK_YEAR).exists()

    # The statistician corrects the two cells in the file Calc saved, nothing else.
    fixed = tmp_path / "rs-fixed.xlsx"
    fixes = {cell(sex="M"): 19, cell("SUSPECTS", sex="M"): 20}
    report = calc.fill(wrong, fixed, typing(template, fixes, notes={}, flags={}, methodology={}))
    # Calc's own file keeps the protection: the white cells still take typing.
    assert refused_cells(report) == []
    assert report["sheets"][SEX_AGE] is True and report["sheets"][OFFENDERS] is True

    out, _err = run("import", str(fixed), "--as", STATISTICIAN)
    assert f"Stored version 1 of RS {WORKBOOK_YEAR}: {len(EXPECTED)} row(s)" in out
    assert stored_values() == EXPECTED


def test_calc_shows_white_cells_open_grey_cells_locked_and_the_drop_downs(
    calc: Calc, template: Path, tmp_path: Path
) -> None:
    """Only looking: every cell of every table sheet, as Calc has them."""
    workbook = open_workbook(template.read_bytes())
    every_row: list[InputRow] = list(table_rows(workbook))
    typed = {(row.sheet.title, row.row) for row in input_rows(workbook).values()}
    look = []
    for row in every_row:
        for column in (1, row.value_column, row.flag_column, row.note_column):
            look.append(address(row.sheet.title, row.row, column))
    answers = _methodology_rows(template)
    for answer_row in answers:
        look.append(address("Methodology", answer_row, 3))
    details = workbook["Other figures"]
    headers = [c.value for c in details[HEADER_ROW]]
    # Far below the rows the template wrote: the column itself is open.
    look.append(address("Other figures", 500, headers.index("value") + 1))
    look.append(address("Other figures", 500, headers.index("flag") + 1))

    report = calc.fill(template, tmp_path / "rs-looked-at.xlsx", look)
    seen = {(c["sheet"], c["cell"]): c for c in report["cells"]}

    def at(sheet: str, row: int, column: int) -> dict[str, Any]:
        return seen[(sheet, f"{get_column_letter(column)}{row}")]

    # Calc's Excel filter does not read the workbook's lock on adding and
    # renaming sheets (report["structure_protected"]); each sheet's own
    # protection is what keeps the labels and codes in place there, and the
    # import names a renamed or missing sheet.
    for sheet in ("Instructions", "Methodology", "Questions", *TABLE_SHEETS, "Other figures"):
        assert report["sheets"][sheet] is True, f"{sheet} is not protected in Calc"
    for row in every_row:
        label = at(row.sheet.title, row.row, 1)
        value = at(row.sheet.title, row.row, row.value_column)
        flag = at(row.sheet.title, row.row, row.flag_column)
        note = at(row.sheet.title, row.row, row.note_column)
        place = f"{row.sheet.title} row {row.row}"
        assert label["locked"], f"{place}: the label can be typed over"
        if (row.sheet.title, row.row) in typed:
            assert not (value["locked"] or flag["locked"] or note["locked"]), place
            assert value["validation"] == "WHOLE", place
            assert flag["validation"] == "LIST", place
            assert all(code in flag["choices"] for code in FLAG_CODES), flag["choices"]
        else:
            # A figure shared with an earlier sheet: grey, locked, shown by formula.
            assert value["locked"] and flag["locked"] and note["locked"], place
    yes_no = [
        at("Methodology", row, 3)
        for row, field in answers.items()
        if field in ("includes_presumed", "returned_nationals_domestic")
    ]
    assert len(yes_no) == 2
    for answer in yes_no:
        assert not answer["locked"]
        assert answer["validation"] == "LIST"
        assert all(label in answer["choices"] for label in YES_NO), answer["choices"]
    far_value, far_flag = report["cells"][-2:]
    assert not far_value["locked"] and far_value["validation"] == "WHOLE"
    assert not far_flag["locked"] and far_flag["validation"] == "LIST"
