"""thbhub cases export-register: the 6.2 victim register, for the linkage encoder."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.cases.conftest import days_ago, open_case
from thbhub.audit.models import AuditEvent
from thbhub.cases import services
from thbhub.cases.models import Case
from thbhub.linkage.files import REGISTER_COLUMNS, read_register


def test_the_register_is_the_6_2_format_and_the_encoder_reads_it(tmp_path, worker, police):
    case = open_case(worker, given="Ана", family="Јовановић", born="1990-07")
    services.case_identify(
        actor=worker,
        case=case,
        decision="IDENTIFIED",
        decided_on=days_ago(1),
        authority_id=police.pk,
        reasons="Confirmed.",
        expected_version=case.version,
    )
    out = tmp_path / "rs.csv"
    stdout = io.StringIO()
    call_command(
        "cases", "export-register", "--country", "RS", "--out", str(out), "--as",
        "rs.coordinator", stdout=stdout,
    )  # fmt: skip
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == REGISTER_COLUMNS
    expected = Case.objects.filter(country_id="RS").exclude(status="NOT_VICTIM").count()
    assert len(rows) == expected
    assert f"Wrote {expected} row(s) of RS" in stdout.getvalue()
    mine = next(row for row in rows if row["record_id"] == case.number)
    assert mine == {
        "record_id": case.number,
        "given_name": "Ана",
        "family_name": "Јовановић",
        "date_of_birth": "1990-07",
        "sex": "F",
        "citizenship": "RS",
        "identified_in": "RS",
        "year_identified": str(days_ago(1).year),
        "status": "IDENTIFIED",
        "exploitation": "LABOUR",
    }
    assert len(read_register(out)) == expected
    entry = AuditEvent.objects.get(action="cases.register.export")
    assert entry.detail == {"rows": expected, "year": None}
    assert entry.actor_username == "rs.coordinator"


def test_a_case_worker_exports_only_their_agencys_cases(tmp_path, worker, police_worker):
    open_case(police_worker)
    out = tmp_path / "agency.csv"
    call_command(
        "cases", "export-register", "--country", "RS", "--out", str(out), "--as",
        "rs.caseworker", stdout=io.StringIO(),
    )  # fmt: skip
    numbers = {row["record_id"] for row in csv.DictReader(out.open(encoding="utf-8"))}
    assert numbers == set(
        Case.objects.filter(agency=worker.agency)
        .exclude(status="NOT_VICTIM")
        .values_list("number", flat=True)
    )


@pytest.mark.parametrize(
    ("username", "country", "message"),
    [
        ("rs.statistician", "RS", "Your role does not allow"),
        ("rs.coordinator", "AL", "AL is not your country"),
    ],
)
def test_the_export_is_refused_outside_the_reach(db, tmp_path, username, country, message):
    out = tmp_path / "x.csv"
    with pytest.raises(CommandError, match=message):
        call_command(
            "cases", "export-register", "--country", country, "--out", str(out), "--as",
            username, stdout=io.StringIO(),
        )  # fmt: skip
    assert not out.exists()


REGISTER = (
    "record_id,given_name,family_name,date_of_birth,sex,citizenship,identified_in,"
    "year_identified,status,exploitation\n"
    "A-1,Марија,Увозић,12.03.1999,F,RS,RS,2024,IDENTIFIED,SEXUAL;LABOUR\n"
    "A-2,Ivan,Uvozić,2010,M,MD,DE,2025,PRESUMED,BEGGING\n"
)


def test_import_opens_one_case_per_row(tmp_path, worker):
    source = tmp_path / "register.csv"
    source.write_text(REGISTER, encoding="utf-8")
    before = Case.objects.filter(agency=worker.agency).count()
    stdout = io.StringIO()
    call_command(
        "cases", "import", str(source), "--agency", str(worker.agency_id), "--as",
        "rs.caseworker", stdout=stdout,
    )  # fmt: skip
    assert "Opened 2 case(s) from register.csv" in stdout.getvalue()
    imported = list(Case.objects.filter(agency=worker.agency).order_by("-pk")[:2])[::-1]
    assert Case.objects.filter(agency=worker.agency).count() == before + 2
    first, second = imported
    assert first.status == "IDENTIFIED"
    assert first.exploitation == ["SEXUAL", "LABOUR"]
    assert first.identifiers.family_names == "Увозић"
    assert first.identifiers.date_of_birth == "1999-03-12"
    assert first.age_at_identification == 25
    assert not first.presumed_child
    assert second.identified_by == "abroad"
    assert second.presumed_child
    assert AuditEvent.objects.get(action="cases.register.import").detail["rows"] == 2


def test_a_bad_register_imports_nothing_and_names_every_error(tmp_path, worker):
    source = tmp_path / "bad.csv"
    source.write_text(
        REGISTER.replace("12.03.1999", "31.02.1999").replace("BEGGING", "SLAVERY"),
        encoding="utf-8",
    )
    before = Case.objects.count()
    with pytest.raises(CommandError) as refused:
        call_command(
            "cases", "import", str(source), "--agency", str(worker.agency_id), "--as",
            "rs.caseworker", stdout=io.StringIO(),
        )  # fmt: skip
    message = str(refused.value)
    assert "bad.csv, line 2, column date_of_birth, value '31.02.1999'" in message
    assert "bad.csv, line 3, column exploitation, value 'SLAVERY'" in message
    assert "Nothing was imported" in message
    assert Case.objects.count() == before


def test_import_into_another_agency_is_refused(db, tmp_path, police):
    source = tmp_path / "register.csv"
    source.write_text(REGISTER, encoding="utf-8")
    with pytest.raises(CommandError, match="not the agency of your account"):
        call_command(
            "cases", "import", str(source), "--agency", str(police.pk), "--as",
            "rs.caseworker", stdout=io.StringIO(),
        )  # fmt: skip
