"""The data indicators are computed from, scoped to the user.

Two sources:

- ``published``: the rows of the latest publication of each year, as every
  role may read them (suppressed cells stay unknown, flag c);
- ``submitted``: the latest version of each accepted or published
  submission within the user's reach. A national user sees their own
  country only and no region: a region's sum of unpublished data minus
  their own figures would disclose the other members' cells.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _

from thbhub.access.permissions import Perm, Reach
from thbhub.access.policies import require
from thbhub.reference.models import KOSOVO_DESIGNATION_NOTE, Country, EUStatus, Population
from thbhub.statistics.deduplication import LinkageFigures
from thbhub.statistics.indicators import IndicatorTable, compute_indicators
from thbhub.statistics.linkage_results import linkage_figures_of
from thbhub.statistics.models import (
    LinkageResult,
    Publication,
    PublishedObservation,
    StoredObservation,
    SubmissionStatus,
    SubmissionVersion,
)
from thbhub.statistics.publishing import stored_observation
from thbhub.statistics.selectors import SUBMISSION_POLICY
from thbhub.statistics.standard import COLUMNS, Observation

if TYPE_CHECKING:
    from thbhub.accounts.models import User

PUBLISHED = "published"
SUBMITTED = "submitted"
SOURCES: tuple[str, ...] = (PUBLISHED, SUBMITTED)
# A table of more years is unreadable and slow; ask for a range in parts.
MAX_YEARS = 30
KOSOVO = "XK"


@dataclass(frozen=True)
class IndicatorData:
    source: str
    observations: list[Observation]
    # Countries the user may see indicators of; None: every member.
    countries: frozenset[str] | None
    regions: bool
    members: frozenset[str]
    eu_members: frozenset[str]
    population: dict[tuple[str, int], int]
    linkage: dict[int, LinkageFigures]
    # What each year's numbers come from, e.g. "2024: publication #2".
    origins: dict[int, str]


def check_years(first: int, last: int) -> list[int]:
    if last < first:
        raise ValidationError(
            {
                "to": _("The last year %(to)d is before the first %(from)d: swap them.")
                % {"to": last, "from": first}
            }
        )
    if last - first + 1 > MAX_YEARS:
        raise ValidationError(
            {"to": _("Ask for at most %(max)d years at a time.") % {"max": MAX_YEARS}}
        )
    return list(range(first, last + 1))


def _published(years: Sequence[int]) -> tuple[list[Observation], dict[int, str]]:
    observations: list[Observation] = []
    origins: dict[int, str] = {}
    for year in years:
        latest = Publication.objects.filter(round__year=year).order_by("-number").first()
        if latest is None:
            continue
        origins[year] = _("publication #%(number)d of %(date)s") % {
            "number": latest.number,
            "date": latest.published_at.date().isoformat(),
        }
        rows = PublishedObservation.objects.filter(publication=latest).values(*COLUMNS)
        observations.extend(stored_observation(row) for row in rows)
    return observations, origins


def _submitted(user: User, years: Sequence[int]) -> tuple[list[Observation], dict[int, str]]:
    submissions = SUBMISSION_POLICY.queryset_for(user, Perm.STATS_VIEW).filter(
        round__year__in=years,
        status__in=(SubmissionStatus.ACCEPTED, SubmissionStatus.PUBLISHED),
    )
    latest = (
        SubmissionVersion.objects.filter(submission__in=submissions)
        .values("submission")
        .annotate(number=Max("number"))
    )
    version_ids = [
        SubmissionVersion.objects.values_list("pk", flat=True).get(
            submission_id=entry["submission"], number=entry["number"]
        )
        for entry in latest
    ]
    rows = StoredObservation.objects.filter(version_id__in=version_ids).values(
        *COLUMNS, "source_row"
    )
    observations = [stored_observation(row) for row in rows]
    origins = {
        year: _("accepted submissions, not yet disclosure-controlled")
        for year in {o.year for o in observations}
    }
    return observations, origins


def _linkage(years: Sequence[int]) -> dict[int, LinkageFigures]:
    figures: dict[int, LinkageFigures] = {}
    # Ordered newest first: the first result of a year is its latest.
    for result in LinkageResult.objects.filter(year__in=years):
        if result.year in figures:
            continue
        figures[result.year] = linkage_figures_of(result)
    return figures


def indicator_observations(user: User, *, years: Sequence[int], source: str) -> IndicatorData:
    """The rows indicators of ``years`` are computed from, as ``user`` may see them.

    The year before the first is read too, for the change from year to year.
    """
    if source not in SOURCES:
        raise ValidationError(
            {
                "source": _("Unknown source %(source)s: use published or submitted.")
                % {"source": source}
            }
        )
    wanted = sorted({*years, min(years) - 1}) if years else []
    countries: frozenset[str] | None = None
    regions = True
    if source == PUBLISHED:
        require(user, Perm.STATS_PUBLISHED)
        observations, origins = _published(wanted)
    else:
        reach = require(user, Perm.STATS_VIEW)
        observations, origins = _submitted(user, wanted)
        if reach != Reach.NETWORK:
            countries = frozenset({user.country_id} if user.country_id else set())
            regions = False
    members = frozenset(Country.objects.filter(network_member=True).values_list("code", flat=True))
    eu_members = frozenset(
        Country.objects.filter(eu_status=EUStatus.MEMBER).values_list("code", flat=True)
    )
    population = {
        (country, year): people
        for country, year, people in Population.objects.filter(
            country_id__in=members, year__in=wanted
        ).values_list("country_id", "year", "population")
    }
    return IndicatorData(
        source=source,
        observations=observations,
        countries=countries,
        regions=regions,
        members=members,
        eu_members=eu_members,
        population=population,
        linkage=_linkage(wanted) if regions else {},
        origins={year: origins[year] for year in sorted(origins) if year in years},
    )


def indicators_for(user: User, *, years: Sequence[int], source: str) -> IndicatorTable:
    """The indicator table ``user`` may see, countries named as published outputs name them."""
    data = indicator_observations(user, years=years, source=source)
    table = compute_indicators(
        data.observations,
        years=years,
        population=data.population,
        members=data.members,
        eu_members=data.eu_members,
        linkage=data.linkage,
        regions=data.regions,
        countries=data.countries,
    )
    names = dict(Country.objects.filter(code__in=data.members).values_list("code", "name"))
    table.areas = [
        dataclasses.replace(area, label=f"{names.get(area.code, area.code)}*")
        if area.code == KOSOVO
        else dataclasses.replace(area, label=area.label or names.get(area.code, area.code))
        for area in table.areas
    ]
    if any(area.code == KOSOVO for area in table.areas):
        table.notes.append(str(KOSOVO_DESIGNATION_NOTE))
    for year, origin in data.origins.items():
        table.notes.append(_("%(year)d: %(origin)s") % {"year": year, "origin": origin})
    missing = [year for year in years if year not in data.origins]
    if missing:
        table.notes.append(
            _("No data for %(years)s in this source.")
            % {"years": ", ".join(str(year) for year in missing)}
        )
    return table
