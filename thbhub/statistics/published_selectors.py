"""Reading publications and the data an export may hold, scoped to the user.

Published (disclosure-controlled) rows are for everyone with
STATS_PUBLISHED. Unpublished rows follow STATS_VIEW's reach: the
secretariat gets every accepted member and the region sums; a national user
only their own country and no region, since a region's sum of unpublished
data minus their own figures would disclose the other members' cells.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from thbhub.access.permissions import Perm, Reach
from thbhub.access.policies import require
from thbhub.statistics.models import Publication, PublishedObservation
from thbhub.statistics.publishing import (
    network,
    settled_observations,
    stored_observation,
    with_aggregates,
)
from thbhub.statistics.selectors import access_round
from thbhub.statistics.standard import COLUMNS, Observation

if TYPE_CHECKING:
    from thbhub.accounts.models import User


def publications_visible_to(user: User) -> QuerySet[Publication]:
    """Every edition of every year, newest first."""
    require(user, Perm.STATS_PUBLISHED)
    return Publication.objects.select_related("round", "published_by").order_by(
        "-round__year", "-number"
    )


def latest_publications(user: User) -> list[Publication]:
    """The latest edition of each year: what the published data of a year is."""
    latest: dict[int, Publication] = {}
    for publication in publications_visible_to(user):
        latest.setdefault(publication.round.year, publication)
    return list(latest.values())


def latest_publication(user: User, year: int) -> Publication:
    require(user, Perm.STATS_PUBLISHED)
    publication = (
        Publication.objects.filter(round__year=year)
        .select_related("round", "published_by")
        .order_by("-number")
        .first()
    )
    if publication is None:
        raise Http404
    return publication


def published_observations(publication: Publication) -> list[Observation]:
    """The rows of a publication fetched through ``latest_publication``."""
    rows = PublishedObservation.objects.filter(publication=publication).order_by("pk")
    return [stored_observation(row) for row in rows.values(*COLUMNS)]


@dataclass(frozen=True)
class ExportData:
    """The rows of one export and what a reader must be told about them."""

    year: int
    published: bool
    observations: list[Observation]
    # Edition and threshold of the publication, None for unpublished data.
    edition: int | None = None
    threshold: int | None = None
    note: str = ""


def export_data(user: User, *, year: int, published: bool) -> ExportData:
    """What ``user`` may export for ``year``: published rows, or the round's
    accepted rows within the user's reach (Http404 when there is none)."""
    if published:
        publication = latest_publication(user, year)
        return ExportData(
            year=year,
            published=True,
            observations=published_observations(publication),
            edition=publication.number,
            threshold=publication.threshold,
            note=publication.note,
        )
    reach = require(user, Perm.STATS_VIEW)
    round_ = access_round(user, year)
    if reach == Reach.NETWORK:
        observations, _included = settled_observations(round_)
        rows = with_aggregates(observations, year=year, members=network()) if observations else []
    else:
        own = frozenset({user.country_id} if user.country_id else set())
        rows, _included = settled_observations(round_, countries=own)
    return ExportData(year=year, published=False, observations=rows)
