"""Victims' cases along the standard procedures of a national referral mechanism.

A case holds only non-identifying data; the person's identifiers live in
``CaseIdentifiers``, encrypted at field level, so that a case can be
counted, listed, searched by number and (later) referred across a border
without its identifiers travelling with it. Narrative text is encrypted as
well, because free text tends to hold names.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thbhub.cases.codes import (
    BestInterestsPurpose,
    CaseStatus,
    ClosureReason,
    ConsentGiver,
    ConsentPurpose,
    EventKind,
    IdentificationContext,
    IdentifiedBy,
    RouteStage,
    ServiceType,
    Sex,
    TaskKind,
)
from thbhub.core.encryption import EncryptedTextField

# Council of Europe Convention, Art. 13: "at least 30 days".
MINIMUM_REFLECTION_DAYS = 30
ADULT_AGE = 18
DEFAULT_RETENTION_YEARS = 5


class CountryCaseSettings(models.Model):
    """What a country's law and procedures fix for every case there."""

    country = models.OneToOneField(
        "reference.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="case_settings",
    )
    reflection_period_days = models.PositiveSmallIntegerField(
        _("recovery and reflection period (days)"),
        default=MINIMUM_REFLECTION_DAYS,
        validators=[MinValueValidator(MINIMUM_REFLECTION_DAYS)],
    )
    reflection_alert_days = models.PositiveSmallIntegerField(
        _("alert before the period ends (days)"), default=7
    )
    guardian_within_days = models.PositiveSmallIntegerField(
        _("guardian to be appointed within (days)"), default=3
    )
    review_interval_days = models.PositiveSmallIntegerField(
        _("assistance plan reviewed every (days)"), default=90
    )
    best_interests_within_days = models.PositiveSmallIntegerField(
        _("child's best interests determined within (days)"), default=30
    )
    # Closed cases are anonymised this long after closing, unless on legal hold.
    retention_years = models.PositiveSmallIntegerField(
        _("closed cases kept for (years)"),
        default=DEFAULT_RETENTION_YEARS,
        validators=[MinValueValidator(1)],
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("country case settings")
        verbose_name_plural = _("country case settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reflection_period_days__gte=MINIMUM_REFLECTION_DAYS),
                name="reflection_period_at_least_30_days",
            )
        ]

    def __str__(self) -> str:
        return f"{self.country_id}: {self.reflection_period_days} days"


