"""A country's statistical tables (design brief 6.1) computed from its cases.

A country that manages its cases in THB Hub need not count its victims
twice: the victim tables of the questionnaire are counted from the cases
and stored as a new draft version of the country's submission, through the
same validation as an uploaded file. The statistician reviews it and
submits it like any other version.

How a case is counted:

- the year: a formally identified victim counts in the year of the
  decision, a presumed victim in the year of first contact (the same rule
  as the victim register); cases decided "not a victim" are left out;
- age: a case presumed a child (under 18, or of uncertain age) is CHILD,
  else ADULT when the age at identification is known, else UNK;
- citizenship: the reporting country's own is NATIONAL, an EU member's
  OTHER_EU, any other country's NON_EU, none or an unknown code UNK; each
  foreign citizenship is also given as an ISO detail row;
- form of exploitation: a case is counted once, under the first form
  recorded (the main form), so the forms still add up to the TOTAL; a
  note on the TOTAL row says how many cases had more than one form. No
  form recorded is UNK;
- country of exploitation: the last exploitation stage of the route
  (routes are ordered by date), DOMESTIC for the reporting country; none is
  UNK; foreign countries are also given as ISO detail rows;
- identified in: ABROAD where the authorities of another country
  identified the person, UNK where nobody is recorded, else REPORTING;
- VICTIMS_ASSISTED: the cases of the year with at least one service
  delivered; by type of service, a case counts under every type it
  received (the types need not add up to the TOTAL).

Offenders (SUSPECTS, PROSECUTED, CONVICTED) cannot be counted from
victims' cases: their figures, the methodology and the answers are kept
from the latest version.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import product
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from thbhub.access.permissions import Perm
from thbhub.access.policies import country_in_reach, require
from thbhub.audit.models import Outcome
from thbhub.audit.services import audit_record
from thbhub.cases.codes import CaseStatus, IdentifiedBy, RouteStage
from thbhub.cases.models import ADULT_AGE, Case, CaseRoute, ServiceDelivered
from thbhub.cases.selectors import CASE_POLICY
from thbhub.statistics.editing import table_grid
from thbhub.statistics.models import Round, RoundStatus, Submission
from thbhub.statistics.services import (
    UploadResult,
    previous_values,
    shipped_codes,
    submission_uploadable,
    submission_version_create,
)
from thbhub.statistics.standard import (
    BREAKDOWNS,
    TOTAL,
    VICTIM_MEASURES,
    CodeLists,
    RawRow,
)
from thbhub.statistics.tables import TABLES
from thbhub.statistics.validation import validate

if TYPE_CHECKING:
    from thbhub.accounts.models import User

UNKNOWN = "UNK"
# The one breakdown where a case may count under several categories.
SERVICE = "service"
DETAILS_SHEET = "details"


@dataclass(frozen=True)
class CountedCase:
    """One case reduced to its 6.1 codes."""

    status: str
    sex: str
    age: str
    citizenship: str
    citizenship_iso: str
    exploitation: str
    exploitation_country: str
    exploitation_iso: str
    identified_in: str
    services: frozenset[str]
    several_forms: bool

    @property
    def assisted(self) -> bool:
        return bool(self.services)

    def code(self, column: str) -> str:
        return str(getattr(self, column))

    def choices(self, column: str) -> tuple[str, ...]:
        """The codes the case counts under in ``column``, and TOTAL."""
        if column == SERVICE:
            return (*sorted(self.services), TOTAL)
        return (self.code(column), TOTAL)


@dataclass(frozen=True)
class CaseTables:
    """The rows computed from the cases, ready for validation."""

    rows: list[RawRow]
    cases: int
    several_forms: int


def in_reference_year(year: int) -> Q:
    """The cases a year's statistics count: identified by decision year,
    presumed by year of first contact (an identified case without a
    decision date by its first contact)."""
    return (
        Q(status=CaseStatus.IDENTIFIED, status_decided_on__year=year)
        | Q(
            status=CaseStatus.IDENTIFIED,
            status_decided_on__isnull=True,
            first_contact_on__year=year,
        )
        | Q(status=CaseStatus.PRESUMED, first_contact_on__year=year)
    )


def counted_cases(queryset: QuerySet[Case], *, year: int) -> QuerySet[Case]:
    """The year's cases with what counting needs, in three queries."""
    exploitation_routes = CaseRoute.objects.filter(stage=RouteStage.EXPLOITATION).order_by(
        "date_from", "pk"
    )
    return (
        queryset.filter(in_reference_year(year))
        .exclude(status=CaseStatus.NOT_VICTIM)
        .prefetch_related(
            Prefetch("routes", queryset=exploitation_routes, to_attr="places"),
            Prefetch(
                "services",
                queryset=ServiceDelivered.objects.only("pk", "case_id", "service"),
                to_attr="delivered",
            ),
        )
        .only(
            "pk",
            "country_id",
            "status",
            "sex",
            "age_at_identification",
            "presumed_child",
            "citizenship",
            "exploitation",
            "identified_by",
        )
        .order_by("pk")
    )


