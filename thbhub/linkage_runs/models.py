"""Linkage at the hub: uploaded encodings, runs over them, matched pairs and
each country's review of the pairs involving its records.

The hub never holds a name or a date of birth: an upload is an encodings
file (record id, country, year identified, status, key id, encoding) and a
pair names two record ids of the registers the countries keep at home.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thbhub.core.encryption import EncryptedTextField


class Engine(models.TextChoices):
    EMBEDDED = "embedded", _("Embedded (this server)")
    SPARK = "spark", _("Apache Spark")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Finished")
    FAILED = "failed", _("Failed")


class Decision(models.TextChoices):
    CONFIRMED = "confirmed", _("Same person")
    REJECTED = "rejected", _("Not the same person")
    UNSURE = "unsure", _("Unsure")


class EncodingUpload(models.Model):
    """One country's ENCODINGS.csv as `thbhub linkage encode` wrote it."""

    country = models.ForeignKey(
        "reference.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    key_id = models.CharField(_("key id"), max_length=16)
    # linkage.encoding.SCHEME of the THB Hub that encoded the file: uploads of
    # different schemes are never linked together.
    scheme = models.CharField(_("encoding scheme"), max_length=8)
    records = models.PositiveIntegerField(_("records"))
    # {"2023": 40, "": 2}: records by year identified ("" = not given).
    years = models.JSONField(_("records by year identified"), default=dict)
    filename = models.CharField(_("file"), max_length=255)
    # Relative to MEDIA_ROOT; no URL serves it.
    stored_as = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("encodings upload")
        verbose_name_plural = _("encodings uploads")

    def __str__(self) -> str:
        return f"{self.country_id} {self.uploaded_at:%Y-%m-%d} ({self.records})"


class LinkageRun(models.Model):
    """One linkage of the latest uploads of the countries chosen."""

    uploads = models.ManyToManyField(EncodingUpload, related_name="runs")
    countries = models.JSONField(_("countries"), default=list)
    key_id = models.CharField(_("key id"), max_length=16)
    threshold = models.DecimalField(_("threshold"), max_digits=4, decimal_places=3)
    engine = models.CharField(_("engine"), max_length=10, choices=Engine.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    job = models.ForeignKey(
        "jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Results, filled when the run succeeds.
    records = models.JSONField(_("records by country"), default=dict)
    total = models.PositiveIntegerField(_("records"), default=0)
    deduplicated = models.PositiveIntegerField(_("de-duplicated count"), default=0)
    deduplicated_low = models.PositiveIntegerField(_("at least"), default=0)
    deduplicated_high = models.PositiveIntegerField(_("at most"), default=0)
    doubtful_pairs = models.PositiveIntegerField(default=0)
    near_miss_pairs = models.PositiveIntegerField(default=0)
    uncertain_margin = models.DecimalField(max_digits=4, decimal_places=3, default=0)
    # {"AL": {"RS": 3}}: matched pairs between two countries (A before B),
    # and {"RS": {"RS": 1}} for a country's own duplicates.
    overlap = models.JSONField(_("overlap between countries"), default=dict)
    seconds = models.FloatField(_("duration in seconds"), default=0)
    # The statistics' linkage results recorded from this run.
    recorded = models.ManyToManyField("statistics.LinkageResult", related_name="+", blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("linkage run")
        verbose_name_plural = _("linkage runs")

    def __str__(self) -> str:
        return f"{self.pk} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in {RunStatus.SUCCEEDED, RunStatus.FAILED}


class LinkedPair(models.Model):
    """Two records the run found to be one person."""

    run = models.ForeignKey(LinkageRun, on_delete=models.CASCADE, related_name="pairs")
    # Per run, 1, 2, ...: the reference two countries use to talk about a pair.
    number = models.PositiveIntegerField(_("pair"))
    cluster_id = models.CharField(_("cluster"), max_length=12)
    country_a = models.ForeignKey("reference.Country", on_delete=models.PROTECT, related_name="+")
    record_id_a = models.CharField(max_length=100)
    year_a = models.CharField(max_length=4, blank=True)
    country_b = models.ForeignKey("reference.Country", on_delete=models.PROTECT, related_name="+")
    record_id_b = models.CharField(max_length=100)
    year_b = models.CharField(max_length=4, blank=True)
    score = models.DecimalField(_("similarity"), max_digits=5, decimal_places=4)

    class Meta:
        ordering = ["run", "number"]
        constraints = [
            models.UniqueConstraint(fields=["run", "number"], name="linked_pair_number"),
        ]
        indexes = [
            models.Index(fields=["run", "country_a"], name="linked_pair_a"),
            models.Index(fields=["run", "country_b"], name="linked_pair_b"),
        ]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.number}"


class PairReview(models.Model):
    """One country's verdict on a pair involving its records."""

    pair = models.ForeignKey(LinkedPair, on_delete=models.CASCADE, related_name="reviews")
    country = models.ForeignKey("reference.Country", on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    # Reviewers may write what they found in the register: encrypted.
    comment = EncryptedTextField(_("comment"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pair", "country"], name="pair_review_country"),
        ]

    def __str__(self) -> str:
        return f"{self.pair} {self.country_id}: {self.decision}"
