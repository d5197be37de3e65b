"""The audit log: who did or read what, when, from where, through which
interface. Rows are only ever added."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thbhub.core.audit_context import Interface


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an audit row."""


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        msg = "The audit log is append-only."
        raise AppendOnlyError(msg)

    def delete(self) -> NoReturn:
        msg = "The audit log is append-only."
        raise AppendOnlyError(msg)


class Outcome(models.TextChoices):
    SUCCESS = "success", _("Done")
    DENIED = "denied", _("Refused")
    FAILED = "failed", _("Failed")


class AuditEvent(models.Model):
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept as text so the row stays meaningful if the account is renamed.
    actor_username = models.CharField(_("user name"), max_length=150, blank=True)
    actor_role = models.CharField(_("role"), max_length=30, blank=True)
    country = models.ForeignKey(
        "reference.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.SUCCESS
    )
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    interface = models.CharField(_("interface"), max_length=10, choices=Interface.choices)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    # Field names, counts and reasons; never personal data or secrets.
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["country", "-at"], name="audit_country_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username or '-'} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            msg = "The audit log is append-only."
            raise AppendOnlyError(msg)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        msg = "The audit log is append-only."
        raise AppendOnlyError(msg)