def _age(case: Case) -> str:
    if case.presumed_child:
        return "CHILD"
    if case.age_at_identification is None:
        return UNKNOWN
    return "CHILD" if case.age_at_identification < ADULT_AGE else "ADULT"


def _place(code: str, country: str, codes: CodeLists, column: str) -> tuple[str, str]:
    """The group code and, for a foreign country, its ISO detail code."""
    code = code.strip().upper()
    if not code or code not in codes.countries:
        return UNKNOWN, ""
    group = codes.iso_group(column, code, country)
    return group, "" if code == country else code


def count_case(case: Case, *, country: str, codes: CodeLists) -> CountedCase:
    citizenship, citizenship_iso = _place(case.citizenship, country, codes, "citizenship")
    places: list[CaseRoute] = getattr(case, "places", [])
    where, where_iso = (
        _place(places[-1].country, country, codes, "exploitation_country")
        if places
        else (UNKNOWN, "")
    )
    forms = [form for form in case.exploitation or [] if form in codes.categories("exploitation")]
    if case.identified_by == IdentifiedBy.ABROAD:
        identified_in = "ABROAD"
    elif case.identified_by:
        identified_in = "REPORTING"
    else:
        identified_in = UNKNOWN
    return CountedCase(
        status=case.status,
        sex=case.sex if case.sex in codes.categories("sex") else UNKNOWN,
        age=_age(case),
        citizenship=citizenship,
        citizenship_iso=citizenship_iso,
        exploitation=forms[0] if forms else UNKNOWN,
        exploitation_country=where,
        exploitation_iso=where_iso,
        identified_in=identified_in,
        services=_services(case, codes),
        several_forms=len(set(forms)) > 1,
    )


def _services(case: Case, codes: CodeLists) -> frozenset[str]:
    """The types of service the case received, as codes of the SERVICE list."""
    delivered: list[ServiceDelivered] = getattr(case, "delivered", [])
    known = codes.codes.get(SERVICE, frozenset())
    return frozenset(
        item.service.upper() if item.service.upper() in known else "OTHER" for item in delivered
    )


CellKey = tuple[str, ...]  # measure, then the BREAKDOWNS in order


def _tally(
    counted: Sequence[CountedCase], measure: str, dimensions: Sequence[str]
) -> Counter[CellKey]:
    """Every cell of the table each case falls in: its code or TOTAL per dimension."""
    tally: Counter[CellKey] = Counter()
    for case in counted:
        choices = [case.choices(column) for column in dimensions]
        for combination in product(*choices):
            chosen = dict(zip(dimensions, combination, strict=True))
            tally[(measure, *(chosen.get(column, TOTAL) for column in BREAKDOWNS))] += 1
    return tally


def _row(
    country: str, year: int, measure: str, coordinates: dict[str, str], value: int
) -> dict[str, str]:
    return {
        "country": country,
        "year": str(year),
        "measure": measure,
        **coordinates,
        "value": str(value),
        "flag": "",
        "note": "",
    }


def case_tables(counted: Sequence[CountedCase], *, country: str, year: int) -> CaseTables:
    """The victim tables of the questionnaire as rows, each on its grid line."""
    several = sum(case.several_forms for case in counted)
    rows: list[RawRow] = []
    placed: set[CellKey] = set()
    for table in TABLES:
        measures = [measure for measure in table.measures if measure in VICTIM_MEASURES]
        if not measures:
            continue
        for measure in measures:
            members = [case for case in counted if measure == "VICTIMS" or case.assisted]
            tally = _tally(members, measure, table.dimensions)
            for cell in table_grid(table):
                if cell.measure != measure or cell.key in placed:
                    continue
                placed.add(cell.key)
                row = _row(country, year, measure, cell.coordinates, tally.get(cell.key, 0))
                # The note goes on the grand total, whichever table holds it first.
                grand_total = all(code == TOTAL for code in cell.coordinates.values())
                if measure == "VICTIMS" and grand_total and several:
                    row["note"] = _(
                        "Computed from cases: %(count)d victims with more than one form of "
                        "exploitation are counted under the first form recorded."
                    ) % {"count": several}
                rows.append(RawRow(sheet=str(table.title), row=cell.line, cells=row))
    rows.extend(_details(counted, country=country, year=year))
    return CaseTables(rows=rows, cases=len(counted), several_forms=several)


