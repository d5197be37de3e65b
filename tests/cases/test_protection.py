"""Concurrent edits, encryption at rest, key rotation and the name index."""

from __future__ import annotations

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from tests.cases.conftest import open_case
from thbhub.cases import services
from thbhub.cases.models import Case, CaseIdentifiers
from thbhub.cases.selectors import CaseFilters, cases_visible_to
from thbhub.core.concurrency import EditConflictError
from thbhub.core.encryption import PREFIX


def _data(case: Case, **changes: object) -> services.CaseData:
    values = {name: getattr(case, name) for name in services.CASE_FIELDS}
    values.update(changes)
    return services.CaseData(**values)  # type: ignore[arg-type]


def test_two_editors_of_one_case_never_overwrite_each_other(case, worker):
    opened_by_first = Case.objects.get(pk=case.pk)
    opened_by_second = Case.objects.get(pk=case.pk)
    services.case_update(
        actor=worker,
        case=opened_by_first,
        data=_data(opened_by_first, languages=["sr", "en"]),
        expected_version=opened_by_first.version,
    )
    with pytest.raises(EditConflictError):
        services.case_update(
            actor=worker,
            case=opened_by_second,
            data=_data(opened_by_second, languages=["de"]),
            expected_version=opened_by_second.version,
        )
    stored = Case.objects.get(pk=case.pk)
    assert stored.languages == ["sr", "en"]
    assert stored.version == case.version + 1


def test_a_web_edit_on_an_old_version_shows_the_conflict(case, worker, client_for):
    services.case_update(
        actor=worker,
        case=Case.objects.get(pk=case.pk),
        data=_data(case, citizenship="AL"),
        expected_version=case.version,
    )
    client = client_for("rs.caseworker")
    response = client.post(
        f"/cases/{case.pk}/edit/",
        {
            "first_contact_on": case.first_contact_on.isoformat(),
            "sex": "M",
            "age_at_identification": 30,
            "citizenship": "RS",
            "version": case.version,
        },
    )
    assert response.status_code == 200
    assert "Someone else saved this record" in response.content.decode()
    stored = Case.objects.get(pk=case.pk)
    assert (stored.sex, stored.citizenship) == ("F", "AL")


def _raw(column: str, case: Case) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column} FROM cases_caseidentifiers WHERE case_id = %s",  # noqa: S608 — column from the test
            [case.pk],
        )
        return str(cursor.fetchone()[0])


def test_identifiers_are_encrypted_at_rest(case):
    for column in ["given_names", "family_names", "date_of_birth", "documents"]:
        raw = _raw(column, case)
        assert raw.startswith(PREFIX)
    assert "Teodora" not in _raw("given_names", case)
    assert "X0000000" not in _raw("documents", case)
    with connection.cursor() as cursor:
        cursor.execute("SELECT token FROM cases_casenametoken WHERE case_id = %s", [case.pk])
        tokens = [row[0] for row in cursor.fetchall()]
    assert tokens
    assert all("teodora" not in token for token in tokens)


def test_after_key_rotation_the_new_key_alone_reads_the_identifiers(case, settings):
    old_keys = list(settings.FIELD_ENCRYPTION_KEYS)
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, *old_keys]

    call_command("rotate_keys", stdout=io.StringIO())

    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    identifiers = CaseIdentifiers.objects.get(case=case)
    assert identifiers.given_names == "Teodora"
    assert identifiers.documents == "Passport X0000000 (test)"
    raw = _raw("given_names", case)
    Fernet(new_key.encode()).decrypt(raw[len(PREFIX) :].encode())


@pytest.mark.parametrize("typed", ["Јовановић", "jovanovic", "JOVANOVIĆ Ana"])
def test_names_are_found_in_any_script_without_clear_text(worker, typed):
    found = open_case(worker, given="Ana", family="Jovanović")
    open_case(worker, given="Ana", family="Petrović")
    result = cases_visible_to(worker, CaseFilters(query=typed))
    assert list(result) == [found]


def test_case_number_search(case, worker):
    assert list(cases_visible_to(worker, CaseFilters(query=case.number.lower()))) == [case]


def test_part_of_a_case_number_finds_the_case(case, worker):
    """Digits only, or the start of the number typed in lower case."""
    sequence = case.number.rsplit("-", 1)[1]
    by_digits = cases_visible_to(worker, CaseFilters(query=sequence, open=None))
    assert case in by_digits
    assert all(sequence in found.number for found in by_digits)
    start = case.number[: len("RS-2026-00")].lower()
    assert case in cases_visible_to(worker, CaseFilters(query=start, open=None))
    assert not cases_visible_to(worker, CaseFilters(query="999999", open=None)).exists()


def test_after_a_new_secret_key_reindex_finds_names_again(worker, settings):
    found = open_case(worker, given="Ana", family="Reindeksić")
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    assert not cases_visible_to(worker, CaseFilters(query="Reindeksić")).exists()

    call_command("cases", "reindex", stdout=io.StringIO())

    assert list(cases_visible_to(worker, CaseFilters(query="Reindeksić"))) == [found]


def test_after_key_rotation_every_encrypted_record_of_a_case_reads(case, worker, settings):
    """Not only identifiers: reasons, plans, proceedings and holds are encrypted too."""
    from decimal import Decimal

    from tests.cases.conftest import days_ago
    from thbhub.cases import care, proceedings, retention
    from thbhub.cases.models import Proceeding

    care.case_assistance_plan_agree(
        actor=worker,
        case=case,
        agreed_on=days_ago(3),
        plan="Shelter, then a course.",
        expected_version=case.version,
    )
    found = proceedings.case_proceeding_record(
        actor=worker,
        case=case,
        data=proceedings.ProceedingData(
            kind="criminal",
            role="witness",
            started_on=days_ago(5),
            file_reference="K-77/26",
            compensation_claimed=Decimal("900"),
            compensation_claimed_currency="EUR",
        ),
    )
    retention.legal_hold_set(actor=worker, case=case, reason="Trial in Novi Sad.")
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, *settings.FIELD_ENCRYPTION_KEYS]

    call_command("rotate_keys", stdout=io.StringIO())

    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    assert Case.objects.get(pk=case.pk).assistance_plan == "Shelter, then a course."
    assert Proceeding.objects.get(pk=found.pk).file_reference == "K-77/26"
    assert case.legal_holds.get().reason == "Trial in Novi Sad."
    assert CaseIdentifiers.objects.get(case=case).family_names == "Testović"
