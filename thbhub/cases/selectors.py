"""Reading cases, scoped to what the user may see.

Every read goes through ``CASE_POLICY``; the person's identifiers only
through ``identifiers_of``, which checks VICTIM_DATA and audits the read.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from thbhub.access.permissions import Perm
from thbhub.access.policies import ModelPolicy, require, user_has
from thbhub.audit.services import audit_record
from thbhub.cases.models import (
    Case,
    CaseIdentifiers,
    CaseNameToken,
    CaseTask,
    CountryCaseSettings,
)
from thbhub.cases.search import query_tokens

if TYPE_CHECKING:
    from thbhub.accounts.models import User

CASE_POLICY = ModelPolicy(Case, country_field="country", agency_field="agency")
IDENTIFIERS_POLICY = ModelPolicy(
    CaseIdentifiers, country_field="case__country", agency_field="case__agency"
)
# A task carries its case's agency (see CaseTask), so an agency's tasks are
# found without reading their cases.
TASK_POLICY = ModelPolicy(CaseTask, country_field="case__country", agency_field="agency")

CASE_NUMBER = re.compile(r"[A-Z]{2}-\d{4}-\d{1,6}")
FULL_CASE_NUMBER = re.compile(r"[A-Z]{2}-\d{4}-\d{6}")


@dataclass(frozen=True)
class CaseFilters:
    status: str = ""
    child: bool | None = None
    exploitation: str = ""
    open: bool | None = None
    query: str = ""


def cases_visible_to(
    user: User, filters: CaseFilters | None = None, *, perm: Perm = Perm.CASES_VIEW
) -> QuerySet[Case]:
    # No select_related: the list shows neither the agency nor the country,
    # and joining them made SQLite sort every case of the agency per page.
    queryset = CASE_POLICY.queryset_for(user, perm)
    return _filter(user, queryset, filters or CaseFilters())


def _filter(user: User, queryset: QuerySet[Case], filters: CaseFilters) -> QuerySet[Case]:
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.child is not None:
        queryset = queryset.filter(presumed_child=filters.child)
    if filters.exploitation:
        if connection.vendor == "postgresql":
            # JSON containment: checked on the stored value, and estimated
            # well enough that the newest cases are read first.
            queryset = queryset.filter(exploitation__contains=[filters.exploitation])
        else:
            # SQLite has no JSON containment. In a short list of codes, a
            # quoted match cannot match a code that merely contains it.
            queryset = queryset.filter(exploitation__icontains=f'"{filters.exploitation}"')
    if filters.open is not None:
        queryset = queryset.filter(closed_on__isnull=filters.open)
    query = filters.query.strip()
    if query:
        if FULL_CASE_NUMBER.fullmatch(query.upper()):
            # A whole number: the unique index finds it without reading every case.
            queryset = queryset.filter(number=query.upper())
        elif CASE_NUMBER.fullmatch(query.upper()) or query.isdigit():
            # Numbers are stored upper case: a plain LIKE, which PostgreSQL's
            # trigram index on the number answers (migration 0008).
            queryset = queryset.filter(number__contains=query.upper())
        else:
            queryset = _by_name(user, queryset, query)
    return queryset.order_by("-pk")


def _by_name(user: User, queryset: QuerySet[Case], query: str) -> QuerySet[Case]:
    """Cases whose names hold every word typed, among those whose identifiers
    the user may read: a name search never reveals another agency's case."""
    tokens = query_tokens(query)
    if not tokens:
        return queryset.none()
    # The identifiers sit on the case's country and agency, so the cases
    # whose identifiers the user may read are the cases VICTIM_DATA reaches.
    queryset = queryset & CASE_POLICY.queryset_for(user, Perm.VICTIM_DATA)
    for token in tokens:
        # One subquery per word rather than a join: no DISTINCT over every
        # matching case, and the pager's count stays a plain count.
        queryset = queryset.filter(
            pk__in=CaseNameToken.objects.filter(token=token).values("case_id")
        )
    return queryset


def access_case(user: User, pk: object, perm: Perm = Perm.CASES_VIEW) -> Case:
    """Fetch one case the user may act on; 404 when it is out of reach."""
    return CASE_POLICY.get(user, perm, pk)


def access_case_by_number(user: User, number: str, perm: Perm = Perm.CASES_VIEW) -> Case:
    require(user, perm)
    case = CASE_POLICY.queryset_for(user, perm).filter(number=number.strip().upper()).first()
    if case is None:
        raise Http404
    return case


def can_read_identifiers(user: User, case: Case) -> bool:
    return IDENTIFIERS_POLICY.queryset_for(user, Perm.VICTIM_DATA).filter(case=case).exists()


