"""Cases built through the case services, with what the NRM and statistics tests count."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from thbhub.accounts.models import User
from thbhub.cases import care, services
from thbhub.cases.codes import CaseStatus, ConsentPurpose, RouteStage
from thbhub.cases.models import Case
from thbhub.directory.models import Institution


@dataclass
class Story:
    """What happened to one person, in the words of the case services."""

    first_contact: datetime.date
    sex: str = "F"
    age: int | None = 30
    uncertain: bool = False
    citizenship: str = ""
    exploitation: list[str] = field(default_factory=list)
    exploited_in: list[str] = field(default_factory=list)
    identified_by: str = ""
    decision: str = ""
    decided_after: int = 0
    services: list[tuple[str, int]] = field(default_factory=list)
    reflection_after: int | None = None
    reflection_days: int | None = None
    plan_after: int | None = None
    guardian_after: int | None = None


def build_case(worker: User, story: Story) -> Case:
    start = story.first_contact
    routes = [
        services.RouteData(
            RouteStage.EXPLOITATION,
            country,
            start - datetime.timedelta(days=100 - index),
            start - datetime.timedelta(days=50 - index),
        )
        for index, country in enumerate(story.exploited_in)
    ]
    case = services.case_create(
        actor=worker,
        data=services.CaseData(
            first_contact_on=start,
            sex=story.sex,
            age_at_identification=story.age,
            age_uncertain=story.uncertain,
            citizenship=story.citizenship,
            exploitation=story.exploitation,
            identified_by=story.identified_by,
            routes=routes,
        ),
        identifiers=services.IdentifierData(given_names="Test", family_names="Primerović"),
    )
    agency = worker.agency
    assert agency is not None

    def day(after: int) -> datetime.date:
        return start + datetime.timedelta(days=after)

    if story.guardian_after is not None:
        care.case_guardian_appoint(
            actor=worker,
            case=case,
            appointed_on=day(story.guardian_after),
            institution_id=agency.pk,
            expected_version=case.version,
        )
    if story.services or story.reflection_after is not None:
        # A child's consent is the guardian's, from the day of appointment.
        consent_on = day(story.guardian_after) if story.guardian_after is not None else start
        care.case_consent_record(
            actor=worker, case=case, purpose=ConsentPurpose.ASSISTANCE, given_on=consent_on
        )
    for service, after in story.services:
        care.case_service_add(
            actor=worker, case=case, service=service, provider_id=agency.pk, started_on=day(after)
        )
    if story.reflection_after is not None:
        care.case_reflection_period_start(
            actor=worker,
            case=case,
            start=day(story.reflection_after),
            days=story.reflection_days,
            expected_version=case.version,
        )
    if story.plan_after is not None:
        care.case_assistance_plan_agree(
            actor=worker,
            case=case,
            agreed_on=day(story.plan_after),
            plan="Test plan.",
            expected_version=case.version,
        )
    if story.decision:
        authority = Institution.objects.filter(country_id=case.country_id).order_by("pk").first()
        assert authority is not None
        services.case_identify(
            actor=worker,
            case=case,
            decision=story.decision,
            decided_on=day(story.decided_after),
            authority_id=authority.pk,
            reasons="Test reasons.",
            expected_version=case.version,
        )
    case.refresh_from_db()
    return case


IDENTIFIED = CaseStatus.IDENTIFIED
NOT_VICTIM = CaseStatus.NOT_VICTIM
