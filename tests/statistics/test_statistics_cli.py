"""`thbhub stats import`: the same checks and scope as the web page."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.statistics.rounds import YEAR, invalid_csv, open_round, valid_csv, valid_row_count
from thbhub.audit.models import AuditEvent
from thbhub.statistics.models import SubmissionVersion

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("stats", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def csv_path(tmp_path: Path) -> Path:
    return tmp_path / "rs-2022.csv"


def test_import_stores_a_version(users, csv_path: Path) -> None:  # type: ignore[no-untyped-def]
    open_round(users["secretariat"])
    csv_path.write_bytes(valid_csv())
    out, _err = run(
        "import", str(csv_path), "--round", str(YEAR), "--country", "rs", "--as", "rs.statistician"
    )
    assert f"Stored version 1 of RS {YEAR}: {valid_row_count()} row(s)" in out
    assert SubmissionVersion.objects.get(submission__round__year=YEAR).source_name == "rs-2022.csv"


def test_import_with_errors_lists_them_and_fails(users, csv_path: Path) -> None:  # type: ignore[no-untyped-def]
    open_round(users["secretariat"])
    csv_path.write_bytes(invalid_csv())
    err = StringIO()
    with pytest.raises(CommandError, match=r"1 error\(s\) in rs-2022\.csv: nothing was stored"):
        call_command(
            "stats",
            "import",
            str(csv_path),
            "--round",
            str(YEAR),
            "--country",
            "RS",
            "--as",
            "rs.statistician",
            stderr=err,
        )
    assert "rs-2022.csv, row 4, column value: -3 — A count cannot be negative." in err.getvalue()
    assert not SubmissionVersion.objects.filter(submission__round__year=YEAR).exists()


def test_import_for_another_country_is_refused(users, csv_path: Path) -> None:  # type: ignore[no-untyped-def]
    open_round(users["secretariat"])
    csv_path.write_bytes(valid_csv())
    with pytest.raises(CommandError, match="No submission of RS"):
        run(
            "import",
            str(csv_path),
            "--round",
            str(YEAR),
            "--country",
            "RS",
            "--as",
            "al.statistician",
        )
    assert not SubmissionVersion.objects.filter(submission__round__year=YEAR).exists()


def test_import_needs_a_role_that_submits(users, csv_path: Path) -> None:  # type: ignore[no-untyped-def]
    open_round(users["secretariat"])
    csv_path.write_bytes(valid_csv())
    with pytest.raises(CommandError, match="does not allow"):
        run(
            "import",
            str(csv_path),
            "--round",
            str(YEAR),
            "--country",
            "RS",
            "--as",
            "rs.rapporteur",
        )
    assert AuditEvent.objects.filter(
        action="access.refused", actor_username="rs.rapporteur"
    ).exists()


def test_import_of_a_missing_file_says_so(users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="There is no file"):
        run(
            "import",
            str(tmp_path / "none.csv"),
            "--round",
            "2022",
            "--country",
            "RS",
            "--as",
            "rs.statistician",
        )
