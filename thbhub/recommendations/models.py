"""The recommendations tracker: where each recommendation comes from, whom
it concerns, and how its implementation moved from one review to the next.

A recommendation that names no country concerns the whole network (the
strategy paper's priorities, for example); its status is assessed once, by
the secretariat. A recommendation that names countries is assessed by each
of them separately, because one country may have implemented what another
has not started: every status row carries the country it describes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thbhub.recommendations.codes import ImplementationStatus, IssuingBody, ReviewState, Theme


class SourceDocument(models.Model):
    key = models.SlugField(_("key"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=300)
    issuing_body = models.CharField(_("issuing body"), max_length=30, choices=IssuingBody.choices)
    issued_on = models.DateField(_("date"))
    file_name = models.CharField(_("file name"), max_length=200, blank=True)

    class Meta:
        ordering = ["issued_on", "key"]
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")

    def __str__(self) -> str:
        return self.title


class Recommendation(models.Model):
    code = models.SlugField(_("reference"), max_length=60, unique=True)
    source = models.ForeignKey(
        SourceDocument,
        verbose_name=_("source document"),
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    # The body that made the recommendation; the 2018 non-paper, for
    # example, relays the European Commission's and GRETA's findings.
    issuing_body = models.CharField(_("issuing body"), max_length=30, choices=IssuingBody.choices)
    # The attribution exactly as the source prints it, e.g. "EC and GRETA".
    attribution = models.CharField(_("attributed to"), max_length=100, blank=True)
    section = models.CharField(_("section"), max_length=300, blank=True)
    paragraph = models.CharField(_("paragraph"), max_length=300, blank=True)
    page = models.CharField(_("page"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    countries = models.ManyToManyField(
        "reference.Country",
        verbose_name=_("countries concerned"),
        blank=True,
        related_name="recommendations",
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = ["code"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"


class RecommendationTheme(models.Model):
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="themes"
    )
    theme = models.CharField(_("theme"), max_length=30, choices=Theme.choices)

    class Meta:
        ordering = ["recommendation", "theme"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "theme"], name="one_theme_once_per_recommendation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recommendation_id}: {self.theme}"


class Review(models.Model):
    """One round in which countries report progress on their recommendations."""

    title = models.CharField(_("title"), max_length=200)
    state = models.CharField(
        _("state"), max_length=10, choices=ReviewState.choices, default=ReviewState.OPEN
    )
    deadline = models.DateField(_("deadline"))
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["state"],
                condition=models.Q(state="open"),
                name="one_open_recommendation_review",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state == ReviewState.OPEN


class StatusUpdate(models.Model):
    """One assessment of a recommendation's implementation; never edited,
    so the history stays."""

    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        related_name="status_updates",
    )
    # Empty for a recommendation that concerns the whole network.
    country = models.ForeignKey(
        "reference.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=30, choices=ImplementationStatus.choices)
    evidence = models.TextField(_("evidence"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    assessed_at = models.DateTimeField(_("assessed"), default=timezone.now)
    review = models.ForeignKey(
        Review,
        verbose_name=_("review"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="status_updates",
    )

    class Meta:
        ordering = ["-assessed_at", "-pk"]
        verbose_name = _("status update")
        verbose_name_plural = _("status updates")
        indexes = [models.Index(fields=["recommendation", "country", "-assessed_at"])]

    def __str__(self) -> str:
        return f"{self.recommendation_id} {self.country_id or '-'}: {self.status}"


class ReviewComment(models.Model):
    """A rapporteur's (or the secretariat's) comment on a country's progress."""

    review = models.ForeignKey(
        Review, verbose_name=_("review"), on_delete=models.PROTECT, related_name="comments"
    )
    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    country = models.ForeignKey(
        "reference.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")

    def __str__(self) -> str:
        return f"{self.review_id}/{self.recommendation_id}"
