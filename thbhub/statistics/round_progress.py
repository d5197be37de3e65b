"""Who has submitted to a round: the follow-up the secretariat does before
and after the deadline, and what a member sees of its own submission."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from thbhub.statistics.models import ReminderSent, Round, SubmissionStatus, SubmissionVersion
from thbhub.statistics.reminders import WAITING
from thbhub.statistics.selectors import DONE, submissions_visible_to

if TYPE_CHECKING:
    from thbhub.accounts.models import User

ACCEPTED = (SubmissionStatus.ACCEPTED, SubmissionStatus.PUBLISHED)


@dataclass(frozen=True)
class ReminderNote:
    days_before: int
    sent_at: datetime.datetime
    recipients: int

    @property
    def overdue(self) -> bool:
        return self.days_before < 0


@dataclass(frozen=True)
class MemberProgress:
    """One addressed member's submission, as its follow-up needs it."""

    submission_id: int
    country: str
    country_name: str
    status: str
    status_label: str
    versions: int
    last_upload_at: datetime.datetime | None
    last_upload_by: str
    # Days left before the deadline; negative once it has passed.
    days_to_deadline: int
    overdue: bool
    reminders: tuple[ReminderNote, ...]

    @property
    def waiting(self) -> bool:
        return self.status in WAITING

    @property
    def days_late(self) -> int:
        return -self.days_to_deadline


@dataclass(frozen=True)
class RoundProgress:
    year: int
    deadline: datetime.date
    status: str
    today: datetime.date
    addressed: int
    submitted: int
    accepted: int
    members: tuple[MemberProgress, ...]

    @property
    def summary(self) -> str:
        return _("%(submitted)d of %(addressed)d submitted, %(accepted)d accepted") % {
            "submitted": self.submitted,
            "addressed": self.addressed,
            "accepted": self.accepted,
        }

    @property
    def days_to_deadline(self) -> int:
        return (self.deadline - self.today).days

    @property
    def days_late(self) -> int:
        return -self.days_to_deadline

    @property
    def overdue_count(self) -> int:
        return sum(member.overdue for member in self.members)


def round_progress(
    user: User,
    round: Round,  # noqa: A002 — the domain's word
    *,
    today: datetime.date | None = None,
) -> RoundProgress:
    """The progress of a round already fetched through ``access_round``.

    The counts cover every member addressed, as the list of rounds shows
    them to everyone; the rows only the submissions within the user's reach.
    """
    today = today or timezone.localdate()
    counts = round.submissions.aggregate(
        addressed=Count("pk"),
        submitted=Count("pk", filter=Q(status__in=DONE)),
        accepted=Count("pk", filter=Q(status__in=ACCEPTED)),
    )
    submissions = list(
        submissions_visible_to(user, round_year=round.year).order_by("country__name")
    )
    latest: dict[int, SubmissionVersion] = {}
    versions = (
        SubmissionVersion.objects.filter(submission__in=[s.pk for s in submissions])
        .select_related("uploaded_by")
        .order_by("submission_id", "-number")
    )
    for stored in versions:
        latest.setdefault(stored.submission_id, stored)
    reminders: dict[str, list[ReminderNote]] = defaultdict(list)
    sent = ReminderSent.objects.filter(
        round=round, country__in=[s.country_id for s in submissions]
    ).order_by("sent_at")
    for reminder in sent:
        reminders[reminder.country_id].append(
            ReminderNote(reminder.days_before, reminder.sent_at, reminder.recipients)
        )
    days_left = (round.deadline - today).days
    members = []
    for submission in submissions:
        version = latest.get(submission.pk)
        uploader = version.uploaded_by if version else None
        members.append(
            MemberProgress(
                submission_id=submission.pk,
                country=submission.country_id,
                country_name=submission.country.name,
                status=submission.status,
                status_label=submission.get_status_display(),
                versions=getattr(submission, "version_count", 0),
                last_upload_at=version.uploaded_at if version else None,
                last_upload_by=(uploader.get_full_name() or uploader.username) if uploader else "",
                days_to_deadline=days_left,
                overdue=days_left < 0 and submission.status in WAITING,
                reminders=tuple(reminders.get(submission.country_id, ())),
            )
        )
    return RoundProgress(
        year=round.year,
        deadline=round.deadline,
        status=round.status,
        today=today,
        addressed=counts["addressed"],
        submitted=counts["submitted"],
        accepted=counts["accepted"],
        members=tuple(members),
    )
