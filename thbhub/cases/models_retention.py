"""Legal holds, erasures and the daily digests of what is due."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thbhub.cases.codes import ErasureLegalBasis
from thbhub.core.encryption import EncryptedTextField


class LegalHold(models.Model):
    """A case that must not be anonymised or erased, e.g. for pending proceedings."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="legal_holds")
    reason = EncryptedTextField(_("reason"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    set_at = models.DateTimeField(_("set"), default=timezone.now)
    lifted_reason = EncryptedTextField(_("reason for lifting"), blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)

    class Meta:
        ordering = ["-set_at", "-pk"]
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(lifted_at__isnull=True),
                name="one_legal_hold_in_force_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"hold on {self.case_id} from {self.set_at:%Y-%m-%d}"


class CaseErasure(models.Model):
    """The record that a case's personal data was erased on a lawful request.

    It outlives the data: the case number, who, when, on which legal basis,
    and what was kept."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="erasure"
    )
    case_number = models.CharField(_("case number"), max_length=20)
    country = models.ForeignKey("reference.Country", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("directory.Institution", on_delete=models.PROTECT, related_name="+")
    legal_basis = models.CharField(
        _("legal basis"), max_length=25, choices=ErasureLegalBasis.choices
    )
    requested_on = models.DateField(_("request received"))
    # The reference of the request or order; no personal data.
    request_reference = models.CharField(_("reference of the request"), max_length=100, blank=True)
    kept = models.JSONField(_("kept"), default=list)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("erased"), default=timezone.now)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")

    def __str__(self) -> str:
        return f"erasure of {self.case_number}"


class DigestSent(models.Model):
    """One user's daily digest of due tasks: recorded so that it goes out once a day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    on = models.DateField()
    tasks = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "on"], name="one_case_digest_per_user_day")
        ]

    def __str__(self) -> str:
        return f"digest {self.user_id} {self.on}"
