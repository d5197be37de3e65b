"""Reminders to members that have not yet submitted to an open round.

A reminder goes out on each of the round's ``reminder_days`` before the
deadline and once after it. A run that missed a day sends only the latest
reminder due, so a member is never sent a pile of stale ones. Each reminder
is recorded in ``ReminderSent`` before it counts as sent, which makes
running the command twice a day, or from two machines, harmless.

A reminder names the round, the deadline and the submission's status, and
addresses the recipient by name; it never holds a figure.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from thbhub.access.permissions import ROLE_PERMISSIONS, Perm, Reach
from thbhub.access.policies import require
from thbhub.accounts.models import User
from thbhub.audit.models import Outcome
from thbhub.audit.services import audit_record
from thbhub.statistics.models import (
    ReminderSent,
    Round,
    RoundStatus,
    Submission,
    SubmissionStatus,
)

logger = logging.getLogger(__name__)

# ``days_before`` of the one reminder sent after the deadline has passed.
OVERDUE = -1
# Submissions still waiting for the member: a returned one must be sent again.
WAITING = (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)
# The roles that submit a country's figures; the secretariat's own reach
# (the whole network) does not make it a recipient.
SUBMITTING_ROLES: tuple[str, ...] = tuple(
    str(role)
    for role, perms in ROLE_PERMISSIONS.items()
    if perms.get(Perm.STATS_SUBMIT) == Reach.COUNTRY
)


class ReminderDeliveryError(Exception):
    """Some reminders could not be sent; those that were are recorded."""

    def __init__(self, message: str, *, sent: list[ReminderSent]) -> None:
        super().__init__(message)
        self.sent = sent


@dataclass
class _Outcome:
    sent: list[ReminderSent] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def due_reminder(round: Round, today: datetime.date) -> int | None:  # noqa: A002 — the domain's word
    """The ``days_before`` of the latest reminder due on ``today``, or None.

    Only the latest one: a run that missed the 14-day reminder but is in
    time for the 3-day one sends the 3-day one alone.
    """
    days_left = (round.deadline - today).days
    if days_left < 0:
        return OVERDUE
    passed = [int(days) for days in round.reminder_days if int(days) >= days_left]
    return min(passed) if passed else None


def recipients_for(country_id: str) -> list[User]:
    """The active accounts that submit the country's figures and have an address."""
    return list(
        User.objects.filter(is_active=True, country_id=country_id, role__in=SUBMITTING_ROLES)
        .exclude(email="")
        .order_by("username")
    )


def round_reminders_send(*, actor: User, today: datetime.date | None = None) -> list[ReminderSent]:
    """Send every reminder due on ``today`` (default: the local date) for every open round.

    Raises ReminderDeliveryError after trying every member when the mail
    server refused some; the ones sent are recorded and not sent again.
    """
    require(actor, Perm.STATS_MANAGE)
    today = today or timezone.localdate()
    outcome = _Outcome()
    rounds = Round.objects.filter(status=RoundStatus.OPEN).order_by("year")
    for open_round in rounds:
        days_before = due_reminder(open_round, today)
        if days_before is None:
            continue
        waiting = (
            Submission.objects.filter(round=open_round, status__in=WAITING)
            .exclude(
                country__in=ReminderSent.objects.filter(
                    round=open_round, days_before=days_before
                ).values("country")
            )
            .select_related("country", "round")
            .order_by("country_id")
        )
        for submission in waiting:
            _remind(actor, submission, days_before, today, outcome)
    if outcome.failed:
        raise ReminderDeliveryError(
            _(
                "Reminders to %(members)s could not be sent (the mail server refused or did "
                "not answer). Check the e-mail settings (THBHUB_EMAIL_HOST and the others in "
                "the operator guide) and run the reminders again: the %(count)d sent are "
                "recorded and will not be sent twice."
            )
            % {"members": ", ".join(outcome.failed), "count": len(outcome.sent)},
            sent=outcome.sent,
        )
    return outcome.sent


def _remind(
    actor: User,
    submission: Submission,
    days_before: int,
    today: datetime.date,
    outcome: _Outcome,
) -> None:
    recipients = recipients_for(submission.country_id)
    audit = {
        "year": submission.round.year,
        "days_before": days_before,
        "recipients": len(recipients),
        # Account ids name who was reminded; the addresses themselves stay
        # on the accounts, where they can be corrected.
        "users": [user.pk for user in recipients],
    }
    try:
        with transaction.atomic():
            # Recorded first: a second run at the same time fails on the
            # unique constraint here, before it sends anything.
            reminder = ReminderSent.objects.create(
                round=submission.round,
                country=submission.country,
                days_before=days_before,
                recipients=len(recipients),
            )
            messages = [_message(user, submission, today) for user in recipients]
            if messages:
                get_connection(fail_silently=False).send_messages(messages)
            audit_record(
                actor=actor,
                action="statistics.reminder",
                obj=submission.round,
                country_id=submission.country_id,
                detail=audit,
            )
    except IntegrityError:
        return
    except OSError as error:  # smtplib's errors are OSErrors, as are timeouts
        logger.warning(
            "Reminder to %s for %s not sent: %s",
            submission.country_id,
            submission.round.year,
            type(error).__name__,
        )
        audit_record(
            actor=actor,
            action="statistics.reminder",
            outcome=Outcome.FAILED,
            obj=submission.round,
            country_id=submission.country_id,
            detail={**audit, "error": type(error).__name__},
        )
        outcome.failed.append(f"{submission.country_id} ({submission.round.year})")
        return
    outcome.sent.append(reminder)


def _message(user: User, submission: Submission, today: datetime.date) -> EmailMessage:
    """One recipient's reminder, in the recipient's own language."""
    language = user.preferred_language or settings.LANGUAGE_CODE
    path = reverse("statistics:submission", kwargs={"pk": submission.pk})
    with translation.override(language):
        context = {
            "name": user.get_full_name() or user.username,
            "year": submission.round.year,
            "deadline": submission.round.deadline,
            "days_left": (submission.round.deadline - today).days,
            "days_late": (today - submission.round.deadline).days,
            "status": submission.get_status_display(),
            "returned": submission.status == SubmissionStatus.RETURNED,
            "link": f"{settings.THBHUB_BASE_URL}{path}",
        }
        subject = render_to_string("statistics/email/reminder_subject.txt", context)
        body = render_to_string("statistics/email/reminder_body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={"Content-Language": language},
    )
