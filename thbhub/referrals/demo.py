"""Demo referrals between the demo countries, made through the services.

One of each situation a contact point meets: a draft waiting to be sent
(RS), a referral accepted with its own case on the other side (RS to MK),
one acknowledged and waiting for a decision (AL to XK), one overdue and
escalated (MD to RS), and an adult's completed return (RS to AL). The same
call gives the same referrals, and running it again adds nothing.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from thbhub.accounts.models import User
from thbhub.cases import care
from thbhub.cases import services as case_services
from thbhub.cases.codes import ConsentPurpose, Exploitation, RouteStage, Sex
from thbhub.cases.models import Case
from thbhub.directory.models import Institution, InstitutionType
from thbhub.referrals import returns, services
from thbhub.referrals.codes import (
    Need,
    ReferralKind,
    ReferralPurpose,
    RiskLevel,
    ShareItem,
    TimelineKind,
)
from thbhub.referrals.models import Referral

ITEMS: list[str] = [
    ShareItem.PROFILE,
    ShareItem.EXPLOITATION,
    ShareItem.IDENTITY,
    ShareItem.SERVICES,
]


def _user(name: str) -> User | None:
    return User.objects.filter(username=name, is_active=True).first()


def _case(worker: User, index: int) -> Case | None:
    return (
        Case.objects.filter(agency=worker.agency, closed_on__isnull=True, presumed_child=False)
        .order_by("pk")[index : index + 1]
        .first()
    )


def _shelter(country: str) -> Institution | None:
    return Institution.objects.filter(country_id=country, kind=InstitutionType.SHELTER_NGO).first()


def _draft(worker: User, case: Case, to: str, purpose: str, kind: str) -> Referral:
    care.case_consent_record(
        actor=worker,
        case=case,
        purpose=ConsentPurpose.CROSS_BORDER,
        given_on=timezone.localdate(),
    )
    referral = services.referral_request(
        actor=worker,
        case_id=case.pk,
        to_country=to,
        purpose=purpose,
        kind=kind,
        needs=[Need.ACCOMMODATION, Need.PSYCHOLOGICAL],
    )
    return services.referral_share_choose(
        actor=worker, referral=referral, items=ITEMS, expected_version=referral.version
    )


def _send(trm: User, referral: Referral) -> Referral:
    return services.referral_send(actor=trm, referral=referral, expected_version=referral.version)


def generate_demo_referrals() -> int:
    """Demo referrals; returns how many were added (none when they exist already)."""
    if Referral.objects.exists():
        return 0
    needed = {
        name: _user(name)
        for name in ("rs.caseworker", "rs.trm", "al.caseworker", "al.trm", "md.caseworker")
    }
    trms = {code: _user(f"{code.lower()}.trm") for code in ("MK", "XK", "MD")}
    people = {**needed, **{f"{code}.trm": user for code, user in trms.items()}}
    if any(user is None for user in people.values()):
        return 0
    rs_worker, rs_trm = needed["rs.caseworker"], needed["rs.trm"]
    al_worker, al_trm = needed["al.caseworker"], needed["al.trm"]
    md_worker = needed["md.caseworker"]
    assert rs_worker and rs_trm and al_worker and al_trm and md_worker  # noqa: S101 — checked
    mk_trm, xk_trm, md_trm = trms["MK"], trms["XK"], trms["MD"]
    assert mk_trm and xk_trm and md_trm  # noqa: S101 — checked above
    cases = [_case(rs_worker, 0), _case(rs_worker, 1), _case(al_worker, 0), _case(md_worker, 0)]
    if any(case is None for case in cases):
        return 0
    rs_first, rs_second, al_case, md_case = cases
    assert rs_first and rs_second and al_case and md_case  # noqa: S101 — checked above
    today = timezone.localdate()
    with transaction.atomic():
        # A draft in Serbia's outbox, waiting for the contact point.
        _draft(rs_worker, rs_first, "AT", ReferralPurpose.ASSISTANCE, ReferralKind.SERVICE)

        # Serbia to North Macedonia, accepted: MK follows up in its own case.
        accepted = _send(
            rs_trm,
            _draft(rs_worker, rs_second, "MK", ReferralPurpose.ASSISTANCE, ReferralKind.SERVICE),
        )
        services.referral_acknowledge(actor=mk_trm, referral=accepted)
        mk_shelter = _shelter("MK")
        if mk_shelter is not None:
            services.referral_accept(
                actor=mk_trm, referral=accepted, receiving_agency_id=mk_shelter.pk
            )
            services.referral_event_add(
                actor=mk_trm,
                referral=accepted,
                kind=TimelineKind.SERVICE,
                on=today,
                note="DEMO: place in the safe house, first counselling session.",
            )
        services.referral_message_post(
            actor=rs_trm, referral=accepted, body="DEMO: she arrives by bus on Monday morning."
        )

        # Albania to Kosovo*, acknowledged and waiting for the decision.
        waiting = _send(
            al_trm,
            _draft(al_worker, al_case, "XK", ReferralPurpose.IDENTIFICATION, ReferralKind.SERVICE),
        )
        services.referral_acknowledge(actor=xk_trm, referral=waiting)

        # Moldova to Serbia, not acknowledged in time: escalated to RS's coordinator.
        overdue = _send(
            md_trm,
            _draft(md_worker, md_case, "RS", ReferralPurpose.ASSISTANCE, ReferralKind.TRANSFER),
        )
        # Escalated without a mail: demo data never writes to real coordinators.
        Referral.objects.filter(pk=overdue.pk).update(
            sent_at=timezone.now() - datetime.timedelta(days=7),
            acknowledge_by=today - datetime.timedelta(days=3),
            escalated_at=timezone.now(),
        )
        services.record(overdue, TimelineKind.ESCALATED, None, country_id="RS")

        # An adult Albanian returned from Serbia, handed over in Albania.
        _completed_return(rs_worker, rs_trm, al_trm, today)
    return Referral.objects.count()


def _completed_return(rs_worker: User, rs_trm: User, al_trm: User, today: datetime.date) -> None:
    person = case_services.case_create(
        actor=rs_worker,
        data=case_services.CaseData(
            first_contact_on=today - datetime.timedelta(days=40),
            sex=Sex.FEMALE,
            age_at_identification=27,
            citizenship="AL",
            languages=["sq"],
            exploitation=[Exploitation.LABOUR],
            routes=[
                case_services.RouteData(RouteStage.RECRUITMENT, "AL"),
                case_services.RouteData(RouteStage.EXPLOITATION, "RS"),
            ],
        ),
        identifiers=case_services.IdentifierData(
            given_names="Elira", family_names="Shembulli", other_names="DEMO — synthetic person"
        ),
    )
    referral = _send(
        rs_trm, _draft(rs_worker, person, "AL", ReferralPurpose.RETURN, ReferralKind.TRANSFER)
    )
    al_shelter = _shelter("AL")
    if al_shelter is None:
        return
    services.referral_accept(actor=al_trm, referral=referral, receiving_agency_id=al_shelter.pk)
    returns.return_voluntary_decision(actor=rs_worker, referral=referral, decided_on=today)
    services.risk_assessment_record(
        actor=rs_trm,
        referral=referral,
        on=today,
        level=RiskLevel.LOW,
        note="DEMO: recruiter in custody; family supportive.",
    )
    returns.return_depart(actor=rs_trm, referral=referral, departed_on=today, escorted=True)
    returns.return_handover_confirm(actor=al_trm, referral=referral, handed_over_on=today)