class CaseNumberSequence(models.Model):
    """The last case number given in one country and year."""

    country = models.ForeignKey("reference.Country", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["country", "year"], name="one_case_sequence_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.country_id}-{self.year}: {self.last}"


class Case(models.Model):
    number = models.CharField(_("case number"), max_length=20, unique=True)
    country = models.ForeignKey(
        "reference.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "directory.Institution",
        verbose_name=_("owning agency"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("opened"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Incremented on every change; an edit based on an older version is refused.
    version = models.PositiveIntegerField(default=1)

    # Procedure 1: identification.
    first_contact_on = models.DateField(_("first contact"))
    status = models.CharField(
        _("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.PRESUMED
    )
    status_decided_on = models.DateField(_("decision date"), null=True, blank=True)
    deciding_authority = models.ForeignKey(
        "directory.Institution",
        verbose_name=_("deciding authority"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_reasons = EncryptedTextField(_("reasons for the decision"), blank=True)
    identified_by = models.CharField(
        _("identified by"), max_length=20, choices=IdentifiedBy.choices, blank=True
    )
    identifying_institution = models.ForeignKey(
        "directory.Institution",
        verbose_name=_("identifying institution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    identification_context = models.CharField(
        _("how identified"), max_length=25, choices=IdentificationContext.choices, blank=True
    )
    indicators = models.JSONField(_("indicators met"), default=list, blank=True)

    # Non-identifying data about the person.
    sex = models.CharField(_("sex"), max_length=3, choices=Sex.choices, default=Sex.UNKNOWN)
    age_at_identification = models.PositiveSmallIntegerField(
        _("age at identification"), null=True, blank=True
    )
    age_uncertain = models.BooleanField(_("age uncertain"), default=False)
    # Set by the services: under 18, or of uncertain age (presumed a child).
    presumed_child = models.BooleanField(_("child"), default=False, db_index=True)
    citizenship = models.CharField(_("citizenship"), max_length=2, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    exploitation = models.JSONField(_("forms of exploitation"), default=list, blank=True)

    # Procedure 2: first assistance and protection.
    reflection_start = models.DateField(
        _("recovery and reflection period from"), null=True, blank=True
    )
    reflection_days = models.PositiveSmallIntegerField(
        _("recovery and reflection period (days)"), null=True, blank=True
    )
    assistance_plan_agreed_on = models.DateField(_("assistance plan agreed"), null=True, blank=True)
    assistance_plan = EncryptedTextField(_("individual assistance plan"), blank=True)

    # Child safeguards.
    guardian_appointed_on = models.DateField(_("guardian appointed"), null=True, blank=True)
    guardian_institution = models.ForeignKey(
        "directory.Institution",
        verbose_name=_("guardian's institution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    closed_on = models.DateField(_("closed"), null=True, blank=True)
    closure_reason = models.CharField(
        _("reason for closing"), max_length=25, choices=ClosureReason.choices, blank=True
    )
    # Set when identifiers and free text were removed (retention or erasure);
    # the statistical fields stay.
    anonymised_on = models.DateField(_("anonymised"), null=True, blank=True)

    class Meta:
        # Newest first. Ids follow the order cases are opened in, and one
        # key lets the indexes below give a page in order, and a name search
        # walk its matches newest first, without sorting them all.
        ordering = ["-pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["agency", "-id"], name="case_agency_newest"),
            # The case list of an agency: open cases, newest first, and their count.
            models.Index(fields=["agency", "closed_on", "-id"], name="case_agency_open_newest"),
            models.Index(fields=["country", "status"], name="case_country_status"),
            # A search by part of a case number reads this index, not every case row.
            models.Index(fields=["agency", "closed_on", "number"], name="case_agency_open_number"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reflection_days__isnull=True)
                | models.Q(reflection_days__gte=MINIMUM_REFLECTION_DAYS),
                name="case_reflection_at_least_30_days",
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def reflection_end(self) -> datetime.date | None:
        if self.reflection_start is None or self.reflection_days is None:
            return None
        return self.reflection_start + datetime.timedelta(days=self.reflection_days)

    def exploitation_labels(self) -> list[str]:
        from thbhub.cases.codes import Exploitation  # noqa: PLC0415 — only for display

        labels = dict(Exploitation.choices)
        return [str(labels.get(code, code)) for code in self.exploitation]

    def indicator_labels(self) -> list[str]:
        from thbhub.cases.codes import Indicator  # noqa: PLC0415 — only for display

        labels = dict(Indicator.choices)
        return [str(labels.get(code, code)) for code in self.indicators]


class CaseIdentifiers(models.Model):
    """The person's identifiers: encrypted, read only through an audited selector."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="identifiers")
    given_names = EncryptedTextField(_("given names"), blank=True)
    family_names = EncryptedTextField(_("family names"), blank=True)
    other_names = EncryptedTextField(_("other names and spellings"), blank=True)
    # YYYY-MM-DD, YYYY-MM or YYYY: registers often know only part of it.
    date_of_birth = EncryptedTextField(_("date of birth"), blank=True)
    documents = EncryptedTextField(_("identity documents"), blank=True)
    contacts = EncryptedTextField(_("contact details"), blank=True)
    address = EncryptedTextField(_("address"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("personal identifiers")
        verbose_name_plural = _("personal identifiers")

    def __str__(self) -> str:
        return f"Identifiers of case {self.case_id}"


class CaseNameToken(models.Model):
    """A blind index of the names: a keyed hash of each normalised name part.

    Encrypted names cannot be searched in SQL; an exact match on these hashes
    finds a case by name without the names ever being stored in clear.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="name_tokens")
    token = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "token"], name="unique_case_name_token")
        ]
        indexes = [
            # The cases of a name part, read from the index alone.
            models.Index(fields=["token", "case"], name="case_name_token_case"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.token[:6]}…"


class CaseRoute(models.Model):
    """A country where the person was recruited, moved through or exploited."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="routes")
    stage = models.CharField(_("stage"), max_length=15, choices=RouteStage.choices)
    country = models.CharField(_("country"), max_length=2)
    date_from = models.DateField(_("from"), null=True, blank=True)
    date_to = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        ordering = ["date_from", "pk"]

    def __str__(self) -> str:
        return f"{self.stage} {self.country}"


class ServiceDelivered(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="services")
    service = models.CharField(_("service"), max_length=20, choices=ServiceType.choices)
    provider = models.ForeignKey(
        "directory.Institution",
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
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
        ordering = ["-started_on", "-pk"]
        verbose_name = _("service delivered")
        verbose_name_plural = _("services delivered")

    def __str__(self) -> str:
        return f"{self.service} from {self.started_on}"


class Consent(models.Model):
    """The person's consent for one purpose, to one recipient or to any."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=25, choices=ConsentPurpose.choices)
    # Empty: any recipient for that purpose.
    recipient = models.ForeignKey(
        "directory.Institution",
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    given_on = models.DateField(_("given"))
    # For a child, the guardian gives consent on the child's behalf.
    given_by = models.CharField(
        _("given by"), max_length=10, choices=ConsentGiver.choices, default=ConsentGiver.PERSON
    )
    withdrawn_on = models.DateField(_("withdrawn"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["purpose", "-given_on", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.purpose} from {self.given_on}"

    def in_force(self, on: datetime.date) -> bool:
        return self.given_on <= on and (self.withdrawn_on is None or self.withdrawn_on > on)


class ConsentOverride(models.Model):
    """An action taken without the consent it needs, by an authorised user, with the reason."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consent_overrides")
    purpose = models.CharField(_("purpose"), max_length=25, choices=ConsentPurpose.choices)
    recipient = models.ForeignKey(
        "directory.Institution", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = EncryptedTextField(_("reason"))
    action = models.CharField(_("action"), max_length=60)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.purpose} overridden for {self.action}"


class BestInterestsDetermination(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="best_interests")
    purpose = models.CharField(_("purpose"), max_length=20, choices=BestInterestsPurpose.choices)
    decided_on = models.DateField(_("decided"))
    decided_by = models.ForeignKey(
        "directory.Institution",
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    child_heard = models.BooleanField(_("the child was heard"), default=False)
    outcome = EncryptedTextField(_("determination"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("best-interests determination")
        verbose_name_plural = _("best-interests determinations")

    def __str__(self) -> str:
        return f"{self.purpose} on {self.decided_on}"


class CaseEvent(models.Model):
    """One line of the case's timeline, written by the services only."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what"), max_length=25, choices=EventKind.choices)
    on = models.DateField(_("date"))
    at = models.DateTimeField(_("recorded"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Codes, dates and field names only: never personal data.
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-on", "-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.on} {self.kind}"


class CaseTask(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(_("task"), max_length=20, choices=TaskKind.choices)
    due_on = models.DateField(_("due"))
    # From this day the task is shown as due soon.
    alert_on = models.DateField(_("alert from"))
    done_on = models.DateField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Copies of the case's agency and of whether it is open, kept by the
    # services that create tasks and close cases: the count of tasks due in
    # every page's navigation then reads one index of the agency's open tasks
    # instead of joining each task to its case (100,000 cases in an agency).
    agency = models.ForeignKey(
        "directory.Institution", on_delete=models.PROTECT, related_name="+", editable=False
    )
    case_open = models.BooleanField(default=True, editable=False)

    class Meta:
        ordering = ["done_on", "due_on", "pk"]
        indexes = [
            models.Index(fields=["done_on", "due_on"], name="case_task_due"),
            # An agency's open tasks, by the day their alert starts (the count
            # of what is due) and by due date (the lists, read in this order).
            # Partial indexes: PostgreSQL keeps the order of ``due_on`` only
            # when the columns before it are equalities, and IS NULL is not one.
            models.Index(
                fields=["agency", "alert_on"],
                condition=models.Q(done_on__isnull=True, case_open=True),
                name="case_task_agency_alert",
            ),
            models.Index(
                fields=["agency", "due_on"],
                condition=models.Q(done_on__isnull=True, case_open=True),
                name="case_task_agency_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} due {self.due_on}"

    @property
    def is_overdue(self) -> bool:
        return self.done_on is None and self.due_on < timezone.localdate()

    @property
    def is_due_soon(self) -> bool:
        return self.done_on is None and self.alert_on <= timezone.localdate()


# The records of the later procedures and of retention live in their own
# modules, imported here so that Django finds them with the app's models.
from thbhub.cases.models_procedures import (  # noqa: E402
    CaseReview,
    InclusionMeasure,
    Proceeding,
    ResidencePermit,
)
from thbhub.cases.models_retention import CaseErasure, DigestSent, LegalHold  # noqa: E402

__all__ = [
    "BestInterestsDetermination",
    "Case",
    "CaseErasure",
    "CaseEvent",
    "CaseIdentifiers",
    "CaseNameToken",
    "CaseNumberSequence",
    "CaseReview",
    "CaseRoute",
    "CaseTask",
    "Consent",
    "ConsentOverride",
    "CountryCaseSettings",
    "DigestSent",
    "InclusionMeasure",
    "LegalHold",
    "Proceeding",
    "ResidencePermit",
    "ServiceDelivered",
]
