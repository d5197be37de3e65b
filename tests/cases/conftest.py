"""Cases built through the services, and a second Serbian agency's case worker."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from thbhub.access.roles import Role
from thbhub.accounts.models import User
from thbhub.cases import services
from thbhub.cases.models import Case
from thbhub.directory.models import Institution, InstitutionType


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def open_case(actor: User, *, age: int | None = 30, uncertain: bool = False, **names: str) -> Case:
    identifiers = services.IdentifierData(
        given_names=names.get("given", "Teodora"),
        family_names=names.get("family", "Testović"),
        date_of_birth=names.get("born", "1995-04-12"),
        documents="Passport X0000000 (test)",
    )
    return services.case_create(
        actor=actor,
        data=services.CaseData(
            first_contact_on=days_ago(20),
            sex="F",
            age_at_identification=age,
            age_uncertain=uncertain,
            citizenship="RS",
            languages=["sr"],
            exploitation=["LABOUR"],
            routes=[services.RouteData("exploitation", "DE", days_ago(200), days_ago(25))],
        ),
        identifiers=identifiers,
    )


@pytest.fixture
def worker(users: Any) -> User:
    return users["rs.caseworker"]  # type: ignore[no-any-return]


@pytest.fixture
def police(db: Any) -> Institution:
    found = Institution.objects.filter(country_id="RS", kind=InstitutionType.POLICE).first()
    assert found is not None
    return found


@pytest.fixture
def social(db: Any) -> Institution:
    found = Institution.objects.filter(
        country_id="RS", kind=InstitutionType.SOCIAL_SERVICES
    ).first()
    assert found is not None
    return found


@pytest.fixture
def police_worker(police: Institution) -> User:
    """A case worker of another Serbian agency: same country, other agency."""
    return User.objects.create(
        username="rs.police.caseworker",
        role=Role.CASE_WORKER,
        country_id="RS",
        agency=police,
    )


@pytest.fixture
def case(worker: User) -> Case:
    return open_case(worker)


@pytest.fixture
def child_case(worker: User) -> Case:
    return open_case(worker, age=15, given="Mila", family="Dečić")
