"""Reading the recommendations tracker, scoped to what the user may see.

A user with a country reach sees the recommendations that concern the own
country and, for reading, the network-wide ones; status rows and comments
follow the same rule, so one country never reads another's self-assessment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from django.db import models
from django.db.models import Q, QuerySet

from thbhub.access.permissions import Perm, Reach, reach_of
from thbhub.access.policies import ModelPolicy
from thbhub.recommendations.codes import ImplementationStatus, ReviewState, Theme
from thbhub.recommendations.models import (
    Recommendation,
    Review,
    ReviewComment,
    SourceDocument,
    StatusUpdate,
)
from thbhub.reference.models import Country

M = TypeVar("M", bound=models.Model)

if TYPE_CHECKING:
    import datetime

    from thbhub.accounts.models import User

# Only reading reaches the network-wide recommendations: their status is
# the secretariat's to assess, and rapporteurs comment on their own country.
NETWORK_WIDE_READABLE = frozenset({Perm.RECOMMENDATIONS_VIEW})


def _countries_of(recommendation_field: str, country_id: str) -> Q:
    through = Recommendation.countries.through.objects.filter(country_id=country_id)
    return Q(**{f"{recommendation_field}__in": through.values("recommendation_id")})


def _network_wide(recommendation_field: str) -> Q:
    through = Recommendation.countries.through.objects.all()
    return ~Q(**{f"{recommendation_field}__in": through.values("recommendation_id")})


@dataclass(frozen=True)
class RecommendationPolicy(ModelPolicy[Recommendation]):
    """A recommendation is tied to countries through a many-to-many relation,
    and one that names no country belongs to the whole network; subqueries
    keep a recommendation that names several countries from being listed
    once per country."""

    def queryset_for(self, user: User | None, perm: Perm) -> QuerySet[Recommendation]:
        base = Recommendation.objects.all()
        reach = reach_of(user.role, perm) if user is not None and user.is_active else None
        if reach is None or user is None:
            return base.none()
        if reach == Reach.NETWORK:
            return base
        if user.country_id is None:
            return base.none()
        scope = _countries_of("pk", user.country_id)
        if perm in NETWORK_WIDE_READABLE:
            scope |= _network_wide("pk")
        return base.filter(scope)


@dataclass(frozen=True)
class CountryRowPolicy(ModelPolicy[M]):
    """Status rows and comments: a country's own rows, plus the network's
    rows (no country) where the permission reads network-wide ones."""

    def queryset_for(self, user: User | None, perm: Perm) -> QuerySet[M]:
        base: QuerySet[M] = self.model._default_manager.all()
        reach = reach_of(user.role, perm) if user is not None and user.is_active else None
        if reach is None or user is None:
            return base.none()
        if reach == Reach.NETWORK:
            return base
        if user.country_id is None:
            return base.none()
        scope = Q(country_id=user.country_id)
        if perm in NETWORK_WIDE_READABLE:
            scope |= Q(country__isnull=True)
        return base.filter(scope)


RECOMMENDATION_POLICY = RecommendationPolicy(Recommendation)
STATUS_POLICY: CountryRowPolicy[StatusUpdate] = CountryRowPolicy(StatusUpdate)
COMMENT_POLICY: CountryRowPolicy[ReviewComment] = CountryRowPolicy(ReviewComment)
# Reviews and source documents are the same for every member.
REVIEW_POLICY = ModelPolicy(Review)
DOCUMENT_POLICY = ModelPolicy(SourceDocument)


@dataclass(frozen=True)
class TrackerFilters:
    country: str = ""
    theme: str = ""
    status: str = ""
    source: str = ""
    query: str = ""


@dataclass
class TrackerRow:
    """One recommendation as it stands for one country (or the network)."""

    recommendation: Recommendation
    country: Country | None
    latest: StatusUpdate | None
    themes: list[str]

    @property
    def status(self) -> str:
        return self.latest.status if self.latest else ImplementationStatus.NOT_STARTED

    @property
    def status_label(self) -> str:
        return str(ImplementationStatus(self.status).label)

    @property
    def assessed(self) -> bool:
        return self.latest is not None

    @property
    def theme_labels(self) -> list[str]:
        return [str(Theme(theme).label) for theme in self.themes]


def access_recommendation(
    user: User, pk: object, *, perm: Perm = Perm.RECOMMENDATIONS_VIEW
) -> Recommendation:
    return RECOMMENDATION_POLICY.get(user, perm, pk)


def access_review(user: User, pk: object, *, perm: Perm = Perm.RECOMMENDATIONS_VIEW) -> Review:
    return REVIEW_POLICY.get(user, perm, pk)


def recommendations_visible_to(
    user: User, filters: TrackerFilters | None = None, *, perm: Perm = Perm.RECOMMENDATIONS_VIEW
) -> QuerySet[Recommendation]:
    filters = filters or TrackerFilters()
    queryset = RECOMMENDATION_POLICY.queryset_for(user, perm).select_related("source")
    if filters.country:
        code = filters.country.upper()
        queryset = queryset.filter(_countries_of("pk", code) | _network_wide("pk"))
    if filters.theme:
        queryset = queryset.filter(themes__theme=filters.theme)
    if filters.source:
        queryset = queryset.filter(source__key=filters.source)
    for word in filters.query.split():
        queryset = queryset.filter(Q(text__icontains=word) | Q(code__icontains=word))
    return queryset.prefetch_related("countries", "themes").order_by("source__issued_on", "code")


def documents_visible_to(user: User) -> QuerySet[SourceDocument]:
    return DOCUMENT_POLICY.queryset_for(user, Perm.RECOMMENDATIONS_VIEW).order_by("issued_on")


def status_updates_visible_to(user: User) -> QuerySet[StatusUpdate]:
    return STATUS_POLICY.queryset_for(user, Perm.RECOMMENDATIONS_VIEW).select_related(
        "assessed_by", "review", "country"
    )


def comments_visible_to(user: User) -> QuerySet[ReviewComment]:
    return COMMENT_POLICY.queryset_for(user, Perm.RECOMMENDATIONS_VIEW).select_related(
        "author", "country", "review"
    )


def reviews_visible_to(user: User) -> QuerySet[Review]:
    return REVIEW_POLICY.queryset_for(user, Perm.RECOMMENDATIONS_VIEW).select_related(
        "opened_by", "closed_by"
    )


def open_review() -> Review | None:
    return Review.objects.filter(state=ReviewState.OPEN).first()


def previous_review(review: Review) -> Review | None:
    """The review closed before this one was opened."""
    return (
        Review.objects.filter(state=ReviewState.CLOSED, opened_at__lt=review.opened_at)
        .exclude(pk=review.pk)
        .order_by("-opened_at")
        .first()
    )


def latest_statuses(
    updates: QuerySet[StatusUpdate], *, before: datetime.datetime | None = None
) -> dict[tuple[int, str | None], StatusUpdate]:
    """The newest status row for each (recommendation, country), optionally
    as it stood at a moment."""
    if before is not None:
        updates = updates.filter(assessed_at__lt=before)
    latest: dict[tuple[int, str | None], StatusUpdate] = {}
    for update in updates.order_by("assessed_at", "pk"):
        latest[(update.recommendation_id, update.country_id)] = update
    return latest


def tracker_rows(
    user: User,
    filters: TrackerFilters | None = None,
    *,
    at: datetime.datetime | None = None,
) -> list[TrackerRow]:
    """Every recommendation the user sees, once per country it concerns
    (once for the network when it names none), with its current status."""
    filters = filters or TrackerFilters()
    recommendations = list(recommendations_visible_to(user, filters))
    latest = latest_statuses(
        status_updates_visible_to(user).filter(recommendation__in=[r.pk for r in recommendations]),
        before=at,
    )
    reach = reach_of(user.role, Perm.RECOMMENDATIONS_VIEW)
    own_country_only = reach != Reach.NETWORK
    wanted_country = filters.country.upper()
    rows: list[TrackerRow] = []
    for recommendation in recommendations:
        themes = [theme.theme for theme in recommendation.themes.all()]
        countries: list[Country | None] = list(recommendation.countries.all()) or [None]
        for country in countries:
            if country is not None and own_country_only and country.code != user.country_id:
                continue
            if country is not None and wanted_country and country.code != wanted_country:
                continue
            row = TrackerRow(
                recommendation=recommendation,
                country=country,
                latest=latest.get((recommendation.pk, country.code if country else None)),
                themes=themes,
            )
            if filters.status and row.status != filters.status:
                continue
            rows.append(row)
    return rows


def history_for(user: User, recommendation: Recommendation) -> QuerySet[StatusUpdate]:
    return status_updates_visible_to(user).filter(recommendation=recommendation)


def comments_for(user: User, recommendation: Recommendation) -> QuerySet[ReviewComment]:
    return comments_visible_to(user).filter(recommendation=recommendation)


def assessable_countries(user: User, recommendation: Recommendation) -> list[Country | None]:
    """The countries whose status for this recommendation the user may report."""
    return _countries_in_reach(user, recommendation, Perm.RECOMMENDATIONS_ASSESS)


def commentable_countries(user: User, recommendation: Recommendation) -> list[Country | None]:
    return _countries_in_reach(user, recommendation, Perm.RECOMMENDATIONS_COMMENT)


def _countries_in_reach(
    user: User, recommendation: Recommendation, perm: Perm
) -> list[Country | None]:
    if not RECOMMENDATION_POLICY.check(user, perm, recommendation):
        return []
    countries = list(recommendation.countries.all())
    if not countries:
        # Network-wide: only a network reach gets this far.
        return [None]
    if reach_of(user.role, perm) == Reach.NETWORK:
        return list(countries)
    return [country for country in countries if country.code == user.country_id]


def country_choices_for(user: User) -> QuerySet[Country]:
    """The countries a user may filter the tracker by."""
    countries = Country.objects.filter(
        pk__in=Recommendation.countries.through.objects.values("country_id")
    )
    if reach_of(user.role, Perm.RECOMMENDATIONS_VIEW) != Reach.NETWORK:
        countries = countries.filter(pk=user.country_id)
    return countries.order_by("name")


def theme_counts(rows: list[TrackerRow]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in rows:
        for theme in row.themes:
            counts[theme] = counts.get(theme, 0) + 1
    return counts
