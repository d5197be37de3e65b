"""Synthetic demo cases for a few members' agencies.

Every person is invented; the family names mean "example" in the region's
languages and every record says DEMO in its other names, so that no one
mistakes a demo case for a real one. The same call gives the same cases,
and running it again adds nothing.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from thbhub.access.roles import Role
from thbhub.accounts.models import User
from thbhub.cases import care, services
from thbhub.cases.codes import (
    BestInterestsPurpose,
    CaseStatus,
    ConsentPurpose,
    Exploitation,
    IdentificationContext,
    IdentifiedBy,
    Indicator,
    RouteStage,
    ServiceType,
    Sex,
    TaskKind,
)
from thbhub.cases.models import Case
from thbhub.directory.models import Institution, InstitutionType

SEED = 4
CASES_PER_AGENCY = 12
DEMO_COUNTRIES = {
    # country: (given names, example family names, languages, neighbours abroad)
    "RS": (
        ["Ana", "Milica", "Jelena", "Marko", "Ivana"],
        ["Primerović", "Uzorković"],
        ["sr"],
        ["DE", "AT", "MK"],
    ),
    "AL": (
        ["Elira", "Arben", "Drita", "Besa", "Ilir"],
        ["Shembulli", "Demoja"],
        ["sq"],
        ["IT", "GR", "XK"],
    ),
    "MD": (
        ["Ion", "Maria", "Elena", "Vasile", "Olga"],
        ["Exemplu", "Modelescu"],
        ["ro"],
        ["RO", "TR", "RU"],
    ),
}


def generate_demo_cases() -> int:
    """Demo cases for the case workers of RS, AL and MD; returns how many were added."""
    rng = random.Random(SEED)  # noqa: S311 — synthetic data, not security
    today = timezone.localdate()
    added = 0
    for code, (given, family, languages, abroad) in DEMO_COUNTRIES.items():
        worker = User.objects.filter(
            username=f"{code.lower()}.caseworker", role=Role.CASE_WORKER
        ).first()
        if (
            worker is None
            or worker.agency is None
            or Case.objects.filter(agency=worker.agency).exists()
        ):
            continue
        police = Institution.objects.filter(country_id=code, kind=InstitutionType.POLICE).first()
        social = Institution.objects.filter(
            country_id=code, kind=InstitutionType.SOCIAL_SERVICES
        ).first()
        with transaction.atomic():
            for index in range(CASES_PER_AGENCY):
                _demo_case(
                    worker,
                    rng,
                    today,
                    index=index,
                    code=code,
                    names=(given, family),
                    languages=languages,
                    abroad=abroad,
                    authority=police or worker.agency,
                    social=social or worker.agency,
                )
                added += 1
    return added


def _demo_case(
    worker: User,
    rng: random.Random,
    today: datetime.date,
    *,
    index: int,
    code: str,
    names: tuple[list[str], list[str]],
    languages: list[str],
    abroad: list[str],
    authority: Institution,
    social: Institution,
) -> None:
    first_contact = today - datetime.timedelta(days=rng.randint(5, 400))
    child = index % 4 == 0
    age = rng.randint(13, 17) if child else rng.randint(18, 45)
    exploitation = [rng.choice([Exploitation.SEXUAL, Exploitation.LABOUR, Exploitation.BEGGING])]
    if index % 5 == 0:
        exploitation.append(Exploitation.CRIMINAL_ACTIVITIES)
    where = rng.choice(abroad)
    case = services.case_create(
        actor=worker,
        data=services.CaseData(
            first_contact_on=first_contact,
            sex=rng.choice([Sex.FEMALE, Sex.FEMALE, Sex.MALE]),
            age_at_identification=age,
            age_uncertain=child and index % 8 == 0,
            citizenship=code,
            languages=languages,
            exploitation=[str(form) for form in exploitation],
            indicators=rng.sample(Indicator.values, 3),
            identified_by=rng.choice([IdentifiedBy.POLICE, IdentifiedBy.NGO, IdentifiedBy.ABROAD]),
            identification_context=rng.choice(IdentificationContext.values),
            routes=[
                services.RouteData(
                    RouteStage.RECRUITMENT, code, first_contact - datetime.timedelta(days=120)
                ),
                services.RouteData(
                    RouteStage.EXPLOITATION,
                    where,
                    first_contact - datetime.timedelta(days=90),
                    first_contact,
                ),
            ],
        ),
        identifiers=services.IdentifierData(
            given_names=rng.choice(names[0]),
            family_names=rng.choice(names[1]),
            other_names="DEMO — synthetic person",
            date_of_birth=f"{first_contact.year - age}-{rng.randint(1, 12):02d}",
            contacts="+000 00 000000 (demo)",
        ),
    )
    start = min(first_contact + datetime.timedelta(days=1), today)
    # A child's consent is the guardian's: the guardian comes first.
    without_guardian = case.presumed_child and index % 8 == 4
    if case.presumed_child and not without_guardian:
        care.case_guardian_appoint(
            actor=worker,
            case=case,
            appointed_on=start,
            institution_id=social.pk,
            expected_version=case.version,
        )
    if not without_guardian:
        care.case_consent_record(
            actor=worker, case=case, purpose=ConsentPurpose.ASSISTANCE, given_on=start
        )
    care.case_reflection_period_start(
        actor=worker, case=case, start=start, expected_version=case.version
    )
    care.case_service_add(
        actor=worker,
        case=case,
        service=ServiceType.ACCOMMODATION,
        provider_id=worker.agency_id or 0,
        started_on=start,
        override_reason="DEMO: emergency shelter before a guardian was appointed."
        if without_guardian
        else "",
    )
    if index % 3 != 2 and not without_guardian:
        care.case_consent_record(
            actor=worker,
            case=case,
            purpose=ConsentPurpose.REFERRAL_IN_COUNTRY,
            recipient_id=social.pk,
            given_on=start,
        )
        care.case_service_add(
            actor=worker,
            case=case,
            service=rng.choice(
                [ServiceType.PSYCHOLOGICAL, ServiceType.MEDICAL, ServiceType.LEGAL_AID]
            ),
            provider_id=social.pk,
            started_on=start,
        )
    if case.presumed_child and index % 8 != 4:
        care.case_best_interests_record(
            actor=worker,
            case=case,
            purpose=BestInterestsPurpose.CARE,
            decided_on=start,
            decided_by_id=social.pk,
            outcome="DEMO: placement in the specialised shelter, schooling continued.",
            child_heard=True,
        )
    if first_contact < today - datetime.timedelta(days=60):
        decided = first_contact + datetime.timedelta(days=45)
        services.case_identify(
            actor=worker,
            case=case,
            decision=CaseStatus.NOT_VICTIM if index % 7 == 6 else CaseStatus.IDENTIFIED,
            decided_on=decided,
            authority_id=authority.pk,
            reasons="DEMO: indicators confirmed in the interview and by the police report.",
            expected_version=case.version,
        )
        care.case_assistance_plan_agree(
            actor=worker,
            case=case,
            agreed_on=decided,
            plan="DEMO: safe accommodation, counselling, vocational course.",
            expected_version=case.version,
        )
        reflection = case.tasks.get(kind=TaskKind.REFLECTION_END)
        services.case_task_done(actor=worker, case=case, task_id=reflection.pk)
