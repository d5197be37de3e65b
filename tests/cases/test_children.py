"""A child's consent is the guardian's; a child's deadlines and alerts."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.cases.conftest import days_ago, open_case
from thbhub.cases import care, services
from thbhub.cases.codes import ConsentGiver, ConsentPurpose, TaskKind
from thbhub.cases.models import Case


def _appoint(worker, case, social, on):  # type: ignore[no-untyped-def]
    care.case_guardian_appoint(
        actor=worker,
        case=case,
        appointed_on=on,
        institution_id=social.pk,
        expected_version=case.version,
    )


def test_the_guardian_gives_a_childs_consent(child_case, worker, social):
    with pytest.raises(ValidationError, match="record the guardian first"):
        care.case_consent_record(
            actor=worker, case=child_case, purpose=ConsentPurpose.ASSISTANCE, given_on=days_ago(2)
        )
    _appoint(worker, child_case, social, days_ago(5))
    with pytest.raises(ValidationError, match="the guardian gives consent"):
        care.case_consent_record(
            actor=worker,
            case=child_case,
            purpose=ConsentPurpose.ASSISTANCE,
            given_on=days_ago(2),
            given_by=ConsentGiver.PERSON,
        )
    with pytest.raises(ValidationError, match="consent given earlier was not"):
        care.case_consent_record(
            actor=worker, case=child_case, purpose=ConsentPurpose.ASSISTANCE, given_on=days_ago(6)
        )
    consent = care.case_consent_record(
        actor=worker, case=child_case, purpose=ConsentPurpose.ASSISTANCE, given_on=days_ago(2)
    )
    assert consent.given_by == ConsentGiver.GUARDIAN
    assert care.consent_in_force(child_case, ConsentPurpose.ASSISTANCE, None, days_ago(1))


def test_an_adult_gives_their_own_consent(case, worker):
    with pytest.raises(ValidationError, match="An adult gives their own consent"):
        care.case_consent_record(
            actor=worker,
            case=case,
            purpose=ConsentPurpose.ASSISTANCE,
            given_on=days_ago(2),
            given_by=ConsentGiver.GUARDIAN,
        )


def test_a_guardians_consent_ends_with_childhood(child_case, worker, social):
    _appoint(worker, child_case, social, days_ago(5))
    care.case_consent_record(
        actor=worker, case=child_case, purpose=ConsentPurpose.ASSISTANCE, given_on=days_ago(4)
    )
    fresh = Case.objects.get(pk=child_case.pk)
    values = {name: getattr(fresh, name) for name in services.CASE_FIELDS}
    values.update(age_at_identification=19, age_uncertain=False)
    services.case_update(
        actor=worker,
        case=fresh,
        data=services.CaseData(**values),  # type: ignore[arg-type]
        expected_version=fresh.version,
    )
    assert not fresh.presumed_child
    assert not care.consent_in_force(fresh, ConsentPurpose.ASSISTANCE, None, days_ago(0))
    # The child's deadlines no longer apply to an adult.
    assert not fresh.tasks.filter(
        kind__in=[TaskKind.BEST_INTERESTS, TaskKind.COMES_OF_AGE], done_on__isnull=True
    ).exists()


def test_a_child_gets_deadlines_for_the_determination_and_coming_of_age(worker):
    child = open_case(worker, age=16)
    kinds = {task.kind: task for task in child.tasks.all()}
    assert set(kinds) == {TaskKind.GUARDIAN, TaskKind.BEST_INTERESTS, TaskKind.COMES_OF_AGE}
    assert kinds[TaskKind.BEST_INTERESTS].due_on == child.first_contact_on + datetime.timedelta(
        days=30
    )
    # Sixteen at first contact: eighteen at the earliest a year and a day later.
    first = child.first_contact_on
    assert kinds[TaskKind.COMES_OF_AGE].due_on == first.replace(
        year=first.year + 1
    ) + datetime.timedelta(days=1)
    assert kinds[TaskKind.COMES_OF_AGE].alert_on == kinds[
        TaskKind.COMES_OF_AGE
    ].due_on - datetime.timedelta(days=90)
    uncertain = open_case(worker, age=None)
    assert not uncertain.tasks.filter(kind=TaskKind.COMES_OF_AGE).exists()
    assert uncertain.tasks.filter(kind=TaskKind.BEST_INTERESTS).exists()


def test_the_determination_completes_its_task(child_case, worker, social):
    care.case_best_interests_record(
        actor=worker,
        case=child_case,
        purpose="care",
        decided_on=days_ago(1),
        decided_by_id=social.pk,
        outcome="Specialised shelter.",
        child_heard=True,
    )
    assert child_case.tasks.get(kind=TaskKind.BEST_INTERESTS).done_on == days_ago(1)


def test_the_consent_table_says_who_gave_it(child_case, worker, social, client_for):
    _appoint(worker, child_case, social, days_ago(5))
    care.case_consent_record(
        actor=worker, case=child_case, purpose=ConsentPurpose.RETURN, given_on=days_ago(2)
    )
    page = client_for("rs.caseworker").get(f"/cases/{child_case.pk}/").content.decode()
    assert "The guardian, for the child" in page
