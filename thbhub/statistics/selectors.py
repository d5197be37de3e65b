"""Reading rounds and submissions, scoped to what the user may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from thbhub.access.permissions import Perm
from thbhub.access.policies import ModelPolicy
from thbhub.statistics.models import (
    Round,
    StoredObservation,
    Submission,
    SubmissionStatus,
    SubmissionVersion,
)
from thbhub.statistics.standard import BREAKDOWNS, TOTAL

if TYPE_CHECKING:
    from thbhub.accounts.models import User

# A round is tied to the members it addresses: a national user sees the
# rounds that ask their country, the secretariat every round.
ROUND_POLICY = ModelPolicy(Round, country_field="members")
SUBMISSION_POLICY = ModelPolicy(Submission, country_field="country")
VERSION_POLICY = ModelPolicy(SubmissionVersion, country_field="submission__country")

DONE = (SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED, SubmissionStatus.PUBLISHED)


def rounds_visible_to(user: User) -> QuerySet[Round]:
    visible = ROUND_POLICY.queryset_for(user, Perm.STATS_VIEW).values("pk")
    return (
        Round.objects.filter(pk__in=visible)
        .annotate(
            member_count=Count("members", distinct=True),
            submitted_count=Count(
                "submissions", filter=Q(submissions__status__in=DONE), distinct=True
            ),
        )
        .order_by("-year")
    )


def access_round(user: User, year: int, *, perm: Perm = Perm.STATS_VIEW) -> Round:
    """The round of ``year``; out of reach looks the same as missing (404)."""
    pk = Round.objects.filter(year=year).values_list("pk", flat=True).first()
    if pk is None:
        raise Http404
    return ROUND_POLICY.get(user, perm, pk)


def submissions_visible_to(user: User, *, round_year: int | None = None) -> QuerySet[Submission]:
    queryset = SUBMISSION_POLICY.queryset_for(user, Perm.STATS_VIEW).select_related(
        "round", "country"
    )
    if round_year is not None:
        queryset = queryset.filter(round__year=round_year)
    return queryset.annotate(version_count=Count("versions")).order_by(
        "-round__year", "country__name"
    )


def access_submission(user: User, pk: object, *, perm: Perm = Perm.STATS_VIEW) -> Submission:
    return SUBMISSION_POLICY.get(user, perm, pk)


def submission_for(
    user: User, *, round_year: int, country: str, perm: Perm = Perm.STATS_VIEW
) -> Submission:
    """A member's submission to a round, as the API and the CLI name it."""
    pk = (
        Submission.objects.filter(round__year=round_year, country_id=country.upper())
        .values_list("pk", flat=True)
        .first()
    )
    if pk is None:
        raise Http404
    return access_submission(user, pk, perm=perm)


def versions_of(user: User, submission: Submission) -> QuerySet[SubmissionVersion]:
    return (
        VERSION_POLICY.queryset_for(user, Perm.STATS_VIEW)
        .filter(submission=submission)
        .select_related("uploaded_by")
        .annotate(observation_count=Count("observations"))
        .order_by("-number")
    )


def access_version(user: User, submission: Submission, number: int) -> SubmissionVersion:
    pk = (
        SubmissionVersion.objects.filter(submission=submission, number=number)
        .values_list("pk", flat=True)
        .first()
    )
    if pk is None:
        raise Http404
    return VERSION_POLICY.get(user, Perm.STATS_VIEW, pk)


def observations_of(version: SubmissionVersion) -> QuerySet[StoredObservation]:
    """The rows of a version already fetched through ``access_version``."""
    return version.observations.order_by("source_row")


@dataclass(frozen=True)
class Change:
    """One cell that differs between a version and the one before it."""

    measure: str
    breakdown: str
    before: int | None
    after: int | None
    added: bool = False
    removed: bool = False


def _cells(version: SubmissionVersion) -> dict[tuple[str, ...], int | None]:
    columns = ("measure", *BREAKDOWNS)
    return {
        tuple(row[:-1]): row[-1]
        for row in version.observations.values_list(*columns, "value").order_by("source_row")
    }


def version_changes(version: SubmissionVersion) -> tuple[int | None, list[Change]]:
    """What changed since the previous version of the same submission, cell by
    cell, so a reviewer sees at once what a resubmission corrected."""
    previous = (
        SubmissionVersion.objects.filter(
            submission_id=version.submission_id, number__lt=version.number
        )
        .order_by("-number")
        .first()
    )
    if previous is None:
        return None, []
    return previous.number, cell_changes(previous, version)


def cell_changes(older: SubmissionVersion, newer: SubmissionVersion) -> list[Change]:
    """The cells that differ between two versions of a submission, both
    already fetched through ``access_version``."""
    before, after = _cells(older), _cells(newer)
    changes: list[Change] = []
    for key in [*after, *(key for key in before if key not in after)]:
        breakdown = ", ".join(
            f"{column} {code}"
            for column, code in zip(BREAKDOWNS, key[1:], strict=True)
            if code not in (TOTAL, "_Z")
        )
        if key not in before:
            changes.append(Change(key[0], breakdown, None, after[key], added=True))
        elif key not in after:
            changes.append(Change(key[0], breakdown, before[key], None, removed=True))
        elif before[key] != after[key]:
            changes.append(Change(key[0], breakdown, before[key], after[key]))
    return changes
