"""`thbhub audit export`: scoped like the web export, and itself audited."""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from openpyxl import load_workbook

from thbhub.audit.export import HEADERS
from thbhub.audit.models import AuditEvent
from thbhub.audit.services import audit_record
from thbhub.core.audit_context import Interface, origin

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    with origin(Interface.CLI):
        call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def test_a_coordinator_exports_their_country_only(users, tmp_path: Path):
    audit_record(actor=users["rs.coordinator"], action="test.serbian")
    audit_record(actor=users["al.coordinator"], action="test.albanian")
    today = timezone.localdate().isoformat()
    target = tmp_path / "audit.csv"

    out = run(
        "audit",
        "export",
        "--format",
        "csv",
        "--out",
        str(target),
        "--since",
        today,
        "--until",
        today,
        "--as",
        "rs.coordinator",
    )

    rows = _rows(target)
    assert out.strip() == f"Wrote {len(rows)} audit event(s) to {target}."
    assert list(rows[0]) == HEADERS
    actions = {row["Action"] for row in rows}
    assert "test.serbian" in actions
    assert "test.albanian" not in actions
    assert {row["Country"] for row in rows} == {"RS"}
    export = AuditEvent.objects.filter(action="audit.export").latest("id")
    assert export.actor_username == "rs.coordinator"
    assert export.interface == Interface.CLI
    assert export.detail == {"count": len(rows), "format": "csv", "since": today, "until": today}


def test_the_secretariat_exports_xlsx_and_old_days_are_left_out(users, tmp_path: Path):
    audit_record(actor=users["al.coordinator"], action="test.albanian")
    target = tmp_path / "audit.xlsx"
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    run("audit", "export", "--out", str(target), "--since", tomorrow, "--as", "secretariat")
    sheet = load_workbook(target).worksheets[0]
    assert [c.value for c in sheet[1]] == HEADERS
    assert sheet.max_row == 1

    run("audit", "export", "--out", str(target), "--as", "secretariat")
    sheet = load_workbook(target).worksheets[0]
    assert "test.albanian" in {row[4] for row in sheet.iter_rows(min_row=2, values_only=True)}


def test_an_eu_partner_may_not_export_the_audit_log(users, tmp_path: Path):
    with pytest.raises(CommandError, match="Your role does not allow: Read and export the audit"):
        run("audit", "export", "--out", str(tmp_path / "a.csv"), "--as", "at.partner")
    refusal = AuditEvent.objects.filter(action="access.refused").latest("id")
    assert refusal.detail == {"permission": "audit.view", "command": "audit export"}
    assert not (tmp_path / "a.csv").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "31.01.2026"], "'31.01.2026' is not a date; write it as YYYY-MM-DD"),
        (["--since", "2026-02-01", "--until", "2026-01-01"], "is after --until"),
        (["--format", "pdf"], "invalid choice: 'pdf'"),
    ],
)
def test_export_mistakes_say_how_to_fix_them(users, tmp_path: Path, args, message):
    with pytest.raises(CommandError, match=message):
        run("audit", "export", "--out", str(tmp_path / "a.csv"), *args, "--as", "secretariat")
