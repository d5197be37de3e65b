"""The questionnaire template: sheets, protection, drop-downs and pre-filled values."""

from __future__ import annotations

import pytest
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.worksheet import Worksheet

from tests.statistics.rounds import open_round, submission_of, valid_csv
from tests.statistics.workbooks import (
    VALUE_HEADER,
    WORKBOOK_YEAR,
    consistent_values,
    fill,
    input_rows,
    open_workbook,
    table_rows,
)
from thbhub.access.policies import PermissionDenied
from thbhub.audit.models import AuditEvent
from thbhub.statistics.models import StoredObservation
from thbhub.statistics.services import submission_upload_csv, submission_upload_file
from thbhub.statistics.tables import TABLES
from thbhub.statistics.workbook import submission_template

pytestmark = pytest.mark.django_db

TABLE_SHEETS = [
    "Victims - sex, age",
    "Victims - citizenship",
    "Victims - exploitation",
    "Victims - exploitation country",
    "Victims - identified by",
    "Victims assisted",
    "Victims assisted - services",
    "Suspects and offenders",
]


def template(users, country: str = "RS", user: str = "rs.statistician") -> bytes:  # type: ignore[no-untyped-def]
    round_ = open_round(users["secretariat"], year=WORKBOOK_YEAR, members=["RS", "XK", "AL"])
    content, _name = submission_template(
        actor=users[user], submission=submission_of(round_, country)
    )
    return content


def data_validations(sheet: Worksheet) -> list[tuple[str, str | None, str | None, str]]:
    return [
        (dv.type, dv.operator, dv.formula1, str(dv.sqref))
        for dv in sheet.data_validations.dataValidation
    ]


def test_the_template_has_every_sheet_in_order(users) -> None:  # type: ignore[no-untyped-def]
    workbook = open_workbook(template(users))
    visible = [sheet.title for sheet in workbook.worksheets if sheet.sheet_state == "visible"]
    assert visible == ["Instructions", "Methodology", "Questions", *TABLE_SHEETS, "Other figures"]
    assert workbook["thbhub"].sheet_state == "hidden"
    assert workbook.security is not None and workbook.security.lockStructure


def test_the_instructions_name_the_country_and_year_and_explain_empty_and_zero(users) -> None:  # type: ignore[no-untyped-def]
    sheet = open_workbook(template(users))["Instructions"]
    text = "\n".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value)
    assert f"THB Hub questionnaire: Serbia, reference year {WORKBOOK_YEAR}" in text
    assert sheet["B3"].value == "Serbia (RS)" and sheet["B4"].value == WORKBOOK_YEAR
    assert "Leave a cell empty when the number is not known." in text
    assert "Type 0 when it is known that there were none." in text
    assert "e = estimated, p = provisional" in text
    assert "designation is without prejudice" not in text
    assert sheet.protection.sheet and sheet["B3"].protection.locked


def test_kosovo_is_written_with_the_designation_note(users) -> None:  # type: ignore[no-untyped-def]
    sheet = open_workbook(template(users, "XK", "xk.statistician"))["Instructions"]
    text = "\n".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value)
    assert "THB Hub questionnaire: Kosovo*, reference year" in text
    assert sheet["B3"].value == "Kosovo* (XK)"
    assert "designation is without prejudice to positions on status" in text


def test_every_table_cell_is_typed_in_exactly_one_unlocked_row(users) -> None:  # type: ignore[no-untyped-def]
    workbook = open_workbook(template(users))
    expected = {
        (measure, *cell.values())
        for table in TABLES
        for measure in table.measures
        for cell in table.cells(measure)
    }
    unlocked = [row.key for row in table_rows(workbook) if row.unlocked]
    assert len(unlocked) == len(set(unlocked))
    assert set(unlocked) == expected
    # The overall total of victims is typed on the first sheet, and shown on the others.
    total = ("VICTIMS", *["TOTAL"] * 8)
    shown = [row for row in table_rows(workbook) if row.key == total]
    assert [row.sheet.title for row in shown] == TABLE_SHEETS[:5]
    assert shown[0].unlocked and not any(row.unlocked for row in shown[1:])
    formula = shown[1].sheet.cell(row=shown[1].row, column=shown[1].value_column).value
    source = f"'Victims - sex, age'!D{shown[0].row}"
    assert formula == f'=IF(ISBLANK({source}),"",{source})'


