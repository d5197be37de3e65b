"""Reading uploads, runs and pairs, scoped to what the user may see.

A pair involves two countries, so its policy reaches a pair through either
side: a country sees the pairs that involve at least one of its records,
and of the other side only the country, never the record id (see
``PairView``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from thbhub.access.permissions import Perm, Reach
from thbhub.access.policies import ModelPolicy, require
from thbhub.audit.services import audit_record
from thbhub.linkage_runs.models import (
    Decision,
    EncodingUpload,
    LinkageRun,
    LinkedPair,
    PairReview,
    RunStatus,
)
from thbhub.linkage_runs.results import PairFacts

if TYPE_CHECKING:
    from thbhub.accounts.models import User

UPLOAD_POLICY = ModelPolicy(EncodingUpload, country_field="country")
RUN_POLICY = ModelPolicy(LinkageRun, country_field="uploads__country")


class _EitherCountryPolicy(ModelPolicy[LinkedPair]):
    """A pair is in a country's reach when either of its records is."""

    def _filter(self, user: User, reach: Reach) -> Q:
        if reach == Reach.NETWORK:
            return Q()
        if user.country_id is None:
            return Q(pk__in=[])
        return Q(country_a=user.country_id) | Q(country_b=user.country_id)


PAIR_POLICY = _EitherCountryPolicy(LinkedPair)


def uploads_visible_to(user: User) -> QuerySet[EncodingUpload]:
    return UPLOAD_POLICY.queryset_for(user, Perm.LINKAGE_UPLOAD).select_related(
        "country", "uploaded_by"
    )


def latest_uploads_visible_to(user: User) -> dict[str, EncodingUpload]:
    """The newest upload of each country, by country code."""
    latest: dict[str, EncodingUpload] = {}
    for upload in uploads_visible_to(user).order_by("country_id", "-uploaded_at", "-pk"):
        latest.setdefault(upload.country_id, upload)
    return latest


def comparability_warnings(upload: EncodingUpload) -> list[str]:
    """What a run would refuse later, said while the uploader can still fix it.

    Compares the upload with the newest upload of every other country, as a
    run would link them; only key ids and scheme numbers come out, which
    every encodings file carries anyway.
    """
    latest: dict[str, tuple[str, str]] = {}
    others = EncodingUpload.objects.exclude(country_id=upload.country_id).order_by(
        "country_id", "-uploaded_at", "-pk"
    )
    for country, key_id, scheme in others.values_list("country_id", "key_id", "scheme"):
        latest.setdefault(country, (key_id, scheme))
    keys = sorted({key_id for key_id, _scheme in latest.values()})
    schemes = sorted({scheme for _key_id, scheme in latest.values()})
    warnings: list[str] = []
    if keys and upload.key_id not in keys:
        warnings.append(
            _(
                "Your file was encoded with key %(key)s, the other countries' latest files "
                "with key %(others)s. A run links only files made with the same key: unless "
                "the countries have agreed on a new key, encode the register again with the "
                "shared key file and upload it."
            )
            % {"key": upload.key_id, "others": ", ".join(keys)}
        )
    if schemes and upload.scheme not in schemes:
        warnings.append(
            _(
                "Your file was encoded with encoding scheme %(scheme)s, the other countries' "
                "latest files with scheme %(others)s (another version of THB Hub). A run "
                "links only files of one scheme: the countries on the older version should "
                "update THB Hub, encode again and upload."
            )
            % {"scheme": upload.scheme, "others": ", ".join(schemes)}
        )
    return warnings


def runs_visible_to(user: User) -> QuerySet[LinkageRun]:
    return RUN_POLICY.queryset_for(user, Perm.LINKAGE_VIEW).select_related("started_by", "job")


def access_run(user: User, pk: object) -> LinkageRun:
    run: LinkageRun = RUN_POLICY.get(user, Perm.LINKAGE_VIEW, pk)
    return run


def sees_whole_run(user: User) -> bool:
    """The overlap between all countries: the secretariat's view of a run."""
    return require(user, Perm.LINKAGE_VIEW) == Reach.NETWORK


@dataclass(frozen=True)
class PairView:
    """A pair as one country sees it: its own record(s), the other country."""

    pk: int
    number: int
    cluster_id: str
    score: float
    own_records: tuple[str, ...]
    own_years: tuple[str, ...]
    other_country: str
    decision: str
    decision_label: str
    comment: str
    version: int


