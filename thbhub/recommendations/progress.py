"""The progress report: where the recommendations stand by country and by
theme, and what moved since the last review.

"Before" is each recommendation's status when the review opened, which is
where the previous review left it; "after" is its status when the review
closed, or now while it is open.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from thbhub.recommendations.codes import ImplementationStatus, Theme
from thbhub.recommendations.models import Review, ReviewComment, StatusUpdate
from thbhub.recommendations.selectors import (
    TrackerRow,
    comments_visible_to,
    latest_statuses,
    previous_review,
    status_updates_visible_to,
    tracker_rows,
)
from thbhub.reference.models import KOSOVO_DESIGNATION_NOTE, Country

if TYPE_CHECKING:
    from thbhub.accounts.models import User

STATUSES = list(ImplementationStatus)


def country_label(country: Country | None) -> str:
    """Kosovo is written "Kosovo*" wherever a report names it."""
    if country is None:
        return _("Network (all members)")
    if country.code == "XK" and not country.name.endswith("*"):
        return f"{country.name}*"
    return country.name


@dataclass
class Tally:
    """Counts of recommendations by status for one country or theme."""

    label: str
    key: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    moved: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def implemented_share(self) -> int:
        """Implemented, in percent of those still relevant."""
        relevant = self.total - self.counts[ImplementationStatus.NO_LONGER_RELEVANT]
        if not relevant:
            return 0
        return round(100 * self.counts[ImplementationStatus.IMPLEMENTED] / relevant)

    def cells(self) -> list[int]:
        return [self.counts[status] for status in STATUSES]


@dataclass
class Movement:
    row: TrackerRow
    before: str
    after: StatusUpdate
    comments: list[ReviewComment]

    @property
    def country_label(self) -> str:
        return country_label(self.row.country)

    @property
    def before_label(self) -> str:
        return str(ImplementationStatus(self.before).label)

    @property
    def after_label(self) -> str:
        return str(ImplementationStatus(self.after.status).label)


@dataclass
class ProgressReport:
    review: Review | None
    previous: Review | None
    generated_at: datetime.datetime
    by_country: list[Tally]
    by_theme: list[Tally]
    totals: Tally
    moved: list[Movement]
    names_kosovo: bool

    @property
    def status_labels(self) -> list[str]:
        return [str(status.label) for status in STATUSES]

    @property
    def designation_note(self) -> str:
        return str(KOSOVO_DESIGNATION_NOTE)

    @property
    def title(self) -> str:
        if self.review is None:
            return _("Recommendations: progress report")
        return _("Recommendations: progress report, %(review)s") % {"review": self.review.title}


def progress_report(user: User, review: Review | None) -> ProgressReport:
    """The report for ``review`` as the user may see it (their country's rows
    and the network's, or every country's for the secretariat)."""
    now = timezone.now()
    end = review.closed_at if review is not None and review.closed_at else None
    rows = tracker_rows(user, at=end)
    updates = status_updates_visible_to(user)
    before = latest_statuses(updates, before=review.opened_at) if review is not None else {}
    comments: dict[tuple[int, str | None], list[ReviewComment]] = {}
    if review is not None:
        for comment in comments_visible_to(user).filter(review=review).order_by("created_at"):
            comments.setdefault((comment.recommendation_id, comment.country_id), []).append(comment)

    countries: dict[str, Tally] = {}
    themes: dict[str, Tally] = {
        theme.value: Tally(label=str(theme.label), key=theme.value) for theme in Theme
    }
    totals = Tally(label=_("All recommendations"), key="")
    moved: list[Movement] = []
    for row in rows:
        key = row.country.code if row.country else ""
        tally = countries.setdefault(key, Tally(label=country_label(row.country), key=key))
        pair = (row.recommendation.pk, row.country.code if row.country else None)
        previous = before.get(pair)
        before_status = previous.status if previous else ImplementationStatus.NOT_STARTED
        has_moved = (
            review is not None
            and row.latest is not None
            and row.latest.review_id == review.pk
            and row.latest.status != before_status
        )
        for bucket in [tally, totals, *(themes[theme] for theme in row.themes)]:
            bucket.counts[row.status] += 1
            bucket.moved += int(has_moved)
        if has_moved and row.latest is not None:
            moved.append(Movement(row, before_status, row.latest, comments.get(pair, [])))
    # Countries in name order, the network's own row last.
    by_country = sorted(countries.values(), key=lambda tally: (tally.key == "", tally.label))
    return ProgressReport(
        review=review,
        previous=previous_review(review) if review is not None else None,
        generated_at=now,
        by_country=by_country,
        by_theme=[tally for tally in themes.values() if tally.total],
        totals=totals,
        moved=moved,
        names_kosovo="XK" in countries,
    )
