"""The daily digest of what is due, one mail per user.

A digest lists the case numbers and the tasks due, never a name or any
other identifier: mail leaves the platform's protection. Each digest is
recorded in ``DigestSent`` before it counts as sent, so running the command
twice a day sends nothing twice.
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

from thbhub.access.permissions import ROLE_PERMISSIONS, Perm
from thbhub.accounts.models import User
from thbhub.audit.models import Outcome
from thbhub.audit.services import audit_record
from thbhub.cases.models import CaseTask, DigestSent
from thbhub.cases.selectors import tasks_due_now

logger = logging.getLogger(__name__)

# Roles that follow cases; everyone else has nothing due.
CASE_ROLES: tuple[str, ...] = tuple(
    str(role) for role, perms in ROLE_PERMISSIONS.items() if Perm.CASES_VIEW in perms
)


@dataclass
class DigestResult:
    sent: int = 0
    tasks: int = 0
    failed: list[str] = field(default_factory=list)


def digest_recipients() -> list[User]:
    return list(
        User.objects.filter(is_active=True, role__in=CASE_ROLES)
        .exclude(email="")
        .order_by("username")
    )


def digests_send(*, today: datetime.date | None = None) -> DigestResult:
    """Send each user their digest of tasks due today (overdue or in their alert period).

    An operator's daily step with no user to act as; each digest is in the
    audit log with its count of tasks, never their cases."""
    today = today or timezone.localdate()
    result = DigestResult()
    for user in digest_recipients():
        tasks = list(tasks_due_now(user))
        if not tasks:
            continue
        try:
            with transaction.atomic():
                # Recorded first: a second run the same day stops here.
                DigestSent.objects.create(user=user, on=today, tasks=len(tasks))
                get_connection(fail_silently=False).send_messages([_message(user, tasks, today)])
                audit_record(
                    actor=None,
                    action="cases.digest.send",
                    object_type="accounts.user",
                    object_id=user.pk,
                    country_id=user.country_id,
                    detail={"tasks": len(tasks)},
                )
        except IntegrityError:
            continue
        except OSError as error:  # smtplib's errors and timeouts
            logger.warning("Digest to user %s not sent: %s", user.pk, type(error).__name__)
            audit_record(
                actor=None,
                action="cases.digest.send",
                outcome=Outcome.FAILED,
                object_type="accounts.user",
                object_id=user.pk,
                country_id=user.country_id,
                detail={"tasks": len(tasks), "error": type(error).__name__},
            )
            result.failed.append(user.username)
            continue
        result.sent += 1
        result.tasks += len(tasks)
    return result


def _message(user: User, tasks: list[CaseTask], today: datetime.date) -> EmailMessage:
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        lines = [
            {
                "number": task.case.number,
                "task": task.get_kind_display(),
                "due": task.due_on,
                "overdue": task.due_on < today,
            }
            for task in tasks
        ]
        context = {
            "lines": lines,
            "count": len(lines),
            "overdue": sum(1 for line in lines if line["overdue"]),
            "link": f"{settings.THBHUB_BASE_URL}{reverse('cases:due')}",
        }
        subject = render_to_string("cases/email/digest_subject.txt", context)
        body = render_to_string("cases/email/digest_body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={"Content-Language": language},
    )
