"""Consistency queries between members: do two countries count the same victims?

For a pair of members A and B, B's victims with A's citizenship whom B's
authorities identified are A's nationals identified in B. A counts the
same persons, after their return, as its own victims identified abroad,
and the 6.1 standard places them by country of exploitation. The most
comparable pair of cells is therefore:

- B: ``VICTIMS``, ``citizenship`` = A (ISO detail), ``identified_in``
  ``REPORTING`` (else ``TOTAL``, which for foreign citizens is nearly the
  same), every other dimension ``TOTAL``;
- A: ``VICTIMS``, ``identified_in`` = ``ABROAD``, ``exploitation_country``
  = B (ISO detail), ``citizenship`` ``NATIONAL`` (else ``TOTAL``).

Both sides must give the same victim status: formally identified victims
where both give them, else identified and presumed together. A's count
includes only victims identified abroad, so A's figures for victims it
identified itself after exploitation in B never enter, and neither does
a gap from "presumed" victims one side counts and the other does not.
The two figures still differ legitimately (not every victim returns, or
is exploited where identified); a gap beyond the tolerance becomes a query
both countries see and either may explain.

Figures come only from submitted, accepted or published versions: a
member's draft is not its word yet, and is never shown to another member.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thbhub.access.permissions import Perm
from thbhub.access.policies import country_in_reach, require
from thbhub.audit.models import Outcome as AuditOutcome
from thbhub.audit.services import audit_record
from thbhub.statistics.models import (
    ConsistencyComment,
    Round,
    StoredObservation,
    Submission,
    SubmissionVersion,
)
from thbhub.statistics.selectors import DONE
from thbhub.statistics.services import shipped_codes
from thbhub.statistics.standard import TOTAL

if TYPE_CHECKING:
    from thbhub.accounts.models import User

# A gap is a query when it is at least MIN_GAP persons and more than
# RELATIVE_GAP of the larger figure: 2 against 4 is noise, 40 against 60 is not.
MIN_GAP = 3
RELATIVE_GAP = 0.2
COMMENT_MAX_LENGTH = 4000

# Formally identified victims first: "presumed" is counted differently
# from country to country.
STATUSES = ("IDENTIFIED", TOTAL)
IDENTIFYING_SIDE = ("REPORTING", TOTAL)  # B's identified_in, best first
CITIZENSHIP_SIDE = ("NATIONAL", TOTAL)  # A's citizenship, best first


class Outcome(models.TextChoices):
    QUERY = "query", gettext_lazy("Gap: explanation needed")
    CONSISTENT = "consistent", gettext_lazy("Consistent")
    NOT_COMPARABLE = "not_comparable", gettext_lazy("Not comparable")
    WAITING = "waiting", gettext_lazy("Waiting for a submission")


@dataclass(frozen=True)
class Cell:
    """The figure one side gives, and where it is in that side's submission."""

    country: str
    value: int
    status: str
    # The codes that place it, e.g. {"citizenship": "AL", "identified_in": "REPORTING"}.
    coordinates: tuple[tuple[str, str], ...]
    version: int
    row: int

    @property
    def described(self) -> str:
        codes = ", ".join(f"{column} {code}" for column, code in self.coordinates)
        return f"VICTIMS {self.status}, {codes}"


@dataclass(frozen=True)
class Comparison:
    """One ordered pair: A's nationals identified in B."""

    year: int
    identifying_country: str  # B
    citizenship_country: str  # A
    outcome: str
    reason: str
    identified: Cell | None = None  # B's figure
    counted: Cell | None = None  # A's figure
    comments: tuple[ConsistencyComment, ...] = ()

    @property
    def outcome_label(self) -> str:
        return str(Outcome(self.outcome).label)

    @property
    def is_query(self) -> bool:
        return self.outcome == Outcome.QUERY

    @property
    def gap(self) -> int | None:
        if self.identified is None or self.counted is None:
            return None
        return self.identified.value - self.counted.value


@dataclass
class _Figures:
    """What one member's settled or submitted version gives for the pairs."""

    version: int
    citizenship_detail: bool = False
    abroad_detail: bool = False
    # (citizenship, status, identified_in) -> (value, row)
    by_citizenship: dict[tuple[str, str, str], tuple[int, int]] = field(default_factory=dict)
    # (exploitation_country, status, citizenship) -> (value, row)
    abroad: dict[tuple[str, str, str], tuple[int, int]] = field(default_factory=dict)


def is_gap(identified: int, counted: int) -> bool:
    difference = abs(identified - counted)
    return difference >= MIN_GAP and difference > RELATIVE_GAP * max(identified, counted)


