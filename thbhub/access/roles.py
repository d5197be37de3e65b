"""The roles a THB Hub user can hold."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat administrator")
    COORDINATOR = "coordinator", _("National anti-trafficking coordinator")
    STATISTICIAN = "statistician", _("National statistician")
    CASE_WORKER = "case_worker", _("Case worker")
    TRM_CONTACT_POINT = "trm_contact_point", _("TRM contact point")
    RAPPORTEUR = "rapporteur", _("National rapporteur")
    EU_PARTNER = "eu_partner", _("EU partner")
