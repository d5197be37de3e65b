"""The joint List of Contacts: institutions and their contact persons."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thbhub.core.encryption import EncryptedTextField

# A contact not confirmed for this long is flagged for verification.
VERIFICATION_PERIOD = datetime.timedelta(days=365)


class InstitutionType(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    COORDINATION_BODY = "coordination_body", _("NRM coordination body")
    POLICE = "police", _("Police unit")
    BORDER_POLICE = "border_police", _("Border police")
    PROSECUTION = "prosecution", _("Prosecution")
    JUDICIARY = "judiciary", _("Court")
    SOCIAL_SERVICES = "social_services", _("Social services")
    SHELTER_NGO = "shelter_ngo", _("Shelter or NGO")
    LABOUR_INSPECTION = "labour_inspection", _("Labour inspection")
    RAPPORTEUR = "rapporteur", _("National rapporteur or monitoring body")
    LIAISON = "liaison", _("Liaison office at Europol, Eurojust or Frontex")
    INTERNATIONAL = "international", _("International organisation")
    OTHER = "other", _("Other")


class ContactRole(models.TextChoices):
    TRM_CONTACT_POINT = "trm_contact_point", _("TRM contact point")
    COORDINATOR = "coordinator", _("Anti-trafficking coordinator")
    DEPUTY_COORDINATOR = "deputy_coordinator", _("Deputy coordinator")
    RAPPORTEUR = "rapporteur", _("National rapporteur")
    LIAISON_OFFICER = "liaison_officer", _("Liaison officer")
    NRM_FOCAL_POINT = "nrm_focal_point", _("NRM focal point")
    DATA_FOCAL_POINT = "data_focal_point", _("Statistics focal point")
    CHILD_PROTECTION = "child_protection", _("Child protection focal point")
    OTHER = "other", _("Other")


class Institution(models.Model):
    country = models.ForeignKey(
        "reference.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="institutions",
    )
    name = models.CharField(_("name"), max_length=300)
    name_local = models.CharField(_("name in the national language"), max_length=300, blank=True)
    kind = models.CharField(_("type"), max_length=30, choices=InstitutionType.choices)
    city = models.CharField(_("city"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("general e-mail"), blank=True)
    phone = models.CharField(_("general telephone"), max_length=50, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Incremented on every change; an edit based on an older version is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["country__name", "name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        constraints = [
            models.UniqueConstraint(fields=["country", "name"], name="unique_institution_name")
        ]

    def __str__(self) -> str:
        return self.name


class ContactPerson(models.Model):
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="contacts",
    )
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    position = models.CharField(_("position"), max_length=200, blank=True)
    roles = models.JSONField(_("roles"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    # Direct lines of a person are personal data: encrypted, and every read
    # of them is audited.
    email = EncryptedTextField(_("e-mail"), blank=True)
    phone = EncryptedTextField(_("telephone"), blank=True)
    last_verified = models.DateField(_("last verified"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def country_id(self) -> str:
        return str(self.institution.country_id)

    @property
    def needs_verification(self) -> bool:
        if self.last_verified is None:
            return True
        return self.last_verified < timezone.localdate() - VERIFICATION_PERIOD

    def role_labels(self) -> list[str]:
        labels = dict(ContactRole.choices)
        return [str(labels.get(role, role)) for role in self.roles]
