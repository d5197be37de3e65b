"""The records of long-term assistance and social inclusion, and of
criminal and civil proceedings.

Only codes, dates and amounts are kept in clear; notes are encrypted, since
free text about a person's school, work or trial tends to hold names.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thbhub.cases.codes import (
    InclusionArea,
    InclusionKind,
    ProceedingKind,
    ProceedingOutcome,
    ProceedingRole,
    ProceedingStage,
    ResidencePermitType,
    ReviewOutcome,
)
from thbhub.core.encryption import EncryptedTextField


class ResidencePermit(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="permits")
    kind = models.CharField(_("type of permit"), max_length=30, choices=ResidencePermitType.choices)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-valid_from", "-pk"]
        verbose_name = _("residence permit")
        verbose_name_plural = _("residence permits")

    def __str__(self) -> str:
        return f"{self.kind} from {self.valid_from}"


class InclusionMeasure(models.Model):
    """Education, work or housing: one measure with its dates."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="inclusion")
    area = models.CharField(_("area"), max_length=10, choices=InclusionArea.choices)
    kind = models.CharField(_("measure"), max_length=25, choices=InclusionKind.choices)
    provider = models.ForeignKey(
        "directory.Institution",
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["area", "-started_on", "-pk"]
        verbose_name = _("social inclusion measure")
        verbose_name_plural = _("social inclusion measures")

    def __str__(self) -> str:
        return f"{self.area}/{self.kind} from {self.started_on}"


class CaseReview(models.Model):
    """A periodic review of the person's situation and assistance plan."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=ReviewOutcome.choices)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        verbose_name = _("case review")
        verbose_name_plural = _("case reviews")

    def __str__(self) -> str:
        return f"review on {self.reviewed_on}"


class Proceeding(models.Model):
    """Criminal or civil proceedings in which the person takes part."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="proceedings")
    kind = models.CharField(_("proceedings"), max_length=15, choices=ProceedingKind.choices)
    role = models.CharField(_("the person's role"), max_length=20, choices=ProceedingRole.choices)
    stage = models.CharField(
        _("stage"),
        max_length=15,
        choices=ProceedingStage.choices,
        default=ProceedingStage.INVESTIGATION,
    )
    outcome = models.CharField(
        _("outcome"),
        max_length=20,
        choices=ProceedingOutcome.choices,
        default=ProceedingOutcome.PENDING,
    )
    authority = models.ForeignKey(
        "directory.Institution",
        verbose_name=_("court or authority"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # A court's file number identifies the person to anyone who can ask the court.
    file_reference = EncryptedTextField(_("file number"), blank=True)
    started_on = models.DateField(_("started"))
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    protection_measures = models.JSONField(_("protection measures"), default=list, blank=True)
    # Convention, Art. 26: no penalty for offences the person was compelled to commit.
    non_punishment_applied = models.BooleanField(_("non-punishment applied"), default=False)
    compensation_claimed = models.DecimalField(
        _("compensation claimed"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    compensation_claimed_currency = models.CharField(_("currency"), max_length=3, blank=True)
    compensation_awarded = models.DecimalField(
        _("compensation awarded"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    compensation_awarded_currency = models.CharField(_("currency"), max_length=3, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("proceedings")
        verbose_name_plural = _("proceedings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(compensation_claimed__isnull=True)
                | models.Q(compensation_claimed__gte=0),
                name="proceeding_claim_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(compensation_awarded__isnull=True)
                | models.Q(compensation_awarded__gte=0),
                name="proceeding_award_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} from {self.started_on}"

    def protection_labels(self) -> list[str]:
        from thbhub.cases.codes import ProtectionMeasure  # noqa: PLC0415 — only for display

        labels = dict(ProtectionMeasure.choices)
        return [str(labels.get(code, code)) for code in self.protection_measures]
