"""Questionnaire rounds and the national submissions made to them.

A submission keeps every version it was ever given: an upload never
changes an earlier version, so what the secretariat reviewed stays readable.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    ACCEPTED = "accepted", _("Accepted")
    PUBLISHED = "published", _("Published")


class Round(models.Model):
    """One questionnaire round: the secretariat asks members for a reference year."""

    year = models.PositiveSmallIntegerField(_("reference year"), unique=True)
    deadline = models.DateField(_("deadline"))
    members = models.ManyToManyField(
        "reference.Country", verbose_name=_("members addressed"), related_name="rounds"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")

    def __str__(self) -> str:
        return str(self.year)


class Submission(models.Model):
    """One member's answer to a round; its content lives in its versions."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="submissions"
    )
    country = models.ForeignKey(
        "reference.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.DRAFT,
    )
    # The secretariat's reason for returning it, shown until the next review.
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["round", "country__name"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.UniqueConstraint(fields=["round", "country"], name="one_submission_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.country_id} {self.round.year}"

    def latest_version(self) -> SubmissionVersion | None:
        return self.versions.order_by("-number").first()


class SubmissionVersion(models.Model):
    """One valid upload. A file with errors never becomes a version."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    source_name = models.CharField(_("file"), max_length=255)
    interface = models.CharField(_("interface"), max_length=10)
    codelist_version = models.CharField(_("code lists"), max_length=20)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    warning_count = models.PositiveIntegerField(_("warnings"), default=0)
    # Warnings and notes of the validation, kept so a reviewer sees what the
    # uploader was told (Issue.as_dict() per entry).
    issues = models.JSONField(_("findings"), default=list, blank=True)

    class Meta:
        ordering = ["submission", "-number"]
        verbose_name = _("submission version")
        verbose_name_plural = _("submission versions")
        constraints = [
            models.UniqueConstraint(fields=["submission", "number"], name="unique_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.submission} v{self.number}"


class StoredObservation(models.Model):
    """One cell of the 6.1 standard as a version holds it."""

    version = models.ForeignKey(
        SubmissionVersion, on_delete=models.CASCADE, related_name="observations"
    )
    country = models.CharField(_("country"), max_length=2)
    year = models.PositiveSmallIntegerField(_("year"))
    measure = models.CharField(_("measure"), max_length=30)
    status = models.CharField(_("status"), max_length=30)
    sex = models.CharField(_("sex"), max_length=30)
    age = models.CharField(_("age"), max_length=30)
    citizenship = models.CharField(_("citizenship"), max_length=30)
    exploitation = models.CharField(_("exploitation"), max_length=30)
    exploitation_country = models.CharField(_("country of exploitation"), max_length=30)
    identified_in = models.CharField(_("identified in"), max_length=30)
    # Empty means not known, 0 means known to be none: the difference is kept.
    value = models.PositiveIntegerField(_("value"), null=True, blank=True)
    flag = models.CharField(_("flag"), max_length=1, blank=True)
    note = models.TextField(_("note"), blank=True)
    source_row = models.PositiveIntegerField(_("row"))

    class Meta:
        ordering = ["version", "source_row"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")

    def __str__(self) -> str:
        return f"{self.measure} {self.year} row {self.source_row}"
