"""Escalating referrals whose receipt was not acknowledged in time.

Run daily (``thbhub referrals escalate``). A referral still unacknowledged
after its deadline is flagged once, gets a line on its timeline and is
reported by e-mail to the receiving country's national coordinators. The
flag, the timeline line, the audit rows and the mail happen together: if
the mail server refuses, nothing is flagged and the next run tries again.
The mail names the referral's reference only, never the person.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from thbhub.access.permissions import ROLE_PERMISSIONS, Perm
from thbhub.accounts.models import User
from thbhub.audit.models import Outcome
from thbhub.audit.services import audit_record
from thbhub.referrals.codes import ReferralStatus, TimelineKind
from thbhub.referrals.models import Referral
from thbhub.referrals.services import audit, record

logger = logging.getLogger(__name__)

# The roles that oversee a country's referrals get the escalations.
OVERSEEING_ROLES: tuple[str, ...] = tuple(
    str(role) for role, perms in ROLE_PERMISSIONS.items() if Perm.REFERRALS_OVERSEE in perms
)


@dataclass
class EscalationOutcome:
    escalated: list[Referral] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def overdue(today: datetime.date) -> list[Referral]:
    return list(
        Referral.objects.filter(
            status=ReferralStatus.SENT, acknowledge_by__lt=today, escalated_at__isnull=True
        )
        .select_related("from_country", "to_country")
        .order_by("acknowledge_by", "pk")
    )


def coordinators_of(country_id: str) -> list[User]:
    return list(
        User.objects.filter(is_active=True, country_id=country_id, role__in=OVERSEEING_ROLES)
        .exclude(email="")
        .order_by("username")
    )


def referrals_escalate(*, today: datetime.date | None = None) -> EscalationOutcome:
    """Flag and report every overdue referral; an operator's daily step, run as the system."""
    today = today or timezone.localdate()
    outcome = EscalationOutcome()
    for referral in overdue(today):
        recipients = coordinators_of(referral.to_country_id)
        try:
            with transaction.atomic():
                referral.escalated_at = timezone.now()
                referral.save(update_fields=["escalated_at"])
                record(
                    referral,
                    TimelineKind.ESCALATED,
                    None,
                    country_id=referral.to_country_id,
                    due=referral.acknowledge_by.isoformat() if referral.acknowledge_by else "",
                )
                audit(None, "referrals.referral.escalate", referral, recipients=len(recipients))
                messages = [_message(user, referral) for user in recipients]
                if messages:
                    get_connection(fail_silently=False).send_messages(messages)
        except OSError as error:  # smtplib's errors are OSErrors, as are timeouts
            logger.warning(
                "Escalation of referral %s not sent: %s", referral.pk, type(error).__name__
            )
            audit_record(
                actor=None,
                action="referrals.referral.escalate",
                outcome=Outcome.FAILED,
                object_type="referrals.referral",
                object_id=referral.pk,
                country_id=referral.to_country_id,
                detail={"error": type(error).__name__},
            )
            outcome.failed.append(referral.reference)
            continue
        outcome.escalated.append(referral)
    return outcome


def _message(user: User, referral: Referral) -> EmailMessage:
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "name": user.get_full_name() or user.username,
            "reference": referral.reference,
            "from_country": referral.from_country.name,
            "sent": timezone.localtime(referral.sent_at) if referral.sent_at else None,
            "due": referral.acknowledge_by,
            "link": f"{settings.THBHUB_BASE_URL}{reverse('referrals:escalated')}",
        }
        subject = render_to_string("referrals/email/escalation_subject.txt", context)
        body = render_to_string("referrals/email/escalation_body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={"Content-Language": language},
    )