def _details(counted: Sequence[CountedCase], *, country: str, year: int) -> list[RawRow]:
    """ISO detail rows below the citizenship and exploitation-country groups, by status."""
    rows: list[RawRow] = []
    line = 0
    for column, attribute in (
        ("citizenship", "citizenship_iso"),
        ("exploitation_country", "exploitation_iso"),
    ):
        tally: Counter[tuple[str, str]] = Counter()
        for case in counted:
            code = case.code(attribute)
            if code:
                tally[(case.status, code)] += 1
                tally[(TOTAL, code)] += 1
        for (status, code), value in sorted(tally.items()):
            line += 1
            coordinates = dict.fromkeys(BREAKDOWNS, TOTAL) | {"status": status, column: code}
            cells = _row(country, year, "VICTIMS", coordinates, value)
            rows.append(RawRow(sheet=_("Country details"), row=line, cells=cells))
    return rows


def _kept_rows(submission: Submission) -> list[RawRow]:
    """The latest version's figures that cases cannot give: the offenders'."""
    latest = submission.latest_version()
    if latest is None:
        return []
    kept = latest.observations.exclude(measure__in=VICTIM_MEASURES).order_by("source_row")
    return [
        RawRow(
            sheet=obs.source_sheet or latest.source_name,
            row=obs.source_row,
            cells={
                "country": obs.country,
                "year": str(obs.year),
                "measure": obs.measure,
                **{column: getattr(obs, column) for column in BREAKDOWNS},
                "value": "" if obs.value is None else str(obs.value),
                "flag": obs.flag,
                "note": obs.note,
            },
        )
        for obs in kept
    ]


def open_round_of(year: int) -> Round:
    found = Round.objects.filter(year=year).first()
    if found is None:
        raise ValidationError(
            _("There is no questionnaire round for %(year)d: the secretariat opens rounds.")
            % {"year": year}
        )
    if found.status != RoundStatus.OPEN:
        raise ValidationError(
            _("The round for %(year)d is closed: ask the secretariat to reopen it.")
            % {"year": year}
        )
    return found


def submission_from_cases(*, actor: User, country_id: str, year: int) -> UploadResult:
    """Count the country's cases of ``year`` into the round's victim tables and
    store them as a new version of its submission, if they pass validation.

    Needs STATISTICS_FROM_CASES for the country and the right to upload its
    submission; refuses a country that has no case in THB Hub at all.
    """
    country_id = country_id.strip().upper()
    require(actor, Perm.STATS_FROM_CASES)
    if not country_in_reach(actor, Perm.STATS_FROM_CASES, country_id):
        raise ValidationError(
            _(
                "%(country)s is not your country: the account can compute the statistics of "
                "%(own)s only."
            )
            % {"country": country_id, "own": actor.country_id or "-"}
        )
    round_ = open_round_of(year)
    submission = submission_uploadable(actor=actor, round=round_, country_id=country_id)
    cases = CASE_POLICY.queryset_for(actor, Perm.STATS_FROM_CASES).filter(country_id=country_id)
    if not cases.exists():
        raise ValidationError(
            _(
                "%(country)s has no case in THB Hub: its statistics cannot be computed from "
                "cases. Fill in the tables or upload the template instead."
            )
            % {"country": country_id}
        )
    codes = shipped_codes()
    counted = [
        count_case(case, country=country_id, codes=codes)
        for case in counted_cases(cases, year=year)
    ]
    tables = case_tables(counted, country=country_id, year=year)
    report = validate(
        [*tables.rows, *_kept_rows(submission)],
        codes,
        previous=previous_values(country_id, year),
        change_threshold=float(round_.change_threshold),
        country=country_id,
        year=year,
    )
    source = _("computed from %(count)d cases on %(date)s") % {
        "count": tables.cases,
        "date": timezone.localdate().isoformat(),
    }
    # One transaction: the version, its upload row and this row are written together.
    with transaction.atomic():
        result = submission_version_create(
            actor=actor, submission=submission, report=report, source_name=source
        )
        audit_record(
            actor=actor,
            action="statistics.submission.from_cases",
            obj=submission,
            outcome=Outcome.SUCCESS if result.version is not None else Outcome.FAILED,
            detail={
                "year": year,
                "cases": tables.cases,
                "several_forms": tables.several_forms,
                "version": result.version.number if result.version is not None else None,
                "errors": len(report.errors),
            },
        )
    return result


def country_manages_cases(actor: User, country_id: str) -> bool:
    """Whether the actor may count the country's tables from cases and it has any."""
    return (
        CASE_POLICY.queryset_for(actor, Perm.STATS_FROM_CASES)
        .filter(country_id=country_id)
        .exists()
    )