def _figures(round: Round) -> dict[str, _Figures]:  # noqa: A002 — the domain's word
    """Per member that has submitted: the cells the comparisons read."""
    countries: dict[int, str] = dict(
        Submission.objects.filter(round=round, status__in=DONE).values_list("pk", "country_id")
    )
    latest: dict[int, tuple[int, int]] = {}  # submission -> (version pk, number)
    for pk, submission_id, number in (
        SubmissionVersion.objects.filter(submission_id__in=countries)
        .order_by("submission_id", "-number")
        .values_list("pk", "submission_id", "number")
    ):
        latest.setdefault(submission_id, (pk, number))
    versions = {pk: submission_id for submission_id, (pk, _number) in latest.items()}
    figures = {
        countries[submission_id]: _Figures(version=number)
        for submission_id, (_pk, number) in latest.items()
    }
    codes = shipped_codes()
    rows = (
        StoredObservation.objects.filter(
            version_id__in=versions,
            measure="VICTIMS",
            sex=TOTAL,
            age=TOTAL,
            exploitation=TOTAL,
            value__isnull=False,
        )
        .filter(
            Q(exploitation_country=TOTAL, identified_in__in=IDENTIFYING_SIDE)
            | Q(identified_in="ABROAD", citizenship__in=CITIZENSHIP_SIDE)
        )
        .values_list(
            "version_id",
            "status",
            "citizenship",
            "exploitation_country",
            "identified_in",
            "value",
            "source_row",
        )
    )
    for version_id, status, citizenship, where, identified_in, known, row in rows:
        mine = figures[countries[versions[version_id]]]
        value = int(known or 0)  # never None: unknown values are left out above
        if where == TOTAL and codes.is_iso_detail("citizenship", citizenship):
            mine.citizenship_detail = True
            mine.by_citizenship[(citizenship, status, identified_in)] = (value, row)
        if identified_in == "ABROAD" and codes.is_iso_detail("exploitation_country", where):
            mine.abroad_detail = True
            mine.abroad[(where, status, citizenship)] = (value, row)
    return figures


def _pick_identified(b: str, a: str, mine: _Figures, status: str) -> Cell | None:
    for identified_in in IDENTIFYING_SIDE:
        found = mine.by_citizenship.get((a, status, identified_in))
        if found is not None:
            coordinates = (("citizenship", a), ("identified_in", identified_in))
            return Cell(b, found[0], status, coordinates, mine.version, found[1])
    return None


def _pick_counted(a: str, b: str, mine: _Figures, status: str) -> Cell | None:
    for citizenship in CITIZENSHIP_SIDE:
        found = mine.abroad.get((b, status, citizenship))
        if found is not None:
            coordinates = (
                ("citizenship", citizenship),
                ("identified_in", "ABROAD"),
                ("exploitation_country", b),
            )
            return Cell(a, found[0], status, coordinates, mine.version, found[1])
    return None


def _compare(year: int, b: str, a: str, figures: dict[str, _Figures]) -> Comparison:
    pair = Comparison(
        year=year, identifying_country=b, citizenship_country=a, outcome="", reason=""
    )
    waiting = [code for code in (b, a) if code not in figures]
    if waiting:
        reason = _("Waiting for the submission of %(countries)s.") % {
            "countries": ", ".join(waiting)
        }
        return replace(pair, outcome=Outcome.WAITING, reason=reason)
    for status in STATUSES:
        identified = _pick_identified(b, a, figures[b], status)
        counted = _pick_counted(a, b, figures[a], status)
        if identified is not None and counted is not None:
            query = is_gap(identified.value, counted.value)
            return replace(
                pair,
                outcome=Outcome.QUERY if query else Outcome.CONSISTENT,
                reason=_why_gap(b, a) if query else "",
                identified=identified,
                counted=counted,
            )
    return replace(pair, outcome=Outcome.NOT_COMPARABLE, reason=_why_not_comparable(b, a, figures))


def _why_gap(b: str, a: str) -> str:
    return _(
        "%(b)s identified citizens of %(a)s; %(a)s counts its victims identified abroad and "
        "exploited in %(b)s. The two figures differ by more than the tolerance: either side "
        "may explain it (victims who did not return, a different definition, a correction)."
    ) % {"a": a, "b": b}


def _why_not_comparable(b: str, a: str, figures: dict[str, _Figures]) -> str:
    facts = {"a": a, "b": b}
    if not figures[b].citizenship_detail:
        return _("Not comparable: %(b)s gives no citizenship detail.") % facts
    if not any(key[0] == a for key in figures[b].by_citizenship):
        return _("Not comparable: %(b)s gives no figure for citizens of %(a)s.") % facts
    if not figures[a].abroad_detail:
        return (
            _(
                "Not comparable: %(a)s gives no count of its victims identified abroad by "
                "country of exploitation."
            )
            % facts
        )
    if not any(key[0] == b for key in figures[a].abroad):
        return (
            _(
                "Not comparable: %(a)s gives no figure for its victims identified abroad and "
                "exploited in %(b)s."
            )
            % facts
        )
    return (
        _(
            "Not comparable: %(b)s and %(a)s give these figures for different victim statuses "
            "(identified only, or identified and presumed together)."
        )
        % facts
    )


