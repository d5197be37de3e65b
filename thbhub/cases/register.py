"""The victim register (design brief 6.2): the input of the linkage encoder.

One row per presumed or identified victim of the country; cases decided
"not a victim" are left out. The record id is the case number, which is
pseudonymous, so the linkage results can be traced back to a case by the
country only.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from thbhub.access.permissions import Perm
from thbhub.access.policies import country_in_reach, require
from thbhub.audit.services import audit_record
from thbhub.cases.codes import CaseStatus, IdentifiedBy, RouteStage
from thbhub.cases.models import Case
from thbhub.cases.selectors import CASE_POLICY
from thbhub.linkage.files import REGISTER_COLUMNS

if TYPE_CHECKING:
    from thbhub.accounts.models import User


def register_cases(actor: User, *, country: str, year: int | None = None) -> list[Case]:
    """The cases of the register within the actor's reach, with their identifiers."""
    require(actor, Perm.CASES_REGISTER)
    if not country_in_reach(actor, Perm.CASES_REGISTER, country):
        raise ValidationError(
            _(
                "%(country)s is not your country: the account can export the register of "
                "%(own)s only."
            )
            % {"country": country, "own": actor.country_id or "-"}
        )
    queryset = (
        CASE_POLICY.queryset_for(actor, Perm.CASES_REGISTER)
        .filter(country_id=country)
        .exclude(status=CaseStatus.NOT_VICTIM)
        .select_related("identifiers")
        .prefetch_related("routes")
        .order_by("number")
    )
    if year is not None:
        queryset = queryset.filter(
            Q(status=CaseStatus.IDENTIFIED, status_decided_on__year=year)
            | Q(status=CaseStatus.PRESUMED, first_contact_on__year=year)
        )
    return list(queryset)


def _identified_in(case: Case) -> str:
    if case.identified_by != IdentifiedBy.ABROAD:
        return str(case.country_id)
    abroad = [
        route.country for route in case.routes.all() if route.stage == RouteStage.EXPLOITATION
    ]
    return abroad[-1] if abroad else ""


def register_row(case: Case) -> dict[str, str]:
    identifiers = case.identifiers
    decided = case.status == CaseStatus.IDENTIFIED and case.status_decided_on
    year = case.status_decided_on.year if decided and case.status_decided_on else None
    return {
        "record_id": case.number,
        "given_name": identifiers.given_names,
        "family_name": identifiers.family_names,
        "date_of_birth": identifiers.date_of_birth,
        "sex": "" if case.sex == "UNK" else case.sex,
        "citizenship": case.citizenship,
        "identified_in": _identified_in(case),
        "year_identified": str(year or case.first_contact_on.year),
        "status": case.status,
        "exploitation": ";".join(case.exploitation),
    }


def write_register(cases: Iterable[Case]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(REGISTER_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for case in cases:
        writer.writerow(register_row(case))
    return out.getvalue()


def register_export(actor: User, *, country: str, year: int | None = None) -> tuple[str, int]:
    """The register as CSV text and its row count; the read is audited as one event."""
    cases = register_cases(actor, country=country, year=year)
    text = write_register(cases)
    audit_record(
        actor=actor,
        action="cases.register.export",
        object_type="cases.case",
        country_id=country,
        detail={"rows": len(cases), "year": year},
    )
    return text, len(cases)
