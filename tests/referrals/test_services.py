"""The referral services: consent, sending, answering, scope and the child safeguards."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from tests.cases.conftest import days_ago
from tests.referrals.conftest import ALL_ITEMS, agency_of, consent_abroad, draft, sent
from thbhub.access.policies import PermissionDenied
from thbhub.audit.models import AuditEvent
from thbhub.cases import care
from thbhub.cases.models import Case, ConsentOverride
from thbhub.referrals import returns, services
from thbhub.referrals.codes import (
    ReferralKind,
    ReferralPurpose,
    ReferralStatus,
    ShareItem,
    TimelineKind,
)
from thbhub.referrals.selectors import (
    access_referral,
    inbox_for,
    outbox_for,
    shared_content_for,
)


def test_without_consent_nothing_can_be_chosen_to_share(worker, case):
    referral = draft(worker, case)
    with pytest.raises(ValidationError) as refused:
        services.referral_share_choose(
            actor=worker, referral=referral, items=ALL_ITEMS, expected_version=referral.version
        )
    assert "consent" in str(refused.value)
    referral.refresh_from_db()
    assert referral.shared_items == []


def test_an_override_is_recorded_on_the_case_with_its_reason(worker, case):
    referral = draft(worker, case)
    services.referral_share_choose(
        actor=worker,
        referral=referral,
        items=[ShareItem.PROFILE],
        expected_version=referral.version,
        override_reason="Court order 12/2026 for the person's protection",
    )
    referral.refresh_from_db()
    assert referral.consent_overridden
    override = ConsentOverride.objects.get(case=case, action="referrals.share")
    assert override.reason.startswith("Court order")


def test_the_contact_point_cannot_override_consent(worker, rs_trm, case):
    referral = draft(worker, case)
    with pytest.raises(PermissionDenied):
        services.referral_share_choose(
            actor=rs_trm,
            referral=referral,
            items=[ShareItem.PROFILE],
            expected_version=referral.version,
            override_reason="no reason the law allows",
        )


def test_the_receiving_country_sees_nothing_until_it_is_sent(worker, rs_trm, al_trm, case):
    consent_abroad(worker, case)
    referral = draft(worker, case, items=ALL_ITEMS)
    assert referral in outbox_for(rs_trm)
    assert not inbox_for(al_trm).filter(pk=referral.pk).exists()
    with pytest.raises(Http404):
        access_referral(al_trm, referral.pk)
    services.referral_send(actor=rs_trm, referral=referral, expected_version=referral.version)
    assert inbox_for(al_trm).filter(pk=referral.pk).exists()
    assert not outbox_for(al_trm).filter(pk=referral.pk).exists()
    content = shared_content_for(al_trm, access_referral(al_trm, referral.pk))
    assert content["items"]["identity"]["given_names"] == "Teodora"
    assert content["tags"] == dict.fromkeys(ALL_ITEMS, "assistance")
    assert "documents" not in content["items"]
    reads = AuditEvent.objects.filter(
        action="referrals.referral.read", object_id=str(referral.pk), actor=al_trm
    )
    assert {event.country_id for event in reads} == {"RS", "AL"}


def test_a_third_country_gets_404_and_the_attempt_is_audited(worker, rs_trm, users, case):
    referral = sent(worker, rs_trm, case)
    md_trm = users["md.trm"]
    with pytest.raises(Http404):
        access_referral(md_trm, referral.pk)
    assert AuditEvent.objects.filter(
        action="access.refused", actor=md_trm, object_id=str(referral.pk)
    ).exists()


def test_the_snapshot_is_frozen_when_sent(worker, rs_trm, al_trm, case):
    from thbhub.cases import services as case_services

    referral = sent(worker, rs_trm, case)
    identifiers = case.identifiers
    case_services.case_identifiers_update(
        actor=worker,
        case=case,
        data=case_services.IdentifierData(given_names="Changed", family_names="Later"),
        expected_version=identifiers.version,
    )
    content = shared_content_for(al_trm, access_referral(al_trm, referral.pk))
    assert content["items"]["identity"]["given_names"] == "Teodora"


def test_acknowledge_accept_opens_the_receivers_own_case(worker, rs_trm, al_trm, case):
    referral = sent(worker, rs_trm, case)
    assert referral.acknowledge_by is not None
    services.referral_acknowledge(actor=al_trm, referral=referral)
    shelter = agency_of("AL")
    services.referral_accept(actor=al_trm, referral=referral, receiving_agency_id=shelter.pk)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    linked = referral.linked_case
    assert linked is not None
    assert linked.country_id == "AL"
    assert linked.agency == shelter
    assert linked.identifiers.given_names == "Teodora"
    # Documents were not shared, so the receiving case does not hold them.
    assert linked.identifiers.documents == ""
    assert linked.exploitation == ["LABOUR"]
    # The sender cannot reach the receiver's copy, nor revoke after acceptance.
    from thbhub.cases.selectors import access_case

    with pytest.raises(Http404):
        access_case(worker, linked.pk)
    with pytest.raises(ValidationError, match="only before it is accepted"):
        services.referral_revoke(actor=rs_trm, referral=referral, reason="changed our mind")


def test_decline_needs_a_reason_and_only_the_receiver_decides(worker, rs_trm, al_trm, case):
    referral = sent(worker, rs_trm, case)
    with pytest.raises(ValidationError, match="receiving country"):
        services.referral_decline(actor=rs_trm, referral=referral, reason="x")
    with pytest.raises(ValidationError):
        services.referral_decline(actor=al_trm, referral=referral, reason="  ")
    services.referral_decline(actor=al_trm, referral=referral, reason="No shelter place for men")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED
    assert referral.decline_reason == "No shelter place for men"


def test_revoked_content_is_withdrawn_from_the_receiver(worker, rs_trm, al_trm, case):
    referral = sent(worker, rs_trm, case)
    services.referral_revoke(actor=rs_trm, referral=referral, reason="The person withdrew")
    found = access_referral(al_trm, referral.pk)
    assert found.status == ReferralStatus.REVOKED
    assert shared_content_for(al_trm, found) == {}
    with pytest.raises(ValidationError):
        services.referral_accept(
            actor=al_trm, referral=found, receiving_agency_id=agency_of("AL").pk
        )


def test_a_childs_return_is_blocked_until_bid_and_risk_assessment(
    worker, rs_trm, al_trm, child_case
):
    consent_abroad(worker, child_case)
    referral = draft(
        worker,
        child_case,
        purpose=ReferralPurpose.RETURN,
        kind=ReferralKind.TRANSFER,
        items=ALL_ITEMS,
    )
    with pytest.raises(ValidationError) as refused:
        services.referral_send(actor=rs_trm, referral=referral, expected_version=referral.version)
    message = str(refused.value)
    assert "best-interests determination for the return" in message
    assert "risk assessment" in message
    services.risk_assessment_record(
        actor=worker, referral=referral, on=days_ago(1), level="medium", note="Family checked"
    )
    with pytest.raises(ValidationError) as still:
        services.referral_send(actor=rs_trm, referral=referral, expected_version=referral.version)
    assert "best-interests" in str(still.value)
    assert "risk assessment" not in str(still.value)
    care.case_best_interests_record(
        actor=worker,
        case=child_case,
        purpose="return",
        decided_on=days_ago(1),
        decided_by_id=agency_of("RS", "social_services").pk,
        outcome="Return with the mother is in the child's best interests.",
        child_heard=True,
    )
    referral.refresh_from_db()
    sent_now = services.referral_send(
        actor=rs_trm, referral=referral, expected_version=referral.version
    )
    assert sent_now.status == ReferralStatus.SENT


def test_return_procedure_departure_needs_risk_assessment_then_follow_ups(
    worker, rs_trm, al_trm, case
):
    referral = sent(worker, rs_trm, case, purpose=ReferralPurpose.RETURN)
    services.referral_accept(
        actor=al_trm, referral=referral, receiving_agency_id=agency_of("AL").pk
    )
    returns.return_voluntary_decision(actor=worker, referral=referral, decided_on=days_ago(3))
    with pytest.raises(ValidationError, match="pre-departure risk assessment"):
        returns.return_depart(
            actor=rs_trm, referral=referral, departed_on=days_ago(1), escorted=False
        )
    services.risk_assessment_record(
        actor=rs_trm, referral=referral, on=days_ago(2), level="low", note="No threat found"
    )
    returns.return_depart(actor=rs_trm, referral=referral, departed_on=days_ago(1), escorted=False)
    with pytest.raises(ValidationError, match="receiving country"):
        returns.return_handover_confirm(actor=rs_trm, referral=referral, handed_over_on=days_ago(1))
    plan = returns.return_handover_confirm(
        actor=al_trm, referral=referral, handed_over_on=days_ago(1)
    )
    assert [f.months for f in plan.follow_ups.all()] == [3, 6, 12]
    kinds = list(referral.events.values_list("kind", flat=True))
    assert TimelineKind.HANDOVER in kinds
    assert TimelineKind.DEPARTURE in kinds


def test_a_childs_travel_needs_an_escort(worker, rs_trm, al_trm, child_case):
    consent_abroad(worker, child_case)
    referral = draft(worker, child_case, items=[ShareItem.PROFILE])
    services.referral_send(actor=rs_trm, referral=referral, expected_version=referral.version)
    with pytest.raises(ValidationError, match="escort"):
        services.referral_event_add(
            actor=rs_trm, referral=referral, kind=TimelineKind.TRAVEL, on=days_ago(0)
        )
    services.referral_event_add(
        actor=rs_trm, referral=referral, kind=TimelineKind.TRAVEL, on=days_ago(0), escorted=True
    )


def test_only_the_receiver_confirms_arrival_and_both_see_messages(worker, rs_trm, al_trm, case):
    referral = sent(worker, rs_trm, case)
    with pytest.raises(ValidationError):
        services.referral_event_add(
            actor=rs_trm, referral=referral, kind=TimelineKind.ARRIVAL, on=days_ago(0)
        )
    services.referral_event_add(
        actor=al_trm, referral=referral, kind=TimelineKind.ARRIVAL, on=days_ago(0), note="Arrived"
    )
    services.referral_message_post(actor=rs_trm, referral=referral, body="Flight JU 123 at 10:00")
    services.referral_message_post(actor=al_trm, referral=referral, body="We will meet her")
    assert referral.messages.count() == 2
    assert not Case.objects.filter(country_id="AL", agency__isnull=True).exists()
