"""The demo referrals the permission matrix requests, as Serbia's accounts see them."""

from __future__ import annotations

from collections.abc import Callable

from tests.access.matrix import Fixtures
from thbhub.directory.models import Institution, InstitutionType
from thbhub.referrals.models import Referral


def _first(**filters: object) -> Referral:
    referral = Referral.objects.filter(**filters).order_by("pk").first()
    assert referral is not None, f"the demo data holds a referral with {filters}"
    return referral


def rs_draft() -> Referral:
    """Asked for by rs.caseworker's agency, not sent yet."""
    return _first(from_country_id="RS", status="draft")


def rs_inbox() -> Referral:
    """Sent to Serbia (from Moldova), not acknowledged."""
    return _first(to_country_id="RS", status="sent")


def rs_accepted() -> Referral:
    """Sent by Serbia and accepted by North Macedonia."""
    return _first(from_country_id="RS", to_country_id="MK", status="accepted")


def url(
    which: Callable[[], Referral], suffix: str = "", *, api: bool = False
) -> Callable[[Fixtures], str]:
    prefix = "/api/v1" if api else ""
    return lambda _f: f"{prefix}/referrals/{which().pk}/{suffix}"


def share_data(_f: Fixtures) -> dict[str, object]:
    return {"items": ["profile"], "version": rs_draft().version}


def draft_version(_f: Fixtures) -> dict[str, object]:
    return {"version": rs_draft().version}


def accept_data(_f: Fixtures) -> dict[str, object]:
    shelter = Institution.objects.filter(country_id="RS", kind=InstitutionType.SHELTER_NGO).first()
    assert shelter is not None
    return {"receiving_agency": shelter.pk}


def request_data(_f: Fixtures) -> dict[str, object]:
    from tests.access.matrix import matrix_case

    return {
        "case": matrix_case().pk,
        "to_country": "AL",
        "purpose": "assistance",
        "kind": "service",
        "needs": ["medical"],
    }
