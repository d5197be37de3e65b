"""Questionnaire rounds and the national submissions made to them.

A submission keeps every version it was ever given: an upload never
changes an earlier version, so what the secretariat reviewed stays readable.
"""

from __future__ import annotations

from decimal import Decimal

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


def default_reminder_days() -> list[int]:
    return [14, 3]


class QuestionTheme(models.TextChoices):
    CRISES = "crises", _("Impact of crises on identification and referral")
    LEGAL_POLICY = "legal_policy", _("Legal and policy developments")
    COOPERATION = (
        "cooperation",
        _("Cooperation with Europol, Eurojust, Frontex and joint investigation teams"),
    )
    TRANSNATIONAL_REFERRAL = "transnational_referral", _("Transnational referral")
    GOOD_PRACTICES = "good_practices", _("Good practices")
    OTHER = "other", _("Other")


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
    # A change from the year before beyond this share needs an explanation
    # in the row's note (0.5 = 50 %), e.g. a new method or one large operation.
    change_threshold = models.DecimalField(
        _("year-on-year change needing an explanation"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.50"),
    )
    # Days before the deadline on which members that have not submitted are
    # reminded, e.g. [14, 3]; after the deadline they are reminded once more.
    reminder_days = models.JSONField(
        _("reminder days before the deadline"), default=default_reminder_days
    )

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
    # Methodology metadata (thbhub.statistics.methodology.FIELDS), as the
    # version was given it; carried over unchanged when only tables change.
    methodology = models.JSONField(_("methodology"), default=dict, blank=True)

    class Meta:
        ordering = ["submission", "-number"]
        verbose_name = _("submission version")
        verbose_name_plural = _("submission versions")
        constraints = [
            models.UniqueConstraint(fields=["submission", "number"], name="unique_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.submission} v{self.number}"


class ObservationCell(models.Model):
    """The coordinates, value, flag and note of one cell of the 6.1 standard."""

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
    # TOTAL for every measure but assistance, and for cells stored before
    # version 2 of the code lists brought the SERVICE list.
    service = models.CharField(_("type of service"), max_length=30, default="TOTAL")
    # Empty means not known, 0 means known to be none: the difference is
    # kept. A published cell is also empty when it is suppressed (flag c).
    value = models.PositiveIntegerField(_("value"), null=True, blank=True)
    flag = models.CharField(_("flag"), max_length=1, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        abstract = True


class StoredObservation(ObservationCell):
    """One cell of the 6.1 standard as a version holds it."""

    version = models.ForeignKey(
        SubmissionVersion, on_delete=models.CASCADE, related_name="observations"
    )
    source_row = models.PositiveIntegerField(_("row"))
    # The sheet, file or web-form table the row came from, so a later check
    # of the stored rows names the place the user wrote them.
    source_sheet = models.CharField(_("sheet"), max_length=255, blank=True)

    class Meta:
        ordering = ["version", "source_row"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")

    def __str__(self) -> str:
        return f"{self.measure} {self.year} row {self.source_row}"


class RoundQuestion(models.Model):
    """A qualitative question of one round; the secretariat edits them per round."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="questions"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    theme = models.CharField(_("theme"), max_length=30, choices=QuestionTheme.choices)
    text = models.TextField(_("question"))

    class Meta:
        ordering = ["round", "number"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="unique_question_number")
        ]

    def __str__(self) -> str:
        return f"{self.round.year} Q{self.number}"


class Answer(models.Model):
    """A member's answer to a round question, as one version holds it."""

    version = models.ForeignKey(SubmissionVersion, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        RoundQuestion, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers"
    )
    text = models.TextField(_("answer"), blank=True)

    class Meta:
        ordering = ["version", "question__number"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["version", "question"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.version} {self.question}"


class ReminderSent(models.Model):
    """A reminder already sent, so each is sent once per member and day."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reminders")
    country = models.ForeignKey("reference.Country", on_delete=models.PROTECT, related_name="+")
    # Days before the deadline the reminder was for; negative once overdue.
    days_before = models.SmallIntegerField(_("days before the deadline"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["round", "country", "-days_before"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "country", "days_before"], name="one_reminder_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round.year} {self.country_id} {self.days_before}"


class ConsistencyComment(models.Model):
    """A country's explanation of a gap between two members' figures.

    The gap itself is computed (country A's nationals identified in B
    against B's victims with A's citizenship); only the answers are stored.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="consistency_comments")
    # B: the country that identified the victims and reports them by citizenship.
    identifying_country = models.ForeignKey(
        "reference.Country", on_delete=models.PROTECT, related_name="+"
    )
    # A: the country whose nationals they are, which counts them as identified abroad.
    citizenship_country = models.ForeignKey(
        "reference.Country", on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_country = models.ForeignKey(
        "reference.Country", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["round", "identifying_country", "citizenship_country", "created_at"]
        verbose_name = _("consistency comment")
        verbose_name_plural = _("consistency comments")

    def __str__(self) -> str:
        return f"{self.round.year} {self.citizenship_country_id}->{self.identifying_country_id}"


class LinkageResult(models.Model):
    """What a privacy-preserving linkage run found for one reference year.

    Only counts are kept: the matched pairs stay with the linkage run.
    """

    year = models.PositiveSmallIntegerField(_("reference year"))
    # Records that belong to a cluster of another member's record and so are
    # counted twice in the sum of national totals.
    duplicates = models.PositiveIntegerField(_("victims counted twice"))
    # {"AL": {"RS": 12}, ...}: matched victims between each pair of members.
    overlap = models.JSONField(_("overlap between members"), default=dict)
    # How far the count could move with matches near the threshold: fewer
    # duplicates if only the clear matches hold, more if near misses are the
    # same people too. Empty where the linkage did not say.
    duplicates_low = models.PositiveIntegerField(
        _("victims counted twice, at least"), null=True, blank=True
    )
    duplicates_high = models.PositiveIntegerField(
        _("victims counted twice, at most"), null=True, blank=True
    )
    threshold = models.DecimalField(_("threshold"), max_digits=4, decimal_places=3)
    # The linkage's measured quality, when known (benchmarks/RESULTS.md):
    # it bounds the de-duplicated total's uncertainty.
    precision = models.DecimalField(
        _("precision"), max_digits=4, decimal_places=3, null=True, blank=True
    )
    recall = models.DecimalField(_("recall"), max_digits=4, decimal_places=3, null=True, blank=True)
    source_name = models.CharField(_("file"), max_length=255)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "-recorded_at"]
        verbose_name = _("linkage result")
        verbose_name_plural = _("linkage results")

    def __str__(self) -> str:
        return f"{self.year} ({self.duplicates})"


class Publication(models.Model):
    """The disclosure-controlled data set published from one round.

    Its rows are frozen at publication, so a published number never changes
    under a reader; a correction is a new publication.
    """

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="publications")
    number = models.PositiveIntegerField(_("edition"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), auto_now_add=True)
    # Cells from 1 up to this value are suppressed (flag c).
    threshold = models.PositiveSmallIntegerField(_("suppression threshold"))
    countries = models.JSONField(_("members included"), default=list)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-round__year", "-number"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="unique_publication_number")
        ]

    def __str__(self) -> str:
        return f"{self.round.year} #{self.number}"


class PublishedObservation(ObservationCell):
    """One cell of a publication: national rows and region aggregates (NATC_SEE...)."""

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="observations"
    )
    # Region codes (NATC_SEE_NON_EU) besides the members' ISO codes.
    country = models.CharField(_("country"), max_length=20)

    class Meta:
        ordering = ["publication", "country", "measure"]
        verbose_name = _("published observation")
        verbose_name_plural = _("published observations")
        indexes = [models.Index(fields=["publication", "country"])]

    def __str__(self) -> str:
        return f"{self.country} {self.measure} {self.year}"