def pairs_visible_to(user: User, run: LinkageRun) -> QuerySet[LinkedPair]:
    """The run's pairs that involve the user's country, with its review."""
    reviews = PairReview.objects.filter(country=user.country_id)
    return (
        PAIR_POLICY.queryset_for(user, Perm.LINKAGE_PAIRS)
        .filter(run=run, run__status=RunStatus.SUCCEEDED)
        .prefetch_related(Prefetch("reviews", queryset=reviews, to_attr="own_reviews"))
        .order_by("number")
    )


def pair_view(user: User, pair: LinkedPair) -> PairView:
    """What a country may know of a pair: never the other country's record id.

    The other country's record id is its register's key: with it, anyone
    in the other country's ministry could look the person up there. The
    pair number and the cluster id let two countries talk about the same
    match without it, each finding its own record.
    """
    country = user.country_id or ""
    sides = [(pair.country_a_id, pair.record_id_a, pair.year_a)]
    sides.append((pair.country_b_id, pair.record_id_b, pair.year_b))
    own = [side for side in sides if side[0] == country]
    others = [side[0] for side in sides if side[0] != country]
    review = next(iter(getattr(pair, "own_reviews", [])), None)
    return PairView(
        pk=pair.pk,
        number=pair.number,
        cluster_id=pair.cluster_id,
        score=float(pair.score),
        own_records=tuple(side[1] for side in own),
        own_years=tuple(side[2] for side in own),
        other_country=others[0] if others else country,
        decision=review.decision if review else "",
        decision_label=str(review.get_decision_display()) if review else "",
        comment=review.comment if review else "",
        version=review.version if review else 0,
    )


def access_pair(user: User, pk: object, perm: Perm = Perm.LINKAGE_REVIEW) -> LinkedPair:
    pair: LinkedPair = PAIR_POLICY.get(user, perm, pk)
    return pair


def run_pair_facts(user: User, run: LinkageRun) -> list[PairFacts]:
    """Every pair of the run with the verdicts of both countries, for the counts.

    The secretariat's arithmetic only: it is never shown pair by pair.
    """
    require(user, Perm.LINKAGE_RUN)
    verdicts: dict[int, set[str]] = {}
    for pair_id, decision in PairReview.objects.filter(pair__run=run).values_list(
        "pair_id", "decision"
    ):
        verdicts.setdefault(pair_id, set()).add(decision)
    rows = LinkedPair.objects.filter(run=run).order_by("number")
    return [
        PairFacts(
            cluster_id=pair.cluster_id,
            country_a=pair.country_a_id,
            record_id_a=pair.record_id_a,
            year_a=pair.year_a,
            country_b=pair.country_b_id,
            record_id_b=pair.record_id_b,
            year_b=pair.year_b,
            score=float(pair.score),
            rejected=Decision.REJECTED in verdicts.get(pair.pk, set()),
            confirmed=Decision.CONFIRMED in verdicts.get(pair.pk, set()),
        )
        for pair in rows.iterator()
    ]


def review_counts(run: LinkageRun) -> dict[str, int]:
    """How many pairs were confirmed, rejected, marked unsure, or not reviewed yet."""
    counts = {"confirmed": 0, "rejected": 0, "unsure": 0, "unreviewed": 0}
    verdicts: dict[int, set[str]] = {}
    for pair_id, decision in PairReview.objects.filter(pair__run=run).values_list(
        "pair_id", "decision"
    ):
        verdicts.setdefault(pair_id, set()).add(decision)
    for pair_id in LinkedPair.objects.filter(run=run).values_list("pk", flat=True):
        found = verdicts.get(pair_id, set())
        if Decision.REJECTED in found:
            counts["rejected"] += 1
        elif Decision.CONFIRMED in found:
            counts["confirmed"] += 1
        elif found:
            counts["unsure"] += 1
        else:
            counts["unreviewed"] += 1
    return counts


def record_pairs_read(user: User, run: LinkageRun, shown: int) -> None:
    """Record ids of a register are pseudonyms of victims: their reads are audited."""
    audit_record(
        actor=user,
        action="linkage.pairs.read",
        obj=run,
        country_id=user.country_id,
        detail={"pairs": shown},
    )
