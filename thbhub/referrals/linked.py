"""The receiving side's own case, opened from what a referral shared.

``cases.services.case_create`` opens a case in the acting case worker's
own agency; on acceptance the actor is the receiving contact point, who
holds no case permission and chooses the agency that takes the person in.
The case is therefore opened here with the cases module's own helpers
(numbering, checks, routes, name index, child tasks), so it is numbered,
checked and indexed exactly like any other case.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from thbhub.cases import services as case_services
from thbhub.cases.codes import IdentificationContext, IdentifiedBy
from thbhub.cases.models import Case
from thbhub.referrals.codes import ShareItem

if TYPE_CHECKING:
    from thbhub.accounts.models import User
    from thbhub.directory.models import Institution
    from thbhub.referrals.models import Referral


def _date(value: Any) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def case_data_from(shared: dict[str, Any]) -> case_services.CaseData:
    items = shared.get("items", {})
    profile = items.get(ShareItem.PROFILE, {})
    exploitation = items.get(ShareItem.EXPLOITATION, {})
    return case_services.CaseData(
        first_contact_on=timezone.localdate(),
        sex=profile.get("sex", "UNK"),
        age_at_identification=profile.get("age_at_identification"),
        # Without a shared age the person is presumed a child, as the cases module does.
        age_uncertain=bool(profile.get("age_uncertain", True)),
        citizenship=profile.get("citizenship", ""),
        languages=list(profile.get("languages", [])),
        exploitation=list(exploitation.get("exploitation", [])),
        indicators=list(exploitation.get("indicators", [])),
        identified_by=IdentifiedBy.ABROAD,
        identification_context=IdentificationContext.REFERRAL_FROM_ABROAD,
        routes=[
            case_services.RouteData(
                stage=route["stage"],
                country=route["country"],
                date_from=_date(route.get("date_from")),
                date_to=_date(route.get("date_to")),
            )
            for route in exploitation.get("routes", [])
        ],
    )


def identifier_data_from(shared: dict[str, Any]) -> case_services.IdentifierData:
    items = shared.get("items", {})
    identity = items.get(ShareItem.IDENTITY, {})
    contacts = items.get(ShareItem.CONTACTS, {})
    return case_services.IdentifierData(
        given_names=identity.get("given_names", ""),
        family_names=identity.get("family_names", ""),
        other_names=identity.get("other_names", ""),
        date_of_birth=identity.get("date_of_birth", ""),
        documents=items.get(ShareItem.DOCUMENTS, {}).get("documents", ""),
        contacts=contacts.get("contacts", ""),
        address=contacts.get("address", ""),
    )


def linked_case_open(*, referral: Referral, agency: Institution, actor: User) -> Case:
    """Open the receiving agency's case; call inside the acceptance's transaction."""
    shared = referral.shared()
    return case_services.case_open_in_agency(
        actor=actor,
        agency=agency,
        data=case_data_from(shared),
        identifiers=identifier_data_from(shared),
        referral=referral.reference,
    )
