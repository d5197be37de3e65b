"""National strategies and action plans, the network's work (rotating
chair, annual work plan, meetings, declarations) and the good-practice
library (STAR 4)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thbhub.recommendations.codes import ImplementationStatus, Theme


class StrategyKind(models.TextChoices):
    STRATEGY = "strategy", _("National strategy")
    ACTION_PLAN = "action_plan", _("Action plan")


class FundraisingStatus(models.TextChoices):
    NOT_NEEDED = "not_needed", _("Covered by the regular budget")
    TO_RAISE = "to_raise", _("Funds to be raised")
    REQUESTED = "requested", _("Funding requested")
    PARTLY_SECURED = "partly_secured", _("Partly secured")
    SECURED = "secured", _("Secured")


class DocumentKind(models.TextChoices):
    AGENDA = "agenda", _("Agenda")
    CONCLUSIONS = "conclusions", _("Conclusions")
    OTHER = "other", _("Other document")


class Strategy(models.Model):
    """A national anti-trafficking strategy or action plan of one country."""

    country = models.ForeignKey(
        "reference.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="strategies",
    )
    kind = models.CharField(
        _("type"), max_length=20, choices=StrategyKind.choices, default=StrategyKind.STRATEGY
    )
    title = models.CharField(_("title"), max_length=300)
    period_from = models.PositiveSmallIntegerField(_("period from (year)"))
    period_to = models.PositiveSmallIntegerField(_("period to (year)"))
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopting_body = models.CharField(_("adopted by"), max_length=300, blank=True)
    funding_earmarked = models.DecimalField(
        _("funding earmarked"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    funding_currency = models.CharField(_("currency"), max_length=3, default="EUR")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["country__name", "-period_from", "title"]
        verbose_name = _("strategy or action plan")
        verbose_name_plural = _("strategies and action plans")

    def __str__(self) -> str:
        return f"{self.title} ({self.period_from}-{self.period_to})"


class StrategyAction(models.Model):
    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.CASCADE, related_name="actions"
    )
    text = models.TextField(_("action"))
    responsible_institution = models.ForeignKey(
        "directory.Institution",
        verbose_name=_("responsible institution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="strategy_actions",
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    recommendations = models.ManyToManyField(
        "recommendations.Recommendation",
        verbose_name=_("recommendations answered"),
        blank=True,
        related_name="strategy_actions",
    )
    status = models.CharField(
        _("implementation status"),
        max_length=30,
        choices=ImplementationStatus.choices,
        default=ImplementationStatus.NOT_STARTED,
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["strategy", "deadline", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def country_id(self) -> str:
        return str(self.strategy.country_id)


class ActionStatusChange(models.Model):
    """One step in an action's implementation history; never changed afterwards."""

    action = models.ForeignKey(
        StrategyAction, on_delete=models.CASCADE, related_name="status_history"
    )
    status = models.CharField(
        _("implementation status"), max_length=30, choices=ImplementationStatus.choices
    )
    note = models.TextField(_("evidence or note"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action_id}: {self.status}"


class ChairTerm(models.Model):
    """The country that chairs the network in a year, and its work plan's summary."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    country = models.ForeignKey(
        "reference.Country",
        verbose_name=_("chair country"),
        on_delete=models.PROTECT,
        related_name="chair_terms",
    )
    work_plan_summary = models.TextField(_("work plan: aims of the year"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("chair of the year")
        verbose_name_plural = _("chairs")

    def __str__(self) -> str:
        return f"{self.year}: {self.country}"


class WorkPlanActivity(models.Model):
    term = models.ForeignKey(
        ChairTerm, verbose_name=_("year"), on_delete=models.CASCADE, related_name="activities"
    )
    title = models.CharField(_("activity"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    funding_sources = models.CharField(_("funding sources"), max_length=500, blank=True)
    fundraising_status = models.CharField(
        _("fundraising status"),
        max_length=20,
        choices=FundraisingStatus.choices,
        default=FundraisingStatus.TO_RAISE,
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("work plan activity")
        verbose_name_plural = _("work plan activities")

    def __str__(self) -> str:
        return self.title


class Meeting(models.Model):
    title = models.CharField(_("title"), max_length=300)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    conclusions = models.TextField(_("conclusions"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return self.title


class MeetingDocument(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("type"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="network/meetings/%Y/", blank=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    text = models.TextField(_("text"), blank=True)
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = ["kind", "added_at"]
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")

    def __str__(self) -> str:
        return self.title


class Declaration(models.Model):
    title = models.CharField(_("title"), max_length=300)
    adopted_on = models.DateField(_("adopted on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("adopted at the meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="declarations",
    )
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["-adopted_on", "pk"]
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")

    def __str__(self) -> str:
        return self.title


class Practice(models.Model):
    """A good practice described by a country, for the library (STAR 4)."""

    country = models.ForeignKey(
        "reference.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="practices",
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"))
    # Theme codes of the recommendations tracker; indicator keys of the
    # statistics and NRM indicators. Short lists, checked by the service.
    themes = models.JSONField(_("themes"), default=list)
    indicators = models.JSONField(_("indicators addressed"), default=list, blank=True)
    recommendations = models.ManyToManyField(
        "recommendations.Recommendation",
        verbose_name=_("recommendations addressed"),
        blank=True,
        related_name="practices",
    )
    contact_institution = models.ForeignKey(
        "directory.Institution",
        verbose_name=_("contact institution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="practices",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["country__name", "title"]
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")

    def __str__(self) -> str:
        return self.title

    def theme_labels(self) -> list[str]:
        labels = dict(Theme.choices)
        return [str(labels.get(code, code)) for code in self.themes]
