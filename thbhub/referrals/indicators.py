"""Referral figures of one country and year, for the NRM indicators.

Counts only, never a referral's content. Referrals count in the year they
were sent; a country's response times are measured on the referrals it
received. Returns count for the country that sent the return referral
(the destination country, which assesses the risks and sees the person
off); follow-ups count for the country that received the person back.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from django.utils import timezone

from thbhub.referrals.codes import ReferralPurpose, ReferralStatus
from thbhub.referrals.models import Referral, ReturnFollowUp, ReturnPlan


@dataclass(frozen=True)
class ReferralFigures:
    country: str
    year: int
    sent: int
    received: int
    acknowledged_in_time: int
    accepted: int
    declined: int
    # None when nothing was acknowledged (or decided) in the year.
    median_days_to_acknowledge: float | None
    median_days_to_decide: float | None
    returns: int
    returns_with_risk_assessment: int
    returns_with_confirmed_handover: int
    follow_ups_done: int
    follow_ups_due: int


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def referral_figures(country_code: str, year: int) -> ReferralFigures:
    code = country_code.strip().upper()
    sent_in_year = Referral.objects.filter(sent_at__year=year)
    sent = sent_in_year.filter(from_country_id=code).count()
    received = list(
        sent_in_year.filter(to_country_id=code).values(
            "status", "sent_at", "acknowledge_by", "acknowledged_at", "decided_at"
        )
    )
    in_time = 0
    to_acknowledge: list[float] = []
    to_decide: list[float] = []
    for row in received:
        if row["sent_at"] is None:
            continue
        acknowledged = row["acknowledged_at"]
        if acknowledged is not None:
            to_acknowledge.append((acknowledged - row["sent_at"]).total_seconds() / 86400)
            due = row["acknowledge_by"]
            if due is None or timezone.localtime(acknowledged).date() <= due:
                in_time += 1
        if row["decided_at"] is not None:
            to_decide.append((row["decided_at"] - row["sent_at"]).total_seconds() / 86400)
    returns = ReturnPlan.objects.filter(
        referral__from_country_id=code,
        referral__sent_at__year=year,
        referral__purpose=ReferralPurpose.RETURN,
    )
    follow_ups = ReturnFollowUp.objects.filter(
        plan__referral__to_country_id=code, due_on__year=year, due_on__lte=timezone.localdate()
    )
    return ReferralFigures(
        country=code,
        year=year,
        sent=sent,
        received=len(received),
        acknowledged_in_time=in_time,
        accepted=sum(1 for row in received if row["status"] == ReferralStatus.ACCEPTED),
        declined=sum(1 for row in received if row["status"] == ReferralStatus.DECLINED),
        median_days_to_acknowledge=_median(to_acknowledge),
        median_days_to_decide=_median(to_decide),
        returns=returns.count(),
        returns_with_risk_assessment=returns.filter(risk_assessed_on__isnull=False).count(),
        returns_with_confirmed_handover=returns.filter(handed_over_on__isnull=False).count(),
        follow_ups_done=follow_ups.filter(done_on__isnull=False).count(),
        follow_ups_due=follow_ups.count(),
    )
