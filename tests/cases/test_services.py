"""The case services: status moves, reflection period, consent gate, child safeguards."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.cases.conftest import days_ago, open_case
from thbhub.access.policies import PermissionDenied
from thbhub.audit.models import AuditEvent
from thbhub.cases import care, services
from thbhub.cases.codes import CaseStatus, ConsentPurpose, EventKind, TaskKind
from thbhub.cases.models import Case, ConsentOverride, CountryCaseSettings


def test_a_new_case_has_a_pseudonymous_number_in_the_workers_agency(case, worker):
    assert re.fullmatch(r"RS-\d{4}-\d{6}", case.number)
    assert case.agency == worker.agency
    assert case.country_id == "RS"
    assert case.status == CaseStatus.PRESUMED
    assert not case.presumed_child
    assert case.events.filter(kind=EventKind.OPENED).exists()
    entry = AuditEvent.objects.get(action="cases.case.create", object_id=str(case.pk))
    assert "Teodora" not in str(entry.detail)


def test_case_numbers_follow_each_other(worker):
    first = open_case(worker)
    second = open_case(worker)
    assert int(second.number[-6:]) == int(first.number[-6:]) + 1


def test_an_account_without_agency_cannot_open_a_case(users):
    coordinator = users["rs.coordinator"]
    with pytest.raises(PermissionDenied):
        open_case(coordinator)


def test_bad_codes_are_refused_with_the_field_named(worker):
    data = services.CaseData(first_contact_on=days_ago(1), exploitation=["SLAVERY"])
    with pytest.raises(ValidationError) as refused:
        services.case_create(actor=worker, data=data)
    assert "exploitation" in refused.value.message_dict
    assert "SLAVERY" in str(refused.value)
    assert not Case.objects.filter(agency=worker.agency, exploitation__icontains="SLAVERY")


def test_identification_moves_presumed_to_identified_once(case, worker, police):
    services.case_identify(
        actor=worker,
        case=case,
        decision=CaseStatus.IDENTIFIED,
        decided_on=days_ago(2),
        authority_id=police.pk,
        reasons="Indicators confirmed.",
        expected_version=case.version,
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.IDENTIFIED
    assert case.status_decided_on == days_ago(2)
    assert case.deciding_authority == police
    assert case.decision_reasons == "Indicators confirmed."
    with pytest.raises(ValidationError, match="already decided"):
        services.case_identify(
            actor=worker,
            case=case,
            decision=CaseStatus.NOT_VICTIM,
            decided_on=days_ago(1),
            authority_id=police.pk,
            reasons="Changed mind.",
            expected_version=case.version,
        )


def test_identification_needs_reasons_and_a_date_after_first_contact(case, worker, police):
    for decided_on, reasons, field in [
        (days_ago(1), "  ", "reasons"),
        (days_ago(400), "Fine.", "decided_on"),
        (days_ago(-3), "Fine.", "decided_on"),
    ]:
        with pytest.raises(ValidationError) as refused:
            services.case_identify(
                actor=worker,
                case=case,
                decision=CaseStatus.IDENTIFIED,
                decided_on=decided_on,
                authority_id=police.pk,
                reasons=reasons,
                expected_version=case.version,
            )
        assert field in refused.value.message_dict
    case.refresh_from_db()
    assert case.status == CaseStatus.PRESUMED


def test_reflection_period_takes_the_countrys_length_and_sets_an_alert(case, worker, users):
    services.case_settings_update(
        actor=users["rs.coordinator"],
        country_id="RS",
        reflection_period_days=90,
        reflection_alert_days=10,
    )
    care.case_reflection_period_start(
        actor=worker, case=case, start=days_ago(5), expected_version=case.version
    )
    case.refresh_from_db()
    assert case.reflection_days == 90
    assert case.reflection_end == days_ago(5 - 90)
    task = case.tasks.get(kind=TaskKind.REFLECTION_END)
    assert task.due_on == case.reflection_end
    assert task.alert_on == days_ago(5 - 80)


def test_reflection_period_is_never_shorter_than_the_law(case, worker, users):
    with pytest.raises(ValidationError, match="at least 30 days"):
        services.case_settings_update(
            actor=users["rs.coordinator"], country_id="RS", reflection_period_days=29
        )
    with pytest.raises(ValidationError) as refused:
        care.case_reflection_period_start(
            actor=worker, case=case, start=days_ago(1), days=20, expected_version=case.version
        )
    assert "days" in refused.value.message_dict
    # The database refuses it too, whatever code path writes it.
    with pytest.raises(IntegrityError), transaction.atomic():
        CountryCaseSettings.objects.create(country_id="AL", reflection_period_days=10)


def test_a_coordinator_sets_only_their_own_countrys_rules(users):
    with pytest.raises(PermissionDenied):
        services.case_settings_update(
            actor=users["rs.coordinator"], country_id="AL", reflection_period_days=60
        )
    with pytest.raises(PermissionDenied):
        services.case_settings_update(
            actor=users["rs.caseworker"], country_id="RS", reflection_period_days=60
        )


def test_a_service_without_consent_is_refused(case, worker, social):
    with pytest.raises(ValidationError) as refused:
        care.case_service_add(
            actor=worker,
            case=case,
            service="psychological",
            provider_id=social.pk,
            started_on=days_ago(1),
        )
    assert "no consent" in str(refused.value)
    assert not case.services.exists()


def test_a_referral_to_another_provider_needs_consent_for_that_provider(case, worker, social):
    care.case_consent_record(
        actor=worker, case=case, purpose=ConsentPurpose.ASSISTANCE, given_on=days_ago(10)
    )
    # The owning agency itself may assist with consent to assistance alone.
    care.case_service_add(
        actor=worker,
        case=case,
        service="accommodation",
        provider_id=worker.agency_id,
        started_on=days_ago(5),
    )
    with pytest.raises(ValidationError, match=re.escape(social.name)):
        care.case_service_add(
            actor=worker,
            case=case,
            service="medical",
            provider_id=social.pk,
            started_on=days_ago(5),
        )
    care.case_consent_record(
        actor=worker,
        case=case,
        purpose=ConsentPurpose.REFERRAL_IN_COUNTRY,
        recipient_id=social.pk,
        given_on=days_ago(6),
    )
    care.case_service_add(
        actor=worker, case=case, service="medical", provider_id=social.pk, started_on=days_ago(5)
    )
    assert sorted(case.services.values_list("service", flat=True)) == ["accommodation", "medical"]


def test_an_override_with_reason_is_recorded_and_audited(case, worker, social):
    care.case_service_add(
        actor=worker,
        case=case,
        service="medical",
        provider_id=social.pk,
        started_on=days_ago(1),
        override_reason="Emergency care: the person was unconscious.",
    )
    overrides = ConsentOverride.objects.filter(case=case)
    assert {o.purpose for o in overrides} == {"assistance", "referral_in_country"}
    assert overrides.first().reason == "Emergency care: the person was unconscious."
    entries = AuditEvent.objects.filter(action="cases.consent.override", object_id=str(case.pk))
    assert entries.count() == 2
    assert all("unconscious" not in str(entry.detail) for entry in entries)
    assert case.events.filter(kind=EventKind.CONSENT_OVERRIDDEN).count() == 2


def test_withdrawn_consent_no_longer_allows_family_contact(case, worker):
    consent = care.case_consent_record(
        actor=worker, case=case, purpose=ConsentPurpose.FAMILY_CONTACT, given_on=days_ago(10)
    )
    care.case_family_contact_record(actor=worker, case=case, on=days_ago(8))
    care.case_consent_withdraw(
        actor=worker, case=case, consent_id=consent.pk, withdrawn_on=days_ago(5)
    )
    with pytest.raises(ValidationError, match="no consent"):
        care.case_family_contact_record(actor=worker, case=case, on=days_ago(1))
    assert case.events.filter(kind=EventKind.FAMILY_CONTACT).count() == 1


def test_a_person_of_uncertain_age_is_presumed_a_child(worker):
    uncertain = open_case(worker, age=19, uncertain=True)
    unknown = open_case(worker, age=None)
    adult = open_case(worker, age=25)
    assert uncertain.presumed_child
    assert unknown.presumed_child
    assert unknown.age_uncertain
    assert not adult.presumed_child
    task = uncertain.tasks.get(kind=TaskKind.GUARDIAN)
    assert task.due_on == uncertain.first_contact_on + datetime.timedelta(days=3)


def test_guardian_and_best_interests_are_for_children_only(case, child_case, worker, social):
    with pytest.raises(ValidationError, match="adult"):
        care.case_guardian_appoint(
            actor=worker,
            case=case,
            appointed_on=days_ago(1),
            institution_id=social.pk,
            expected_version=case.version,
        )
    care.case_guardian_appoint(
        actor=worker,
        case=child_case,
        appointed_on=days_ago(1),
        institution_id=social.pk,
        expected_version=child_case.version,
    )
    child_case.refresh_from_db()
    assert child_case.guardian_appointed_on == days_ago(1)
    assert child_case.tasks.get(kind=TaskKind.GUARDIAN).done_on == days_ago(1)


def test_a_child_is_not_returned_without_a_best_interests_determination(child_case, worker, social):
    def close():
        services.case_close(
            actor=worker,
            case=child_case,
            closed_on=days_ago(0),
            reason="returned",
            expected_version=child_case.version,
        )

    with pytest.raises(ValidationError, match="best-interests"):
        close()
    care.case_best_interests_record(
        actor=worker,
        case=child_case,
        purpose="return",
        decided_on=days_ago(1),
        decided_by_id=social.pk,
        outcome="Return to the mother is safe; school place confirmed.",
        child_heard=True,
    )
    with pytest.raises(ValidationError, match="no consent"):
        close()
    # A child's consent is the guardian's: none can be recorded before one is appointed.
    with pytest.raises(ValidationError, match="record the guardian first"):
        care.case_consent_record(
            actor=worker, case=child_case, purpose=ConsentPurpose.RETURN, given_on=days_ago(1)
        )
    care.case_guardian_appoint(
        actor=worker,
        case=child_case,
        appointed_on=days_ago(2),
        institution_id=social.pk,
        expected_version=child_case.version,
    )
    care.case_consent_record(
        actor=worker, case=child_case, purpose=ConsentPurpose.RETURN, given_on=days_ago(1)
    )
    close()
    child_case.refresh_from_db()
    assert child_case.closed_on == days_ago(0)
    with pytest.raises(ValidationError, match="closed"):
        care.case_family_contact_record(
            actor=worker, case=child_case, on=days_ago(0), override_reason="x"
        )
