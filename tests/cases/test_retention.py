"""Retention and erasure: anonymised after the country's period unless on legal hold."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection

from tests.cases.conftest import days_ago, open_case
from thbhub.audit.models import AuditEvent
from thbhub.cases import care, longterm, proceedings, retention, services
from thbhub.cases.codes import ConsentPurpose
from thbhub.cases.models import Case, CaseErasure, CaseIdentifiers, CaseNameToken
from thbhub.cases.selectors import CaseFilters, cases_visible_to


def _closed(worker, *, years_ago: int, **names: str) -> Case:  # type: ignore[no-untyped-def]
    case = open_case(worker, **names)
    care.case_assistance_plan_agree(
        actor=worker,
        case=case,
        agreed_on=days_ago(10),
        plan="Shelter with Teodora's aunt in Niš.",
        expected_version=case.version,
    )
    closed_on = days_ago(0).replace(year=days_ago(0).year - years_ago) - datetime.timedelta(days=1)
    # Closed long ago: the date is set directly, as a closing recorded years back would be.
    Case.objects.filter(pk=case.pk).update(
        closed_on=closed_on, closure_reason="assistance_completed"
    )
    case.refresh_from_db()
    return case


def test_apply_retention_anonymises_old_closed_cases_and_keeps_the_figures(worker):
    old = _closed(worker, years_ago=5, given="Stara", family="Zatvorenić")
    recent = _closed(worker, years_ago=1, given="Nova", family="Zatvorenić")
    out = io.StringIO()
    call_command("cases", "apply-retention", stdout=out)
    assert f"Anonymised {old.number}" in out.getvalue()
    assert recent.number not in out.getvalue()
    old.refresh_from_db()
    assert old.anonymised_on == days_ago(0)
    assert (old.sex, old.exploitation, old.citizenship, old.age_at_identification) == (
        "F",
        ["LABOUR"],
        "RS",
        30,
    )
    assert old.routes.count() == 1
    assert old.assistance_plan == ""
    identifiers = CaseIdentifiers.objects.get(case=old)
    assert (identifiers.given_names, identifiers.family_names, identifiers.documents) == (
        "",
        "",
        "",
    )
    assert not CaseNameToken.objects.filter(case=old).exists()
    assert CaseNameToken.objects.filter(case=recent).exists()
    assert list(cases_visible_to(worker, CaseFilters(query="Zatvorenić"))) == [recent]
    assert AuditEvent.objects.filter(action="cases.case.anonymise", object_id=str(old.pk)).exists()
    assert "Zatvorenić" not in str(list(AuditEvent.objects.values_list("detail", flat=True)))


def test_the_retention_period_is_the_countrys(worker, users):
    case = _closed(worker, years_ago=2)
    services.case_settings_update(
        actor=users["rs.coordinator"],
        country_id="RS",
        reflection_period_days=30,
        retention_years=2,
    )
    assert case in retention.cases_due_for_anonymisation()
    services.case_settings_update(
        actor=users["rs.coordinator"],
        country_id="RS",
        reflection_period_days=30,
        retention_years=10,
    )
    assert case not in retention.cases_due_for_anonymisation()


def test_a_legal_hold_keeps_the_case_until_lifted(worker):
    case = _closed(worker, years_ago=6)
    with pytest.raises(ValidationError, match="reason"):
        retention.legal_hold_set(actor=worker, case=case, reason=" ")
    retention.legal_hold_set(actor=worker, case=case, reason="Appeal pending at the court.")
    retention.retention_apply()
    case.refresh_from_db()
    assert case.anonymised_on is None
    assert CaseIdentifiers.objects.get(case=case).given_names == "Teodora"
    retention.legal_hold_lift(actor=worker, case=case, reason="Judgment final.")
    result = retention.retention_apply()
    assert case.number in result.anonymised
    actions = list(
        AuditEvent.objects.filter(object_id=str(case.pk), action__startswith="cases.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions[-3:] == ["cases.legal_hold.set", "cases.legal_hold.lift", "cases.case.anonymise"]
    hold = case.legal_holds.get()
    assert (hold.reason, hold.lifted_reason) == ("", "")  # free text removed with the rest


def test_erasure_on_a_lawful_request_is_recorded(worker, social, client_for):
    case = open_case(worker, given="Brisana", family="Zahtević")
    proceedings.case_proceeding_record(
        actor=worker,
        case=case,
        data=proceedings.ProceedingData(
            kind="criminal", role="witness", started_on=days_ago(5), notes="Testified on Brisana."
        ),
    )
    longterm.case_inclusion_record(
        actor=worker, case=case, area="housing", kind="shelter", started_on=days_ago(5), notes="x"
    )
    client = client_for("rs.caseworker")
    form = {
        "legal_basis": "data_subject_request",
        "requested_on": days_ago(1).isoformat(),
        "request_reference": "DPO-2026-17",
        "confirm": "on",
    }
    refused = client.post(f"/cases/{case.pk}/erase/", form)
    assert "close it first" in refused.content.decode()
    services.case_close(
        actor=worker,
        case=case,
        closed_on=days_ago(0),
        reason="declined",
        expected_version=case.version,
    )
    response = client.post(f"/cases/{case.pk}/erase/", form)
    assert response.status_code == 302
    erasure = CaseErasure.objects.get(case=case)
    assert (erasure.case_number, erasure.by, erasure.legal_basis) == (
        case.number,
        worker,
        "data_subject_request",
    )
    assert "statistical_fields" in erasure.kept
    assert case.proceedings.get().notes == ""
    assert case.inclusion.get().notes == ""
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Erased on" in page
    assert "anonymised" in page
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT given_names FROM cases_caseidentifiers WHERE case_id = %s", [case.pk]
        )
        assert cursor.fetchone()[0] == ""
    entry = AuditEvent.objects.get(action="cases.case.erase", object_id=str(case.pk))
    assert entry.detail["legal_basis"] == "data_subject_request"


def test_a_case_on_hold_cannot_be_erased(worker, client_for):
    case = _closed(worker, years_ago=0)
    client = client_for("rs.caseworker")
    assert client.post(f"/cases/{case.pk}/legal-hold/", {"reason": "Trial."}).status_code == 302
    response = client.post(
        f"/cases/{case.pk}/erase/",
        {"legal_basis": "court_order", "requested_on": days_ago(0).isoformat(), "confirm": "on"},
    )
    assert response.status_code == 200
    assert "is on legal hold" in response.content.decode()
    assert not CaseErasure.objects.exists()


def test_another_agency_cannot_hold_or_erase(case, police_worker):
    from django.http import Http404

    with pytest.raises(Http404):
        retention.legal_hold_set(actor=police_worker, case=case, reason="x")
    assert not case.legal_holds.exists()


def test_consent_and_overrides_lose_their_free_text(worker, social):
    case = open_case(worker)
    care.case_service_add(
        actor=worker,
        case=case,
        service="medical",
        provider_id=social.pk,
        started_on=days_ago(1),
        notes="Seen by Dr. Petrović",
        override_reason="Teodora was unconscious.",
    )
    care.case_consent_record(
        actor=worker, case=case, purpose=ConsentPurpose.ASSISTANCE, given_on=days_ago(1)
    )
    services.case_close(
        actor=worker,
        case=case,
        closed_on=days_ago(0),
        reason="declined",
        expected_version=case.version,
    )
    retention.case_erase(
        actor=worker, case=case, legal_basis="court_order", requested_on=days_ago(0)
    )
    assert case.services.get().notes == ""
    assert {o.reason for o in case.consent_overrides.all()} == {""}
    assert case.consents.count() == 1  # consent itself holds no free text
