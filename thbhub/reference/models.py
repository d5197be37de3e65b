"""Countries, versioned code lists and population."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

KOSOVO_DESIGNATION_NOTE = _(
    "* This designation is without prejudice to positions on status, and is in line "
    "with UNSCR 1244/99 and the ICJ Opinion on the Kosovo declaration of independence."
)


class EUStatus(models.TextChoices):
    MEMBER = "member", _("EU member state")
    CANDIDATE = "candidate", _("EU candidate country")
    POTENTIAL_CANDIDATE = "potential_candidate", _("Potential candidate")
    NONE = "none", _("Other country")


class Country(models.Model):
    code = models.CharField(_("code"), max_length=2, primary_key=True)
    alpha3 = models.CharField(_("ISO alpha-3"), max_length=3)
    name = models.CharField(_("name"), max_length=100)
    network_member = models.BooleanField(_("member of the network"), default=False)
    eu_status = models.CharField(
        _("EU status"), max_length=20, choices=EUStatus.choices, default=EUStatus.NONE
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name

    @property
    def designation_note(self) -> str:
        return str(KOSOVO_DESIGNATION_NOTE) if self.code == "XK" else ""

    @property
    def is_eu_member(self) -> bool:
        return self.eu_status == EUStatus.MEMBER


class Dimension(models.TextChoices):
    MEASURE = "MEASURE", _("Measure")
    STATUS = "STATUS", _("Victim status")
    SEX = "SEX", _("Sex")
    AGE = "AGE", _("Age")
    CITIZENSHIP = "CITIZENSHIP", _("Citizenship")
    EXPLOITATION = "EXPLOITATION", _("Form of exploitation")
    EXPLOITATION_COUNTRY = "EXPLOITATION_COUNTRY", _("Country of exploitation")
    IDENTIFIED_IN = "IDENTIFIED_IN", _("Identified in")
    SERVICE = "SERVICE", _("Type of service")
    FLAG = "FLAG", _("Observation flag")


class CodeListVersion(models.Model):
    """One published version of the whole set of code lists.

    Versions are never edited after loading: data submitted against a
    version keeps meaning what it meant.
    """

    version = models.CharField(_("version"), max_length=20, unique=True)
    valid_from = models.DateField(_("valid from"))
    source = models.TextField(_("source"))
    is_current = models.BooleanField(_("current"), default=False)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        ordering = ["-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="one_current_codelist_version",
            )
        ]

    def __str__(self) -> str:
        return f"Code lists v{self.version}"


class Code(models.Model):
    version = models.ForeignKey(CodeListVersion, on_delete=models.PROTECT, related_name="codes")
    dimension = models.CharField(_("dimension"), max_length=30, choices=Dimension.choices)
    code = models.CharField(_("code"), max_length=30)
    label = models.CharField(_("label"), max_length=200)
    eurostat_group = models.CharField(_("Eurostat group"), max_length=30, blank=True)
    iccs = models.CharField(_("ICCS code"), max_length=20, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["dimension", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "dimension", "code"], name="unique_code_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dimension}:{self.code}"


class Population(models.Model):
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="population")
    year = models.PositiveSmallIntegerField(_("year"))
    population = models.PositiveBigIntegerField(_("population"))
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        ordering = ["country", "year"]
        constraints = [
            models.UniqueConstraint(fields=["country", "year"], name="unique_population_year")
        ]

    def __str__(self) -> str:
        return f"{self.country_id} {self.year}: {self.population}"
