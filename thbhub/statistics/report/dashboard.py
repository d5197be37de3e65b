"""The data behind the dashboards: published cells, one breakdown at a time.

Everyone with STATS_PUBLISHED gets the published rows of every member and
region. A coordinator, statistician or rapporteur may add their own
country's accepted but unpublished figures, read through the same scoped
submission selector as the statistics pages, never another country's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from thbhub.access.permissions import Perm
from thbhub.access.policies import require, user_has
from thbhub.statistics.aggregates import REGIONS
from thbhub.statistics.models import StoredObservation, SubmissionStatus
from thbhub.statistics.report.content import category_labels
from thbhub.statistics.report.sources import (
    country_label,
    country_names,
    earlier_publications,
)
from thbhub.statistics.selectors import submissions_visible_to
from thbhub.statistics.standard import NOT_APPLICABLE, TOTAL
from thbhub.statistics.tables import CATEGORIES

if TYPE_CHECKING:
    from thbhub.accounts.models import User

DIMENSIONS = ("status", "sex", "age", "citizenship", "exploitation")
MEASURES = ("VICTIMS", "VICTIMS_ASSISTED", "SUSPECTS", "PROSECUTED", "CONVICTED")
# The own country's unpublished figures appear as a country of their own.
UNPUBLISHED_SUFFIX = "~"

# One dashboard row: country, year, measure, breakdown, category, value, flag.
Row = list[Any]


def measure_labels() -> dict[str, str]:
    return {
        "VICTIMS": _("Registered victims"),
        "VICTIMS_ASSISTED": _("Victims assisted"),
        "SUSPECTS": _("Suspects"),
        "PROSECUTED": _("Prosecuted"),
        "CONVICTED": _("Convicted"),
    }


def breakdown_labels() -> dict[str, str]:
    return {
        "total": _("Total only"),
        "status": _("Victim status"),
        "sex": _("Sex"),
        "age": _("Age"),
        "citizenship": _("Citizenship"),
        "exploitation": _("Form of exploitation"),
    }


@dataclass(frozen=True)
class Filters:
    year: int | None
    countries: tuple[str, ...]
    measure: str
    breakdown: str
    own: bool


def _single_breakdown(row: Any) -> tuple[str, str] | None:
    """(breakdown, category) when at most one dimension is broken down, else None."""
    given = [
        (dimension, getattr(row, dimension))
        for dimension in (*DIMENSIONS, "exploitation_country", "identified_in")
        if getattr(row, dimension) not in (TOTAL, NOT_APPLICABLE)
    ]
    if not given:
        return ("total", TOTAL)
    if len(given) > 1:
        return None
    dimension, code = given[0]
    if dimension not in DIMENSIONS or code not in CATEGORIES[dimension]:
        return None
    return dimension, code


def _rows(observations: Iterable[Any], country_suffix: str = "") -> list[Row]:
    rows = []
    for row in observations:
        if row.measure not in MEASURES:
            continue
        found = _single_breakdown(row)
        if found is None:
            continue
        breakdown, category = found
        rows.append(
            [
                row.country + country_suffix,
                row.year,
                row.measure,
                breakdown,
                category,
                row.value,
                row.flag,
            ]
        )
    return rows


def own_country_available(actor: User) -> bool:
    return bool(actor.country_id) and user_has(actor, Perm.STATS_VIEW)


def _unpublished_rows(actor: User) -> list[Row]:
    """The actor's own country's accepted submissions, latest version of each."""
    submissions = submissions_visible_to(actor).filter(
        country_id=actor.country_id, status=SubmissionStatus.ACCEPTED
    )
    rows: list[Row] = []
    for submission in submissions:
        version = submission.latest_version()
        if version is not None:
            observations = StoredObservation.objects.filter(version=version)
            rows += _rows(observations, UNPUBLISHED_SUFFIX)
    return rows


def dashboard_data(actor: User, *, own: bool = False) -> dict[str, Any]:
    """Everything the dashboard page draws from, JSON-ready."""
    require(actor, Perm.STATS_PUBLISHED)
    publications = earlier_publications(actor, 9999)
    rows: list[Row] = []
    for publication in publications:
        rows += _rows(publication.observations.filter(year=publication.round.year))
    codes = sorted({row[0] for row in rows})
    own_rows: list[Row] = []
    if own and own_country_available(actor):
        own_rows = _unpublished_rows(actor)
    names = country_names([*codes, actor.country_id or ""])
    countries = [
        {"code": code, "name": country_label(code, names), "region": code in REGIONS}
        for code in sorted(codes, key=lambda c: (c in REGIONS, country_label(c, names)))
    ]
    if own_rows:
        code = str(actor.country_id)
        countries.append(
            {
                "code": code + UNPUBLISHED_SUFFIX,
                "name": _("%(name)s (accepted, not published)")
                % {"name": country_label(code, names)},
                "region": False,
            }
        )
    labels = category_labels()
    return {
        "years": sorted({row[1] for row in rows} | {row[1] for row in own_rows}),
        "countries": countries,
        "measures": [{"code": c, "label": label} for c, label in measure_labels().items()],
        "breakdowns": [
            {
                "code": code,
                "label": label,
                "categories": [
                    {"code": c, "label": labels.get(c, c)}
                    for c in (CATEGORIES.get(code) or (TOTAL,))
                ],
            }
            for code, label in breakdown_labels().items()
        ],
        "rows": rows + own_rows,
        "texts": {
            "suppressed": _("c: suppressed"),
            "not_available": _(": not available"),
            "by_country": _("%(measure)s by member, %(year)s"),
            "over_years": _("%(measure)s by year"),
            "no_data": _("No published values for this choice."),
        },
    }


def parse_filters(params: Any, data: dict[str, Any]) -> Filters:
    """The filters from a GET query, anything unknown falling back to a default."""
    years = data["years"]
    try:
        year = int(params.get("year") or (years[-1] if years else 0))
    except ValueError:
        year = years[-1] if years else 0
    if years and year not in years:
        year = years[-1]
    known = {country["code"] for country in data["countries"]}
    chosen = tuple(code for code in params.getlist("country") if code in known)
    if not chosen:
        chosen = tuple(c["code"] for c in data["countries"] if not c["region"])
    measure = params.get("measure") if params.get("measure") in MEASURES else "VICTIMS"
    breakdown = (
        params.get("breakdown") if params.get("breakdown") in breakdown_labels() else "total"
    )
    return Filters(year or None, chosen, str(measure), str(breakdown), params.get("own") == "1")


def dashboard_charts(data: dict[str, Any], filters: Filters) -> list[Any]:
    """The two charts of the page as the server draws them (without JavaScript)."""
    from thbhub.statistics.report.charts import ChartData, Series  # noqa: PLC0415
    from thbhub.statistics.report.sources import Cell  # noqa: PLC0415

    index = {(row[0], row[1], row[2], row[3], row[4]): Cell(row[5], row[6]) for row in data["rows"]}
    names = {c["code"]: c["name"] for c in data["countries"]}
    measure = measure_labels()[filters.measure]
    breakdown = next(b for b in data["breakdowns"] if b["code"] == filters.breakdown)
    chosen = [code for code in names if code in filters.countries]
    texts = data["texts"]
    by_country = ChartData(
        key="dashboard-by-country",
        kind="bar" if filters.breakdown == "total" else "stacked",
        title=texts["by_country"] % {"measure": measure, "year": filters.year},
        description=breakdown["label"],
        category_header=_("Member"),
        categories=tuple(names[code] for code in chosen),
        series=tuple(
            Series(
                category["label"] if filters.breakdown != "total" else measure,
                tuple(
                    index.get(
                        (code, filters.year, filters.measure, filters.breakdown, category["code"]),
                        Cell(None),
                    )
                    for code in chosen
                ),
            )
            for category in breakdown["categories"]
        ),
    )
    over_years = ChartData(
        key="dashboard-over-years",
        kind="lines",
        title=texts["over_years"] % {"measure": measure},
        description=_("One line per member chosen."),
        category_header=_("Year"),
        categories=tuple(str(year) for year in data["years"]),
        series=tuple(
            Series(
                names[code],
                tuple(
                    index.get((code, year, filters.measure, "total", TOTAL), Cell(None))
                    for year in data["years"]
                ),
            )
            for code in chosen[:8]
        ),
    )
    return [by_country, over_years]