def test_every_grey_cell_repeats_the_value_flag_and_note_where_they_are_typed(users) -> None:  # type: ignore[no-untyped-def]
    """Sheets with fewer label columns have their value, flag and note further
    left: a grey cell must name the column of the sheet where its figure is
    typed, not its own (the exploitation sheets once showed the age label)."""
    workbook = open_workbook(template(users))
    typed = input_rows(workbook)
    grey = [row for row in table_rows(workbook) if not row.unlocked]
    assert {row.sheet.title for row in grey} == {*TABLE_SHEETS[1:5], "Victims assisted - services"}
    for row in grey:
        source = typed[row.key]
        for column, source_column in (
            (row.value_column, source.value_column),
            (row.flag_column, source.flag_column),
            (row.note_column, source.note_column),
        ):
            where = f"{quote_sheetname(source.sheet.title)}!"
            where += f"{get_column_letter(source_column)}{source.row}"
            formula = row.sheet.cell(row=row.row, column=column).value
            assert formula == f'=IF(ISBLANK({where}),"",{where})', (row.sheet.title, row.row)


def test_tables_are_protected_with_locked_labels_and_codes(users) -> None:  # type: ignore[no-untyped-def]
    workbook = open_workbook(template(users))
    for title in TABLE_SHEETS:
        sheet = workbook[title]
        assert sheet.protection.sheet, title
        headers = [cell.value for cell in sheet[3]]
        value_column = headers.index(VALUE_HEADER) + 1
        assert sheet.freeze_panes == f"{sheet.cell(row=4, column=value_column).column_letter}4"
        for row in range(4, sheet.max_row + 1):
            for column, header in enumerate(headers, start=1):
                locked = sheet.cell(row=row, column=column).protection.locked
                if header in ("measure", "status", "sex", "age", "citizenship"):
                    assert locked, (title, row, header)
                if column < value_column:
                    assert locked, (title, row, header)
    offenders = workbook["Suspects and offenders"]
    assert [cell.value for cell in offenders[3]] == [
        "Measure",
        "Sex",
        "Citizenship",
        VALUE_HEADER,
        "Flag (flag)",
        "Note (note)",
        "measure",
        "sex",
        "citizenship",
    ]
    assert [offenders.cell(row=4, column=c).value for c in (1, 2, 3, 7, 8, 9)] == [
        "Suspected traffickers",
        "Female",
        "Nationals of the reporting country",
        "SUSPECTS",
        "F",
        "NATIONAL",
    ]


def test_value_and_flag_cells_have_drop_downs_and_number_checks(users) -> None:  # type: ignore[no-untyped-def]
    workbook = open_workbook(template(users))
    sheet = workbook["Victims - sex, age"]
    kinds = data_validations(sheet)
    whole = [entry for entry in kinds if entry[0] == "whole"]
    lists = [entry for entry in kinds if entry[0] == "list"]
    assert [(kind, operator, formula) for kind, operator, formula, _ in whole] == [
        ("whole", "greaterThanOrEqual", "0")
    ]
    assert [formula for _kind, _op, formula, _ in lists] == ['"e,p,d,b"']
    assert "D4" in whole[0][3] and "E4" in lists[0][3]
    methodology = workbook["Methodology"]
    (choices,) = methodology.data_validations.dataValidation
    assert choices.formula1 == '"Yes,No,Not known"'
    assert str(choices.sqref) == "C5 C6"
    assert not methodology["C4"].protection.locked and methodology["D4"].protection.locked


