"""`thbhub directory export|import`, end to end through call_command."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from tests.directory.sheets import (
    append_row,
    cell,
    contacts_sheet,
    export_book,
    row_values,
    set_cell,
    to_bytes,
)
from thbhub.audit.models import AuditEvent
from thbhub.directory.models import ContactPerson
from thbhub.directory.spreadsheet import SHEET
from thbhub.jobs.models import Job, JobStatus

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_export_xlsx_filtered_to_a_country(users, tmp_path: Path):
    target = tmp_path / "rs.xlsx"
    out, _err = run(
        "directory",
        "export",
        "--format",
        "xlsx",
        "--out",
        str(target),
        "--country",
        "rs",
        "--as",
        "rs.coordinator",
    )
    rs_count = ContactPerson.objects.filter(institution__country="RS", active=True).count()
    assert out.strip() == f"Wrote {rs_count} contact(s) to {target}."
    sheet = contacts_sheet(load_workbook(target))
    assert sheet.max_row - 1 == rs_count
    assert {cell(sheet, row, "Country code") for row in range(2, sheet.max_row + 1)} == {"RS"}
    event = AuditEvent.objects.filter(action="directory.contact.export").latest("id")
    assert event.actor_username == "rs.coordinator"
    assert event.detail == {"count": rs_count, "filters": {"country": "RS"}}


def test_an_eu_partner_may_export_for_reading(users, tmp_path: Path):
    target = tmp_path / "coordinators.csv"
    run("directory", "export", "--out", str(target), "--role", "coordinator", "--as", "at.partner")
    rows = list(csv.DictReader(io.StringIO(target.read_bytes().decode("utf-8-sig"))))
    assert rows
    assert all("coordinator" in row["Roles"].split(";") for row in rows)
    assert len({row["Country code"] for row in rows}) == 11


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--out", "{tmp}/x.xlsx"], "Name the account to act as with --as USERNAME"),
        (["--out", "{tmp}/x.xlsx", "--as", "nobody"], "There is no active account 'nobody'"),
        (["--out", "{tmp}/x.xlsx", "--country", "ZZ", "--as", "at.partner"], "'ZZ' is not an ISO"),
        (["--out", "{tmp}/x.txt", "--as", "at.partner"], "Give --format xlsx or --format csv"),
        (["--out", "{tmp}/no/x.csv", "--as", "at.partner"], "does not exist: create it"),
        (
            ["--out", "{tmp}/x.csv", "--kind", "bank", "--as", "at.partner"],
            "invalid choice: 'bank'",
        ),
    ],
)
def test_export_mistakes_say_how_to_fix_them(users, tmp_path: Path, args, message):
    with pytest.raises(CommandError, match=message):
        run("directory", "export", *(arg.format(tmp=tmp_path) for arg in args))
    assert not list(tmp_path.iterdir())


def test_import_changes_and_adds_with_progress_on_stderr(users, tmp_path: Path, capsys, settings):
    book = export_book(users["rs.coordinator"], country="RS")
    sheet = contacts_sheet(book)
    changed_id = cell(sheet, 2, "ID")
    set_cell(sheet, 2, "Position", "Deputy head")
    append_row(
        sheet,
        {
            "Country code": "RS",
            "Institution": cell(sheet, 2, "Institution"),
            "Institution type": cell(sheet, 2, "Institution type"),
            "Given name": "Vesna",
            "Family name": "Ćirić",
        },
    )
    source = tmp_path / "edited.xlsx"
    source.write_bytes(to_bytes(book))

    out, _err = run("directory", "import", str(source), "--as", "rs.coordinator")

    assert "Imported: 1 new contact(s), 1 changed" in out
    assert ContactPerson.objects.get(pk=changed_id).position == "Deputy head"
    assert ContactPerson.objects.filter(family_name="Ćirić").exists()
    assert "100%" in capsys.readouterr().err
    job = Job.objects.get(owner=users["rs.coordinator"])
    assert job.kind == "directory.import"
    assert job.status == JobStatus.SUCCEEDED
    assert job.title == "Directory import of edited.xlsx"
    # The copy under MEDIA_ROOT/imports/ holds personal data and is removed.
    assert job.params["upload"].startswith("imports/")
    assert not (Path(settings.MEDIA_ROOT) / job.params["upload"]).exists()
    assert source.exists()


def test_an_albanian_coordinator_cannot_import_a_serbian_row(users, tmp_path: Path):
    serbian = ContactPerson.objects.filter(institution__country="RS").order_by("pk").first()
    assert serbian is not None
    book = export_book(users["al.coordinator"], country="AL")
    sheet = contacts_sheet(book)
    row = append_row(sheet, row_values(serbian, {"Position": "Taken over"}))
    source = tmp_path / "mixed.xlsx"
    source.write_bytes(to_bytes(book))
    before = ContactPerson.objects.get(pk=serbian.pk).position

    err = io.StringIO()
    with pytest.raises(CommandError, match=r"nothing was imported.*\(job "):
        call_command(
            "directory",
            "import",
            str(source),
            "--as",
            "al.coordinator",
            stdout=io.StringIO(),
            stderr=err,
        )
    id_error = (
        f"{SHEET}, row {row}, column ID: {serbian.pk} — No contact with this ID is yours to "
        "change. Leave ID empty to add a new contact."
    )
    country_error = (
        f"{SHEET}, row {row}, column Country code: RS — You can change only your own "
        "country's contacts."
    )
    assert err.getvalue().splitlines() == [id_error, country_error]
    assert ContactPerson.objects.get(pk=serbian.pk).position == before


def test_import_refused_to_a_role_that_may_not_edit(users, tmp_path: Path):
    source = tmp_path / "contacts.xlsx"
    source.write_bytes(to_bytes(export_book(users["at.partner"], country="RS")))
    jobs = Job.objects.count()
    with pytest.raises(CommandError) as raised:
        run("directory", "import", str(source), "--as", "at.partner")
    assert "Your role does not allow: Add, change and import institutions and contacts." in str(
        raised.value
    )
    assert "Run the command with --as an account whose role allows it." in str(raised.value)
    refusal = AuditEvent.objects.filter(action="access.refused").latest("id")
    assert refusal.actor_username == "at.partner"
    assert refusal.detail == {"permission": "directory.edit", "command": "directory import"}
    assert Job.objects.count() == jobs


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.xlsx", None, "There is no file"),
        ("contacts.csv", b"ID,Given name\n", "open the CSV in Excel"),
        ("contacts.xlsx", b"not a workbook", "not an Excel workbook.*Nothing was imported"),
    ],
)
def test_import_of_a_file_that_cannot_be_read(users, tmp_path: Path, name, content, message):
    source = tmp_path / name
    if content is not None:
        source.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run("directory", "import", str(source), "--as", "rs.coordinator")


def test_an_unchanged_export_imports_as_unchanged(users, tmp_path: Path):
    source = tmp_path / "same.xlsx"
    source.write_bytes(to_bytes(export_book(users["rs.coordinator"], country="RS")))
    versions = dict(ContactPerson.objects.values_list("pk", "version"))
    out, _err = run("directory", "import", str(source), "--as", "rs.coordinator")
    assert "0 new contact(s), 0 changed" in out
    assert "nothing changed" in out
    assert dict(ContactPerson.objects.values_list("pk", "version")) == versions
