"""Cross-border referrals between countries' TRM contact points.

A referral carries a snapshot of the case, frozen when it is sent: only the
items the sender chose among those the person consented to share, tagged
with the referral's purpose and stored encrypted. The receiving side never
reads the sender's case, only this snapshot; on acceptance it gets a case
of its own made from it.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thbhub.core.encryption import EncryptedTextField
from thbhub.referrals.codes import (
    Direction,
    Need,
    ReferralKind,
    ReferralPurpose,
    ReferralStatus,
    ReturnStatus,
    RiskLevel,
    TimelineKind,
)

USER = settings.AUTH_USER_MODEL


class Referral(models.Model):
    # Empty for a referral imported from a package of a partner outside the platform.
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("sender's case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
    )
    from_country = models.ForeignKey(
        "reference.Country",
        verbose_name=_("from"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The sending agency (the case's owner), for the case workers' reach.
    from_agency = models.ForeignKey(
        "directory.Institution",
        verbose_name=_("sending agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    to_country = models.ForeignKey(
        "reference.Country", verbose_name=_("to"), on_delete=models.PROTECT, related_name="+"
    )
    to_institution = models.ForeignKey(
        "directory.Institution",
        verbose_name=_("receiving institution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=ReferralPurpose.choices)
    direction = models.CharField(_("direction"), max_length=25, choices=Direction.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=ReferralKind.choices)
    needs = models.JSONField(_("what is asked for"), default=list, blank=True)
    child = models.BooleanField(_("child"), default=False)
    status = models.CharField(
        _("status"), max_length=15, choices=ReferralStatus.choices, default=ReferralStatus.DRAFT
    )
    shared_items = models.JSONField(_("shared items"), default=list, blank=True)
    consent_overridden = models.BooleanField(_("shared without consent (override)"), default=False)
    # JSON of the shared items, frozen when the referral is sent.
    snapshot = EncryptedTextField(_("shared content"), blank=True)

    requested_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("asked for"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acknowledge_by = models.DateField(_("acknowledgement due"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decline_reason = EncryptedTextField(_("reason for declining"), blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoke_reason = EncryptedTextField(_("reason for revoking"), blank=True)
    receiving_agency = models.ForeignKey(
        "directory.Institution",
        verbose_name=_("receiving agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    linked_case = models.OneToOneField(
        "cases.Case",
        verbose_name=_("receiving side's case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="received_referral",
    )
    # Set on an imported package: the sender's own reference, so it is imported once.
    external_reference = models.CharField(_("sender's reference"), max_length=60, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["from_country", "status"], name="referral_from_status"),
            models.Index(fields=["to_country", "status"], name="referral_to_status"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"TRM-{self.from_country_id}-{self.to_country_id}-{self.pk:06d}"

    @property
    def is_overdue(self) -> bool:
        return (
            self.status == ReferralStatus.SENT
            and self.acknowledge_by is not None
            and self.acknowledge_by < timezone.localdate()
        )

    def need_labels(self) -> list[str]:
        labels = dict(Need.choices)
        return [str(labels.get(code, code)) for code in self.needs]

    def shared(self) -> dict[str, Any]:
        return dict(json.loads(self.snapshot)) if self.snapshot else {}


class ReferralEvent(models.Model):
    """One line of the continuity-of-care timeline both sides see."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what"), max_length=20, choices=TimelineKind.choices)
    on = models.DateField(_("date"))
    at = models.DateTimeField(_("recorded"), default=timezone.now)
    country = models.ForeignKey(
        "reference.Country",
        verbose_name=_("by country"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    # Free text may name people: encrypted like every narrative.
    note = EncryptedTextField(_("note"), blank=True)
    # Codes and flags only, never personal data.
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["on", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.on} {self.kind}"


class ReferralMessage(models.Model):
    """A message between the two contact points on the referral's thread."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="messages")
    country = models.ForeignKey("reference.Country", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    body = EncryptedTextField(_("message"))
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.referral_id} {self.at:%Y-%m-%d}"


class ReturnPlan(models.Model):
    """The return procedure of one return referral."""

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="return_plan")
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="return_plans"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ReturnStatus.choices, default=ReturnStatus.PLANNED
    )
    voluntary_decision_on = models.DateField(_("voluntary decision"), null=True, blank=True)
    risk_assessed_on = models.DateField(_("risk assessed"), null=True, blank=True)
    risk_level = models.CharField(
        _("risk level"), max_length=8, choices=RiskLevel.choices, blank=True
    )
    departed_on = models.DateField(_("departed"), null=True, blank=True)
    escorted = models.BooleanField(_("escorted"), default=False)
    handed_over_on = models.DateField(_("handed over"), null=True, blank=True)

    def __str__(self) -> str:
        return f"Return of referral {self.referral_id}"


class ReturnFollowUp(models.Model):
    """A follow-up after the return, due at 3, 6 and 12 months."""

    plan = models.ForeignKey(ReturnPlan, on_delete=models.CASCADE, related_name="follow_ups")
    months = models.PositiveSmallIntegerField(_("months after the return"))
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)
    note = EncryptedTextField(_("note"), blank=True)
    done_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["months"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "months"], name="one_follow_up_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.months} months, due {self.due_on}"

    @property
    def is_overdue(self) -> bool:
        return self.done_on is None and self.due_on < timezone.localdate()


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """``days`` working days (Monday to Friday) after ``start``."""
    current = start
    while days > 0:
        current += datetime.timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current
