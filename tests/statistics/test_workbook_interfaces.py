"""The questionnaire workbook through the web page, the API and the CLI: the
same template, the same checks, the same stored figures."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from tests.statistics.rounds import open_round, submission_of
from tests.statistics.workbooks import (
    WORKBOOK_YEAR,
    consistent_values,
    fill,
    input_rows,
    key_of,
    open_workbook,
)
from thbhub.accounts.services import api_token_create
from thbhub.audit.models import AuditEvent
from thbhub.statistics.models import Round, StoredObservation, SubmissionVersion
from thbhub.statistics.workbook import XLSX_CONTENT_TYPE

pytestmark = pytest.mark.django_db

VICTIMS_TOTAL = ("VICTIMS", *["TOTAL"] * 8)


@pytest.fixture
def round_(users) -> Round:  # type: ignore[no-untyped-def]
    return open_round(users["secretariat"], year=WORKBOOK_YEAR)


def api_client(user) -> Client:  # type: ignore[no-untyped-def]
    _token, key = api_token_create(actor=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def stored_values() -> dict[tuple[str, ...], int | None]:
    latest = SubmissionVersion.objects.filter(submission__round__year=WORKBOOK_YEAR).latest(
        "number"
    )
    return {
        key_of(row.__dict__): row.value for row in StoredObservation.objects.filter(version=latest)
    }


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("stats", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# Web ---------------------------------------------------------------------------


def test_the_submission_page_links_the_template(
    users,  # type: ignore[no-untyped-def]
    client_for,
    round_: Round,
) -> None:
    submission = submission_of(round_, "RS")
    page = client_for("rs.statistician").get(f"/statistics/submissions/{submission.pk}/")
    template_url = f"/statistics/submissions/{submission.pk}/template/"
    assert template_url.encode() in page.content
    assert b'accept=".xlsx,.csv"' in page.content
    reader = client_for("rs.rapporteur").get(f"/statistics/submissions/{submission.pk}/")
    assert template_url.encode() not in reader.content


def test_a_template_downloaded_and_uploaded_on_the_web(
    users,  # type: ignore[no-untyped-def]
    client_for,
    round_: Round,
) -> None:
    submission = submission_of(round_, "RS")
    client = client_for("rs.statistician")
    response = client.get(f"/statistics/submissions/{submission.pk}/template/")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert f'filename="thbhub-rs-{WORKBOOK_YEAR}.xlsx"' in response["Content-Disposition"]
    values = consistent_values(response.content)
    filled = fill(response.content, values)
    upload = client.post(
        f"/statistics/submissions/{submission.pk}/upload/",
        {"file": SimpleUploadedFile("rs-filled.xlsx", filled, content_type=XLSX_CONTENT_TYPE)},
    )
    assert upload.status_code == 302
    assert stored_values() == values
    assert SubmissionVersion.objects.get(submission=submission).interface == "web"


def test_a_wrong_workbook_on_the_web_lists_sheet_row_and_column(
    users, client_for, round_: Round
) -> None:  # type: ignore[no-untyped-def]
    submission = submission_of(round_, "RS")
    client = client_for("rs.statistician")
    blank = client.get(f"/statistics/submissions/{submission.pk}/template/").content
    filled = fill(blank, {VICTIMS_TOTAL: -4})
    page = client.post(
        f"/statistics/submissions/{submission.pk}/upload/",
        {"file": SimpleUploadedFile("rs.xlsx", filled)},
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "Victims - sex, age" in text and "A count cannot be negative." in text
    assert not SubmissionVersion.objects.filter(submission=submission).exists()


def test_another_countrys_template_is_not_found(
    users,  # type: ignore[no-untyped-def]
    client_for,
    round_: Round,
) -> None:
    submission = submission_of(round_, "RS")
    response = client_for("al.statistician").get(
        f"/statistics/submissions/{submission.pk}/template/"
    )
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="statistics.submission.template").exists()


# API ---------------------------------------------------------------------------


def test_the_api_gives_the_template_and_takes_it_back(
    users,  # type: ignore[no-untyped-def]
    round_: Round,
) -> None:
    submission = submission_of(round_, "RS")
    client = api_client(users["rs.statistician"])
    response = client.get(f"/api/v1/statistics/submissions/{submission.pk}/template/")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    values = consistent_values(response.content)
    upload = client.post(
        f"/api/v1/statistics/submissions/{WORKBOOK_YEAR}/RS/csv",
        {"file": SimpleUploadedFile("rs.xlsx", fill(response.content, values))},
    )
    assert upload.status_code == 201, upload.json()
    assert upload.json()["rows"] == len(values)
    assert stored_values() == values
    event = AuditEvent.objects.get(action="statistics.submission.template")
    assert event.outcome == "success"


def test_an_api_upload_of_a_wrong_workbook_is_400_with_its_place(
    users,  # type: ignore[no-untyped-def]
    round_: Round,
) -> None:
    submission = submission_of(round_, "AL")
    client = api_client(users["secretariat"])
    other = client.get(f"/api/v1/statistics/submissions/{submission.pk}/template/").content
    response = client.post(
        f"/api/v1/statistics/submissions/{WORKBOOK_YEAR}/RS/csv",
        {"file": SimpleUploadedFile("al.xlsx", fill(other, {VICTIMS_TOTAL: 3}))},
    )
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert (error["sheet"], error["row"], error["column"]) == ("Instructions", 3, "B")
    assert not SubmissionVersion.objects.filter(submission__round=round_).exists()


# CLI ---------------------------------------------------------------------------


def test_the_cli_writes_the_template_and_imports_it_without_naming_the_submission(
    users,  # type: ignore[no-untyped-def]
    round_: Round,
    tmp_path: Path,
) -> None:
    target = tmp_path / "rs.xlsx"
    out, _err = run(
        "template",
        "--country",
        "rs",
        "--year",
        str(WORKBOOK_YEAR),
        "--out",
        str(target),
        "--as",
        "rs.statistician",
    )
    assert f"Wrote the RS {WORKBOOK_YEAR} questionnaire to {target}" in out
    values = consistent_values(target.read_bytes())
    target.write_bytes(fill(target.read_bytes(), values))
    out, _err = run("import", str(target), "--as", "rs.statistician")
    assert f"Stored version 1 of RS {WORKBOOK_YEAR}: {len(values)} row(s)" in out
    assert stored_values() == values


def test_the_cli_refuses_a_country_the_workbook_is_not_for(
    users, round_: Round, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "rs.xlsx"
    run("template", "--country", "RS", "--year", str(WORKBOOK_YEAR), "--out", str(target),
        "--as", "rs.statistician")  # fmt: skip
    target.write_bytes(fill(target.read_bytes(), {VICTIMS_TOTAL: 4}))
    with pytest.raises(CommandError, match=f"is the questionnaire of RS {WORKBOOK_YEAR}, but"):
        run("import", str(target), "--country", "AL", "--as", "secretariat")
    assert not SubmissionVersion.objects.filter(submission__round=round_).exists()


def test_the_cli_import_of_a_bad_workbook_lists_its_errors(
    users, round_: Round, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "rs.xlsx"
    run("template", "--country", "RS", "--year", str(WORKBOOK_YEAR), "--out", str(target),
        "--as", "rs.statistician")  # fmt: skip
    row = input_rows(open_workbook(target.read_bytes()))[VICTIMS_TOTAL].row
    target.write_bytes(fill(target.read_bytes(), {VICTIMS_TOTAL: 2.5}))  # type: ignore[dict-item]
    err = StringIO()
    with pytest.raises(CommandError, match=r"1 error\(s\) in rs\.xlsx: nothing was stored"):
        call_command("stats", "import", str(target), "--as", "rs.statistician", stderr=err)
    line = f"Victims - sex, age, row {row}, column value: 2.5 — Counts are whole numbers"
    assert line in err.getvalue()


def test_the_cli_template_is_refused_outside_the_accounts_reach(
    users, round_: Round, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="No submission of RS"):
        run("template", "--country", "RS", "--year", str(WORKBOOK_YEAR), "--out",
            str(tmp_path / "x.xlsx"), "--as", "al.statistician")  # fmt: skip
    with pytest.raises(CommandError, match="--as an account whose role allows it"):
        run("template", "--country", "RS", "--year", str(WORKBOOK_YEAR), "--out",
            str(tmp_path / "x.xlsx"), "--as", "rs.rapporteur")  # fmt: skip
    assert not (tmp_path / "x.xlsx").exists()


def test_the_cli_still_needs_country_and_year_for_csv(
    users,  # type: ignore[no-untyped-def]
    round_: Round,
    tmp_path: Path,
) -> None:
    source = tmp_path / "rs.csv"
    source.write_text("country,year\n")
    with pytest.raises(CommandError, match="Give --round YEAR and --country CC"):
        run("import", str(source), "--as", "rs.statistician")
