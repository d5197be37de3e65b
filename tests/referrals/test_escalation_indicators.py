"""Escalation of missed deadlines, the referral figures, and the command line."""

from __future__ import annotations

import datetime

from django.core import mail
from django.core.management import call_command

from tests.cases.conftest import days_ago
from tests.referrals.conftest import agency_of, sent
from thbhub.audit.models import AuditEvent
from thbhub.referrals import returns, services
from thbhub.referrals.codes import ReferralPurpose, TimelineKind
from thbhub.referrals.escalation import referrals_escalate
from thbhub.referrals.indicators import ReferralFigures, referral_figures
from thbhub.referrals.models import add_working_days


def test_two_working_days_skip_the_weekend():
    friday = datetime.date(2026, 11, 20)
    assert add_working_days(friday, 2) == datetime.date(2026, 11, 24)


def test_a_missed_deadline_is_escalated_once_to_the_receivers_coordinator(
    worker, rs_trm, users, case
):
    coordinator = users["al.coordinator"]
    coordinator.email = "coordinator@al.example.org"
    coordinator.save(update_fields=["email"])
    referral = sent(worker, rs_trm, case)
    assert referral.acknowledge_by is not None
    assert referrals_escalate(today=referral.acknowledge_by).escalated == []
    later = referral.acknowledge_by + datetime.timedelta(days=1)
    outcome = referrals_escalate(today=later)
    assert [found.pk for found in outcome.escalated] == [referral.pk]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["coordinator@al.example.org"]
    assert referral.reference in message.subject
    assert "Teodora" not in message.body
    assert referrals_escalate(today=later).escalated == []
    referral.refresh_from_db()
    assert referral.escalated_at is not None
    assert referral.events.filter(kind=TimelineKind.ESCALATED, country_id="AL").exists()
    assert AuditEvent.objects.filter(
        action="referrals.referral.escalate", country_id="AL", object_id=str(referral.pk)
    ).exists()


def test_the_escalate_command(worker, rs_trm, case, capsys):
    referral = sent(worker, rs_trm, case)
    assert referral.acknowledge_by is not None
    later = referral.acknowledge_by + datetime.timedelta(days=3)
    call_command("referrals", "escalate", "--date", later.isoformat())
    assert f"Escalated {referral.reference} to AL." in capsys.readouterr().out


def test_referral_figures(worker, rs_trm, al_trm, case):
    year = days_ago(0).year
    before_rs = referral_figures("RS", year)
    before_al = referral_figures("al", year)
    referral = sent(worker, rs_trm, case, purpose=ReferralPurpose.RETURN)
    services.referral_acknowledge(actor=al_trm, referral=referral)
    services.referral_accept(
        actor=al_trm, referral=referral, receiving_agency_id=agency_of("AL").pk
    )
    returns.return_voluntary_decision(actor=worker, referral=referral, decided_on=days_ago(0))
    services.risk_assessment_record(
        actor=worker, referral=referral, on=days_ago(0), level="low", note="Checked"
    )
    returns.return_depart(actor=rs_trm, referral=referral, departed_on=days_ago(0), escorted=False)
    returns.return_handover_confirm(actor=al_trm, referral=referral, handed_over_on=days_ago(0))
    rs = referral_figures("RS", year)
    al = referral_figures("AL", year)
    assert isinstance(rs, ReferralFigures)
    assert rs.sent == before_rs.sent + 1
    assert al.received == before_al.received + 1
    assert al.acknowledged_in_time == before_al.acknowledged_in_time + 1
    assert al.accepted == before_al.accepted + 1
    assert al.median_days_to_acknowledge is not None
    assert al.median_days_to_decide is not None
    assert rs.returns == before_rs.returns + 1
    assert rs.returns_with_risk_assessment == before_rs.returns_with_risk_assessment + 1
    assert rs.returns_with_confirmed_handover == before_rs.returns_with_confirmed_handover + 1
