"""Referrals built through the services, between Serbia (sender) and Albania."""

from __future__ import annotations

from typing import Any

import pytest

from tests.cases.conftest import days_ago, open_case
from thbhub.accounts.models import User
from thbhub.cases import care
from thbhub.cases.codes import ConsentPurpose
from thbhub.cases.models import Case
from thbhub.directory.models import Institution, InstitutionType
from thbhub.referrals import services
from thbhub.referrals.codes import ReferralKind, ReferralPurpose, ShareItem
from thbhub.referrals.models import Referral

ALL_ITEMS: list[str] = [ShareItem.PROFILE, ShareItem.EXPLOITATION, ShareItem.IDENTITY]


def consent_abroad(worker: User, case: Case) -> None:
    """The person's (for a child: the guardian's) consent to share abroad."""
    if case.presumed_child and case.guardian_appointed_on is None:
        care.case_guardian_appoint(
            actor=worker,
            case=case,
            appointed_on=days_ago(6),
            institution_id=agency_of("RS", InstitutionType.SOCIAL_SERVICES).pk,
            expected_version=case.version,
        )
    care.case_consent_record(
        actor=worker, case=case, purpose=ConsentPurpose.CROSS_BORDER, given_on=days_ago(5)
    )


def draft(
    worker: User,
    case: Case,
    *,
    purpose: str = ReferralPurpose.ASSISTANCE,
    kind: str = ReferralKind.SERVICE,
    to: str = "AL",
    items: list[str] | None = None,
) -> Referral:
    referral = services.referral_request(
        actor=worker, case_id=case.pk, to_country=to, purpose=purpose, kind=kind, needs=["medical"]
    )
    if items is not None:
        referral = services.referral_share_choose(
            actor=worker, referral=referral, items=items, expected_version=referral.version
        )
    return referral


def sent(
    worker: User, trm: User, case: Case, *, purpose: str = ReferralPurpose.ASSISTANCE
) -> Referral:
    consent_abroad(worker, case)
    referral = draft(worker, case, purpose=purpose, items=ALL_ITEMS)
    return services.referral_send(actor=trm, referral=referral, expected_version=referral.version)


def agency_of(country: str, kind: str = InstitutionType.SHELTER_NGO) -> Institution:
    found = Institution.objects.filter(country_id=country, kind=kind).first()
    assert found is not None
    return found


@pytest.fixture
def worker(users: Any) -> User:
    return users["rs.caseworker"]  # type: ignore[no-any-return]


@pytest.fixture
def rs_trm(users: Any) -> User:
    return users["rs.trm"]  # type: ignore[no-any-return]


@pytest.fixture
def al_trm(users: Any) -> User:
    return users["al.trm"]  # type: ignore[no-any-return]


@pytest.fixture
def case(worker: User) -> Case:
    return open_case(worker)


@pytest.fixture
def child_case(worker: User) -> Case:
    return open_case(worker, age=15, given="Mila", family="Dečić")