def identifiers_of(user: User, case: Case, *, purpose: str = "view") -> CaseIdentifiers:
    """The person's identifiers; the read is recorded in the audit log.

    ``case`` must come from ``access_case``; VICTIM_DATA is checked on top.
    Raises PermissionDenied without VICTIM_DATA, Http404 out of its reach.
    """
    require(user, Perm.VICTIM_DATA)
    if not CASE_POLICY.check(user, Perm.CASES_VIEW, case):
        raise Http404
    identifiers = IDENTIFIERS_POLICY.queryset_for(user, Perm.VICTIM_DATA).filter(case=case).first()
    if identifiers is None:
        raise Http404
    audit_record(
        actor=user,
        action="cases.identifiers.read",
        obj=case,
        detail={"purpose": purpose},
    )
    return identifiers


def tasks_due_for(user: User, *, within_days: int = 7) -> QuerySet[CaseTask]:
    """Open tasks of the user's cases that are due soon or overdue."""
    horizon = timezone.localdate() + datetime.timedelta(days=within_days)
    return (
        TASK_POLICY.queryset_for(user, Perm.CASES_VIEW)
        .filter(done_on__isnull=True, case_open=True)
        .filter(Q(alert_on__lte=timezone.localdate()) | Q(due_on__lte=horizon))
        .select_related("case")
        .order_by("due_on", "pk")
    )


def tasks_due_now(user: User) -> QuerySet[CaseTask]:
    """Open tasks of the user's open cases that are overdue or in their alert
    period, overdue first (the earliest due date first)."""
    return (
        TASK_POLICY.queryset_for(user, Perm.CASES_VIEW)
        .filter(done_on__isnull=True, case_open=True)
        .filter(alert_on__lte=timezone.localdate())
        .select_related("case")
        # The order of the agency's index (see CaseTask.Meta), so a page of
        # tasks is read in order instead of sorting every task due.
        .order_by("due_on", "pk")
    )


# The navigation shows "99+" beyond this: counting every task due of a large
# agency on every page would cost more than the number tells.
DUE_COUNT_SHOWN = 99


def due_count(user: User) -> int:
    """How many tasks are due for the user, counted up to one more than
    ``DUE_COUNT_SHOWN``: the count in the navigation."""
    if not user_has(user, Perm.CASES_VIEW):
        return 0
    return tasks_due_now(user).order_by()[: DUE_COUNT_SHOWN + 1].count()


def settings_for(country_id: str) -> CountryCaseSettings:
    """The country's case rules; the minimum the Convention allows until it sets its own."""
    found = CountryCaseSettings.objects.filter(country_id=country_id).first()
    return found or CountryCaseSettings(country_id=country_id)


@dataclass(frozen=True)
class CaseCounts:
    """Counts of a country's cases, for those who see them in aggregate only."""

    total: int
    open: int
    children: int
    by_status: dict[str, int]
    by_exploitation: dict[str, int]
    by_sex: dict[str, int]
    with_reflection_period: int
    with_assistance_plan: int
    children_with_guardian: int


def case_counts(user: User, *, year: int | None = None) -> CaseCounts:
    require(user, Perm.CASES_AGGREGATE)
    queryset = CASE_POLICY.queryset_for(user, Perm.CASES_AGGREGATE)
    if year is not None:
        queryset = queryset.filter(first_contact_on__year=year)
    totals = queryset.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(closed_on__isnull=True)),
        children=Count("pk", filter=Q(presumed_child=True)),
        reflection=Count("pk", filter=Q(reflection_start__isnull=False)),
        plan=Count("pk", filter=Q(assistance_plan_agreed_on__isnull=False)),
        guardian=Count("pk", filter=Q(presumed_child=True, guardian_appointed_on__isnull=False)),
    )
    by_status = dict(queryset.values_list("status").annotate(n=Count("pk")).order_by())
    by_sex = dict(queryset.values_list("sex").annotate(n=Count("pk")).order_by())
    by_exploitation: dict[str, int] = {}
    for codes in queryset.values_list("exploitation", flat=True):
        for code in codes or []:
            by_exploitation[code] = by_exploitation.get(code, 0) + 1
    return CaseCounts(
        total=totals["total"],
        open=totals["open"],
        children=totals["children"],
        by_status=by_status,
        by_exploitation=by_exploitation,
        by_sex=by_sex,
        with_reflection_period=totals["reflection"],
        with_assistance_plan=totals["plan"],
        children_with_guardian=totals["guardian"],
    )
