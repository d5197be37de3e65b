"""Publishing a round: its accepted data, disclosure-controlled, frozen as a Publication.

What a round publishes is the latest version of every accepted (or already
published) submission, the region aggregates over them and the regional
victims without double counting, all through disclosure control at once:
secondary suppression needs every relation, across members and regions, in
one pass. A publication never changes; publishing again makes a new edition.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from thbhub.access.permissions import Perm
from thbhub.access.policies import require
from thbhub.audit.services import audit_record
from thbhub.reference.models import Country, EUStatus
from thbhub.statistics.aggregates import REGIONS, region_aggregates, region_members
from thbhub.statistics.deduplication import LinkageFigures, deduplicated_observations
from thbhub.statistics.disclosure import SuppressionResult, suppress_with_report
from thbhub.statistics.linkage_results import linkage_figures_of
from thbhub.statistics.models import (
    LinkageResult,
    Publication,
    PublishedObservation,
    Round,
    StoredObservation,
    Submission,
    SubmissionStatus,
)
from thbhub.statistics.services import SETTLED, shipped_codes
from thbhub.statistics.standard import COLUMNS, Observation

if TYPE_CHECKING:
    from thbhub.accounts.models import User


@dataclass(frozen=True)
class Network:
    """Who the regions are made of, read from the reference countries."""

    members: frozenset[str]
    eu_members: frozenset[str]

    def regions(self) -> dict[str, frozenset[str]]:
        return {
            region: region_members(region, members=self.members, eu_members=self.eu_members)
            for region in REGIONS
        }


def network() -> Network:
    return Network(
        members=frozenset(
            Country.objects.filter(network_member=True).values_list("code", flat=True)
        ),
        eu_members=frozenset(
            Country.objects.filter(eu_status=EUStatus.MEMBER).values_list("code", flat=True)
        ),
    )


def default_threshold() -> int:
    return int(settings.THBHUB_DISCLOSURE_THRESHOLD)


def stored_observation(row: dict[str, object]) -> Observation:
    return Observation(
        **{column: row[column] for column in COLUMNS},  # type: ignore[arg-type]
        source_row=int(str(row.get("source_row") or 0)),
        source_sheet="",
    )


def settled_observations(
    round: Round,  # noqa: A002 — the domain's word
    *,
    countries: frozenset[str] | None = None,
) -> tuple[list[Observation], list[str]]:
    """The latest version's rows of every accepted or published submission.

    Returns the rows and the countries they come from; ``countries`` limits
    both (a national user's scope).
    """
    submissions = Submission.objects.filter(round=round, status__in=SETTLED)
    if countries is not None:
        submissions = submissions.filter(country_id__in=countries)
    latest = submissions.annotate(latest=Max("versions__number")).values_list(
        "pk", "country_id", "latest"
    )
    observations: list[Observation] = []
    included: list[str] = []
    for pk, country, number in latest.order_by("country_id"):
        if number is None:
            continue
        included.append(country)
        rows = (
            StoredObservation.objects.filter(version__submission_id=pk, version__number=number)
            .order_by("source_row")
            .values(*COLUMNS, "source_row")
        )
        observations.extend(stored_observation(row) for row in rows)
    return observations, included


def linkage_figures(year: int) -> dict[int, LinkageFigures]:
    latest = LinkageResult.objects.filter(year=year).order_by("-recorded_at").first()
    if latest is None:
        return {}
    return {year: linkage_figures_of(latest)}


def with_aggregates(
    observations: list[Observation], *, year: int, members: Network
) -> list[Observation]:
    """National rows, then the region rows and the de-duplicated victims."""
    regions = region_aggregates(
        observations, members=members.members, eu_members=members.eu_members
    )
    deduplicated = deduplicated_observations(
        observations,
        years=[year],
        members=members.members,
        eu_members=members.eu_members,
        linkage=linkage_figures(year),
    )
    return [*observations, *regions, *deduplicated]


@dataclass(frozen=True)
class PublicationPlan:
    """What publishing the round now would publish: shown before it is done."""

    round: Round
    threshold: int
    included: list[str]
    left_out: list[str]
    result: SuppressionResult

    @property
    def cells(self) -> int:
        return len(self.result.observations)

    @property
    def primary(self) -> int:
        return len(self.result.primary)

    @property
    def secondary(self) -> int:
        return len(self.result.secondary)


def _check_threshold(threshold: int) -> int:
    if threshold < 1 or threshold > 100:
        raise ValidationError(
            {
                "threshold": _(
                    "The suppression threshold %(value)d is out of range: give a whole number "
                    "from 1 to 100 (cells from 1 up to it are suppressed)."
                )
                % {"value": threshold}
            }
        )
    return threshold


def publication_plan(
    *,
    actor: User,
    round: Round,  # noqa: A002
    threshold: int | None = None,
) -> PublicationPlan:
    """The preview: which members are in, which are left out, what is suppressed."""
    require(actor, Perm.STATS_MANAGE)
    chosen = _check_threshold(default_threshold() if threshold is None else threshold)
    observations, included = settled_observations(round)
    if not included:
        raise ValidationError(
            _(
                "No submission to the round for %(year)d is accepted yet: accept at least one "
                "member's submission before publishing."
            )
            % {"year": round.year}
        )
    members = network()
    rows = with_aggregates(observations, year=round.year, members=members)
    result = suppress_with_report(
        rows, threshold=chosen, codes=shipped_codes(), regions=members.regions()
    )
    addressed = sorted(round.members.values_list("code", flat=True))
    return PublicationPlan(
        round=round,
        threshold=chosen,
        included=included,
        left_out=[code for code in addressed if code not in included],
        result=result,
    )


def round_publish(
    *,
    actor: User,
    round: Round,  # noqa: A002
    threshold: int | None = None,
    note: str = "",
) -> Publication:
    """Publish the round's accepted data as a new edition, disclosure-controlled.

    The submissions published move to PUBLISHED; members left out (nothing
    accepted) are named in the publication's note.
    """
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round.pk)
        plan = publication_plan(actor=actor, round=locked, threshold=threshold)
        number = (locked.publications.aggregate(last=Max("number"))["last"] or 0) + 1
        notes = [note.strip()] if note.strip() else []
        if plan.left_out:
            notes.append(
                _("Not included (no accepted submission): %(codes)s.")
                % {"codes": ", ".join(plan.left_out)}
            )
        publication = Publication.objects.create(
            round=locked,
            number=number,
            published_by=actor,
            threshold=plan.threshold,
            countries=plan.included,
            note=" ".join(notes),
        )
        PublishedObservation.objects.bulk_create(
            (
                PublishedObservation(
                    publication=publication,
                    **{column: getattr(obs, column) for column in COLUMNS},
                )
                for obs in plan.result.observations
            ),
            batch_size=500,
        )
        moved = list(
            Submission.objects.filter(
                round=locked,
                country_id__in=plan.included,
                status=SubmissionStatus.ACCEPTED,
            ).values_list("country_id", flat=True)
        )
        Submission.objects.filter(round=locked, country_id__in=moved).update(
            status=SubmissionStatus.PUBLISHED, updated_at=timezone.now()
        )
        audit_record(
            actor=actor,
            action="statistics.round.publish",
            obj=publication,
            detail={
                "year": locked.year,
                "edition": number,
                "threshold": plan.threshold,
                "countries": plan.included,
                "left_out": plan.left_out,
                "cells": plan.cells,
                "suppressed_primary": plan.primary,
                "suppressed_secondary": plan.secondary,
                "newly_published": sorted(moved),
            },
        )
    return publication
