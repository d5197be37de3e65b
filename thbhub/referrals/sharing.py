"""What a referral shares: consent, the chosen items, and the snapshot.

The snapshot is minimal by construction: each chosen item maps to a fixed,
short set of fields, and every item is tagged with the referral's purpose
so that the receiving side knows what it may use it for.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from thbhub.cases.codes import ConsentPurpose
from thbhub.cases.models import Case, CaseIdentifiers
from thbhub.referrals.codes import ShareItem
from thbhub.referrals.models import Referral

SNAPSHOT_FORMAT = 1


def cross_border_consent(referral: Referral, on: datetime.date | None = None) -> bool:
    """The person's consent to cross-border sharing with the receiving
    country (or its receiving institution, or any recipient), in force."""
    case = referral.case
    if case is None:
        return False
    on = on or timezone.localdate()
    recipients = Q(recipient__isnull=True) | Q(recipient__country_id=referral.to_country_id)
    if referral.to_institution_id is not None:
        recipients |= Q(recipient_id=referral.to_institution_id)
    return (
        case.consents.filter(recipients, purpose=ConsentPurpose.CROSS_BORDER, given_on__lte=on)
        .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on))
        .exists()
    )


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _identifiers(case: Case) -> CaseIdentifiers:
    found = CaseIdentifiers.objects.filter(case=case).first()
    return found or CaseIdentifiers(case=case)


def _item(case: Case, item: str) -> dict[str, Any]:  # noqa: PLR0911 — one return per item reads best
    if item == ShareItem.PROFILE:
        return {
            "sex": case.sex,
            "age_at_identification": case.age_at_identification,
            "age_uncertain": case.age_uncertain,
            "presumed_child": case.presumed_child,
            "citizenship": case.citizenship,
            "languages": list(case.languages),
        }
    if item == ShareItem.EXPLOITATION:
        return {
            "exploitation": list(case.exploitation),
            "indicators": list(case.indicators),
            "routes": [
                {
                    "stage": route.stage,
                    "country": route.country,
                    "date_from": _iso(route.date_from),
                    "date_to": _iso(route.date_to),
                }
                for route in case.routes.all()
            ],
        }
    if item == ShareItem.IDENTIFICATION:
        return {"status": case.status, "status_decided_on": _iso(case.status_decided_on)}
    if item == ShareItem.IDENTITY:
        found = _identifiers(case)
        return {
            "given_names": found.given_names,
            "family_names": found.family_names,
            "other_names": found.other_names,
            "date_of_birth": found.date_of_birth,
        }
    if item == ShareItem.DOCUMENTS:
        return {"documents": _identifiers(case).documents}
    if item == ShareItem.CONTACTS:
        found = _identifiers(case)
        return {"contacts": found.contacts, "address": found.address}
    if item == ShareItem.SERVICES:
        return {
            "services": [
                {
                    "service": service.service,
                    "started_on": _iso(service.started_on),
                    "ended_on": _iso(service.ended_on),
                }
                for service in case.services.all()
            ]
        }
    return {
        "guardian_appointed_on": _iso(case.guardian_appointed_on),
        "best_interests": [
            {
                "purpose": bid.purpose,
                "decided_on": _iso(bid.decided_on),
                "child_heard": bid.child_heard,
            }
            for bid in case.best_interests.all()
        ],
    }


def build_snapshot(referral: Referral) -> dict[str, Any]:
    """Exactly what the receiving side will get, built from the chosen items."""
    case = referral.case
    assert case is not None  # noqa: S101 — only referrals of a case on the platform are built
    items = [item for item in ShareItem.values if item in referral.shared_items]
    return {
        "format": SNAPSHOT_FORMAT,
        "sender_case": case.number,
        "purpose": referral.purpose,
        "kind": referral.kind,
        "needs": list(referral.needs),
        "child": case.presumed_child,
        "items": {item: _item(case, item) for item in items},
        # Each item may be used for the referral's purpose only.
        "tags": dict.fromkeys(items, referral.purpose),
    }
