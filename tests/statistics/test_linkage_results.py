"""Recording a linkage run's MATCHES.csv: counts only, cross-member duplicates only."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from thbhub.access.policies import PermissionDenied
from thbhub.audit.models import AuditEvent
from thbhub.statistics.linkage_results import linkage_result_record
from thbhub.statistics.models import LinkageResult

pytestmark = pytest.mark.django_db

HEADER = "cluster_id,country_a,record_id_a,country_b,record_id_b,score\n"
MATCHES = HEADER + (
    # One victim counted by Albania and Croatia.
    "c1,AL,a1,HR,h1,0.9100\n"
    # One victim counted by Albania, Serbia and Croatia: two duplicates.
    "c2,AL,a2,RS,r2,0.8800\n"
    "c2,RS,r2,HR,h9,0.8000\n"
    # Twice in Serbia's own register: Serbia's matter, not the region's.
    "c3,RS,r5,RS,r6,0.9500\n"
    # Albania and Germany: Germany is not in the region's sum.
    "c4,AL,a7,DE,d1,0.9000\n"
)


def test_counts_cross_member_duplicates_and_the_overlap(users) -> None:  # type: ignore[no-untyped-def]
    result = linkage_result_record(
        actor=users["secretariat"], year=2024, matches=MATCHES.encode(), filename="m.csv"
    )
    assert result.duplicates == 1 + 2
    assert result.overlap == {"AL": {"HR": 2, "RS": 1}, "HR": {"RS": 1}}
    assert result.threshold == Decimal("0.750")
    event = AuditEvent.objects.get(action="statistics.linkage_result.record")
    assert event.detail["duplicates"] == 3
    assert event.detail["file"] == "m.csv"


def test_a_malformed_file_names_every_problem_and_records_nothing(users) -> None:  # type: ignore[no-untyped-def]
    bad = HEADER + "c1,AL,a1,HR,h1,0.91\nc2,ZZ,a2,RS,,abc\nc3,AL,a3,HR\n"
    with pytest.raises(ValidationError) as refused:
        linkage_result_record(
            actor=users["secretariat"], year=2024, matches=bad.encode(), filename="bad.csv"
        )
    messages = refused.value.messages
    assert any("bad.csv, row 3, column country_a: ZZ" in m for m in messages)
    assert any("row 3, column record_id_b" in m for m in messages)
    assert any("row 3, column score: abc" in m for m in messages)
    assert any("bad.csv, row 4: 4 cells, expected 6" in m for m in messages)
    assert not LinkageResult.objects.exists()


def test_a_wrong_header_or_a_score_below_the_threshold_is_refused(users) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="row 1: the header must be"):
        linkage_result_record(
            actor=users["secretariat"], year=2024, matches=b"a,b\n1,2\n", filename="x.csv"
        )
    with pytest.raises(ValidationError, match=r"below the threshold 0\.900"):
        linkage_result_record(
            actor=users["secretariat"],
            year=2024,
            matches=MATCHES.encode(),
            filename="m.csv",
            threshold="0.9",
        )
    assert not LinkageResult.objects.exists()


def test_only_the_secretariat_records(users) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        linkage_result_record(
            actor=users["rs.coordinator"], year=2024, matches=MATCHES.encode(), filename="m.csv"
        )


def test_the_command_records_and_reports(users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "MATCHES.csv"
    path.write_text(MATCHES, encoding="utf-8")
    out = StringIO()
    call_command(
        "stats", "linkage-result", str(path), "--year", "2023", "--as", "secretariat", stdout=out
    )
    assert "Recorded for 2023: 3 victim(s) counted by two members" in out.getvalue()
    assert LinkageResult.objects.get(year=2023).overlap["AL"]["HR"] == 2
    with pytest.raises(CommandError, match="Your role does not allow"):
        call_command(
            "stats", "linkage-result", str(path), "--year", "2023", "--as", "rs.statistician"
        )
    bad = tmp_path / "BAD.csv"
    bad.write_text(HEADER + "c1,AL,a1,QQ,h1,0.9\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was recorded"):
        call_command(
            "stats", "linkage-result", str(bad), "--year", "2023", "--as", "secretariat", stderr=err
        )
    assert "BAD.csv, row 2, column country_b: QQ" in err.getvalue()
