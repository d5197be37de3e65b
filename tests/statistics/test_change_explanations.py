"""A large change from the accepted year before needs a note before the
submission goes to the secretariat.

The two shapes come from the 2021 Non-paper: Moldova's identified victims
fell by more than half in 2020; Montenegro's rose because one operation
identified 37 victims from Taiwan, over 70 % of the year's victims.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from thbhub.statistics.models import Round, Submission, SubmissionStatus
from thbhub.statistics.services import (
    round_open,
    submission_accept,
    submission_submit,
    submission_upload_csv,
)
from thbhub.statistics.validation import CHANGE_MIN_PERSONS

pytestmark = pytest.mark.django_db

BEFORE, YEAR = 2010, 2011
COLUMNS = (
    "country,year,measure,status,sex,age,citizenship,exploitation,"
    "exploitation_country,identified_in,value,flag,note"
)


def csv(country: str, year: int, total: int, identified: int, notes: tuple[str, str] = ("", "")):  # type: ignore[no-untyped-def]
    """Registered victims: the total, the identified and the presumed ones."""
    rows = [
        f'{country},{year},VICTIMS,TOTAL,TOTAL,TOTAL,TOTAL,TOTAL,TOTAL,TOTAL,{total},,"{notes[0]}"',
        (
            f"{country},{year},VICTIMS,IDENTIFIED,TOTAL,TOTAL,TOTAL,TOTAL,TOTAL,TOTAL,"
            f'{identified},,"{notes[1]}"'
        ),
        (
            f"{country},{year},VICTIMS,PRESUMED,TOTAL,TOTAL,TOTAL,TOTAL,TOTAL,TOTAL,"
            f"{total - identified},,"
        ),
    ]
    return "\n".join([COLUMNS, *rows, ""]).encode()


def upload(users, round_: Round, country: str, data: bytes):  # type: ignore[no-untyped-def]
    result = submission_upload_csv(
        actor=users[f"{country.lower()}.statistician"],
        round=round_,
        country_id=country,
        data=data,
        filename=f"{country.lower()}-{round_.year}.csv",
    )
    assert result.version is not None, [str(issue) for issue in result.report.errors]
    return result


def submission(round_: Round, country: str) -> Submission:
    return round_.submissions.get(country_id=country)


@pytest.fixture
def rounds(users):  # type: ignore[no-untyped-def]
    """2010 accepted for both members; 2011 open."""
    secretariat = users["secretariat"]
    previous = round_open(
        actor=secretariat,
        year=BEFORE,
        deadline=datetime.date(BEFORE + 1, 6, 30),
        member_codes=["MD", "ME"],
    )
    upload(users, previous, "MD", csv("MD", BEFORE, total=310, identified=258))
    upload(users, previous, "ME", csv("ME", BEFORE, total=16, identified=15))
    for country in ("MD", "ME"):
        submission_submit(actor=secretariat, submission=submission(previous, country))
        submission_accept(actor=secretariat, submission=submission(previous, country))
    current = round_open(
        actor=secretariat,
        year=YEAR,
        deadline=datetime.date(YEAR + 1, 6, 30),
        member_codes=["MD", "ME"],
    )
    return previous, current


def test_moldovas_unexplained_drop_stops_the_submission(users, rounds) -> None:  # type: ignore[no-untyped-def]
    _previous, current = rounds
    result = upload(users, current, "MD", csv("MD", YEAR, total=140, identified=116))
    assert [(issue.row, issue.rule) for issue in result.report.warnings] == [
        (2, "change"),
        (3, "change"),
        (4, "change"),
    ]
    with pytest.raises(ValidationError) as refused:
        submission_submit(actor=users["md.coordinator"], submission=submission(current, "MD"))
    assert refused.value.messages == [
        (
            "Version 1 has 3 changes from the year before without an explanation: md-2011.csv, "
            "row 2 (value 140); md-2011.csv, row 3 (value 116); md-2011.csv, row 4 (value 24). "
            "Explain each in the note column (or the note field of the web form) and upload again."
        )
    ]
    assert submission(current, "MD").status == SubmissionStatus.DRAFT


def test_moldovas_drop_explained_in_the_notes_is_submitted(users, rounds) -> None:  # type: ignore[no-untyped-def]
    _previous, current = rounds
    upload(users, current, "MD", csv("MD", YEAR, total=140, identified=116))
    note = "COVID-19 lockdowns: outreach and labour inspections stopped for months"
    explained = csv("MD", YEAR, total=140, identified=116, notes=(note, note))
    # The presumed victims' row still has no note: one warning is left.
    result = upload(users, current, "MD", explained)
    assert [issue.row for issue in result.report.warnings] == [4]
    with pytest.raises(
        ValidationError, match=r"1 change from the year before .* row 4 \(value 24\)"
    ):
        submission_submit(actor=users["md.coordinator"], submission=submission(current, "MD"))
    rows = explained.decode().splitlines()
    rows[3] += f'"{note}"'
    result = upload(users, current, "MD", "\n".join(rows).encode())
    assert result.report.warnings == []
    assert [issue.rule for issue in result.report.infos] == ["change", "change", "change"]
    submitted = submission_submit(
        actor=users["md.coordinator"], submission=submission(current, "MD")
    )
    assert submitted.status == SubmissionStatus.SUBMITTED


def test_montenegros_single_operation_needs_its_note(users, rounds) -> None:  # type: ignore[no-untyped-def]
    _previous, current = rounds
    upload(users, current, "ME", csv("ME", YEAR, total=99, identified=52))
    with pytest.raises(ValidationError, match=r"me-2011\.csv, row 2 \(value 99\)"):
        submission_submit(actor=users["me.statistician"], submission=submission(current, "ME"))
    operation = "One operation identified 37 victims from Taiwan; 47 more are presumed victims"
    result = upload(
        users, current, "ME", csv("ME", YEAR, total=99, identified=52, notes=(operation, operation))
    )
    # The presumed victims rose from 1 to 47 and are explained by the same operation,
    # in the total's note; the validation asks for a note on that row too.
    assert [issue.row for issue in result.report.warnings] == [4]


def test_montenegro_explained_row_by_row_is_submitted(users, rounds) -> None:  # type: ignore[no-untyped-def]
    _previous, current = rounds
    operation = "One operation: 37 victims from Taiwan"
    rows = csv("ME", YEAR, total=99, identified=52, notes=(operation, operation)).decode()
    lines = rows.splitlines()
    lines[3] += '"47 presumed victims from the same operation"'
    upload(users, current, "ME", "\n".join(lines).encode())
    submitted = submission_submit(
        actor=users["me.statistician"], submission=submission(current, "ME")
    )
    assert submitted.status == SubmissionStatus.SUBMITTED


def test_tiny_numbers_need_no_explanation(users, rounds) -> None:  # type: ignore[no-untyped-def]
    """15 -> 18 identified and 1 -> 5 presumed (+400 %): fewer than ten persons each."""
    _previous, current = rounds
    assert CHANGE_MIN_PERSONS == 10
    result = upload(users, current, "ME", csv("ME", YEAR, total=23, identified=18))
    assert result.report.warnings == []
    assert result.report.infos == []
    submitted = submission_submit(
        actor=users["me.statistician"], submission=submission(current, "ME")
    )
    assert submitted.status == SubmissionStatus.SUBMITTED


def test_the_rounds_threshold_decides(users) -> None:  # type: ignore[no-untyped-def]
    secretariat = users["secretariat"]
    previous = round_open(
        actor=secretariat,
        year=BEFORE,
        deadline=datetime.date(BEFORE + 1, 6, 30),
        member_codes=["MD"],
    )
    upload(users, previous, "MD", csv("MD", BEFORE, total=310, identified=258))
    submission_submit(actor=secretariat, submission=submission(previous, "MD"))
    submission_accept(actor=secretariat, submission=submission(previous, "MD"))
    # A round that tolerates changes up to 80 %: Moldova's -55 % passes unexplained.
    current = round_open(
        actor=secretariat,
        year=YEAR,
        deadline=datetime.date(YEAR + 1, 6, 30),
        member_codes=["MD"],
        change_threshold=Decimal("0.80"),
    )
    result = upload(users, current, "MD", csv("MD", YEAR, total=140, identified=116))
    assert result.report.warnings == []
    submission_submit(actor=users["md.statistician"], submission=submission(current, "MD"))


def test_the_web_page_says_which_rows_to_explain(users, rounds, client_for) -> None:  # type: ignore[no-untyped-def]
    _previous, current = rounds
    upload(users, current, "MD", csv("MD", YEAR, total=140, identified=116))
    pk = submission(current, "MD").pk
    response = client_for("md.statistician").post(
        f"/statistics/submissions/{pk}/submit/", follow=True
    )
    body = response.content.decode()
    assert "md-2011.csv, row 2 (value 140)" in body
    assert "Explain each in the note column (or the note field of the web form)" in body
    assert submission(current, "MD").status == SubmissionStatus.DRAFT