def test_the_questions_sheet_lists_the_rounds_questions(users) -> None:  # type: ignore[no-untyped-def]
    round_ = open_round(users["secretariat"], year=WORKBOOK_YEAR)
    content, name = submission_template(
        actor=users["rs.statistician"], submission=submission_of(round_, "RS")
    )
    assert name == f"thbhub-rs-{WORKBOOK_YEAR}.xlsx"
    sheet = open_workbook(content)["Questions"]
    questions = list(round_.questions.order_by("number"))
    assert questions, "a new round starts with the default questions"
    for row, question in enumerate(questions, start=4):
        assert sheet.cell(row=row, column=1).value == question.number
        assert sheet.cell(row=row, column=3).value == question.text
        assert sheet.cell(row=row, column=5).value == question.pk
        assert not sheet.cell(row=row, column=4).protection.locked


def test_the_template_starts_from_the_latest_version(users) -> None:  # type: ignore[no-untyped-def]
    round_ = open_round(users["secretariat"], year=WORKBOOK_YEAR)
    submission_upload_csv(
        actor=users["rs.statistician"],
        round=round_,
        country_id="RS",
        data=valid_csv(year=WORKBOOK_YEAR),
        filename="rs.csv",
    )
    content, _name = submission_template(
        actor=users["rs.statistician"], submission=submission_of(round_, "RS")
    )
    workbook = open_workbook(content)
    stored = {
        (
            o.measure,
            o.status,
            o.sex,
            o.age,
            o.citizenship,
            o.exploitation,
            o.exploitation_country,
            o.identified_in,
            o.service,
        ): o.value
        for o in StoredObservation.objects.filter(version__submission__round=round_)
    }
    rows = input_rows(workbook)
    for key, row in rows.items():
        assert row.sheet.cell(row=row.row, column=row.value_column).value == stored.get(key), key
    # Country details no table holds are on "Other figures", not lost.
    details = workbook["Other figures"]
    detail_rows = [
        [cell.value for cell in row]
        for row in details.iter_rows(min_row=4)
        if any(cell.value is not None for cell in row)
    ]
    assert len(detail_rows) == len(stored) - len(set(stored) & set(rows))
    assert any(row[4] == "DE" for row in detail_rows)


def test_downloading_is_scoped_and_audited(users) -> None:  # type: ignore[no-untyped-def]
    round_ = open_round(users["secretariat"], year=WORKBOOK_YEAR)
    submission = submission_of(round_, "RS")
    with pytest.raises(PermissionDenied):
        submission_template(actor=users["al.statistician"], submission=submission)
    with pytest.raises(PermissionDenied):
        submission_template(actor=users["rs.rapporteur"], submission=submission)
    submission_template(actor=users["rs.coordinator"], submission=submission)
    event = AuditEvent.objects.get(action="statistics.submission.template")
    assert event.actor_username == "rs.coordinator" or event.actor == users["rs.coordinator"]


def test_a_filled_template_round_trips(users) -> None:  # type: ignore[no-untyped-def]
    round_ = open_round(users["secretariat"], year=WORKBOOK_YEAR)
    submission = submission_of(round_, "RS")
    first, _name = submission_template(actor=users["rs.statistician"], submission=submission)
    values = consistent_values(first)
    filled = fill(first, values, methodology={"includes_presumed": "Yes"})
    result = submission_upload_file(
        actor=users["rs.statistician"],
        round=round_,
        country_id="RS",
        data=filled,
        filename="f.xlsx",
    )
    assert result.version is not None, [str(issue) for issue in result.report.errors]
    again, _name = submission_template(actor=users["rs.statistician"], submission=submission)
    workbook = open_workbook(again)
    shown = {
        key: row.sheet.cell(row=row.row, column=row.value_column).value
        for key, row in input_rows(workbook).items()
    }
    assert shown == values
    assert workbook["Methodology"]["C5"].value == "Yes"