# Reading ---------------------------------------------------------------------


def _in_reach(user: User, b: str, a: str) -> bool:
    return country_in_reach(user, Perm.STATS_VIEW, b) or country_in_reach(user, Perm.STATS_VIEW, a)


def _shown(user: User, comparison: Comparison) -> Comparison:
    """A member sees the other side's figure only in a query, where both
    sides must see it to explain it; the secretariat sees every figure."""
    both = country_in_reach(user, Perm.STATS_VIEW, comparison.identifying_country) and (
        country_in_reach(user, Perm.STATS_VIEW, comparison.citizenship_country)
    )
    if comparison.is_query or both:
        return comparison
    return replace(comparison, identified=None, counted=None)


def consistency_of(user: User, round: Round) -> list[Comparison]:  # noqa: A002
    """Every pair of the round's members within the user's reach, queries first.

    ``round`` comes from ``access_round``: the user may see it.
    """
    require(user, Perm.STATS_VIEW)
    members = sorted(round.members.values_list("code", flat=True))
    figures = _figures(round)
    comments: dict[tuple[str, str], list[ConsistencyComment]] = defaultdict(list)
    for comment in ConsistencyComment.objects.filter(round=round).select_related("author"):
        key = (comment.identifying_country_id, comment.citizenship_country_id)
        comments[key].append(comment)
    comparisons = []
    for b in members:
        for a in members:
            if a == b or not _in_reach(user, b, a):
                continue
            compared = _compare(round.year, b, a, figures)
            compared = replace(compared, comments=tuple(comments.get((b, a), ())))
            comparisons.append(_shown(user, compared))
    order = list(Outcome)
    return sorted(comparisons, key=lambda c: order.index(Outcome(c.outcome)))


def access_comparison(
    user: User,
    round: Round,  # noqa: A002
    *,
    identifying_country: str,
    citizenship_country: str,
    perm: Perm = Perm.STATS_VIEW,
) -> Comparison:
    """One pair; a pair that involves neither of the user's countries is 404."""
    require(user, perm)
    b, a = identifying_country.upper(), citizenship_country.upper()
    members = set(round.members.values_list("code", flat=True))
    if a == b or not {a, b} <= members:
        raise Http404
    if not (country_in_reach(user, perm, b) or country_in_reach(user, perm, a)):
        audit_record(
            actor=user,
            action="access.refused",
            outcome=AuditOutcome.DENIED,
            object_type="statistics.consistency",
            object_id=f"{round.year}/{b}/{a}",
            detail={"permission": str(perm)},
        )
        raise Http404
    compared = _compare(round.year, b, a, _figures(round))
    return _shown(user, compared)


# Writing ---------------------------------------------------------------------


def consistency_comment_add(
    *,
    actor: User,
    round: Round,  # noqa: A002
    identifying_country: str,
    citizenship_country: str,
    text: str,
) -> ConsistencyComment:
    """One side's (or the secretariat's) explanation of a query.

    Explaining is the work of those who produce the figures: STATS_SUBMIT.
    """
    comparison = access_comparison(
        actor,
        round,
        identifying_country=identifying_country,
        citizenship_country=citizenship_country,
        perm=Perm.STATS_SUBMIT,
    )
    b, a = comparison.identifying_country, comparison.citizenship_country
    text = text.strip()
    if not text:
        raise ValidationError(
            {
                "text": _("Write the explanation, e.g. victims who did not return to %(a)s.")
                % {"a": a}
            }
        )
    if len(text) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {
                "text": _("Shorten the explanation to %(max)d characters; it has %(length)d.")
                % {"max": COMMENT_MAX_LENGTH, "length": len(text)}
            }
        )
    if not comparison.is_query:
        raise ValidationError(
            _(
                "The figures of %(b)s and %(a)s for %(year)d raise no query (%(outcome)s): "
                "there is no gap to explain."
            )
            % {"b": b, "a": a, "year": round.year, "outcome": comparison.outcome_label.lower()}
        )
    with transaction.atomic():
        comment = ConsistencyComment.objects.create(
            round=round,
            identifying_country_id=b,
            citizenship_country_id=a,
            author=actor,
            author_country_id=actor.country_id,
            text=text,
        )
        audit_record(
            actor=actor,
            action="statistics.consistency.comment",
            obj=comment,
            country_id=actor.country_id or b,
            # The text stays on the comment; the log says who wrote about which pair.
            detail={"year": round.year, "identifying": b, "citizenship": a},
        )
    return comment
