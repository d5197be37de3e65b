"""Code lists of the recommendations tracker."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class IssuingBody(models.TextChoices):
    EUROPEAN_COMMISSION = "european_commission", _("European Commission")
    GRETA = "greta", _("GRETA (Council of Europe)")
    NETWORK = "network", _("Network of Anti-Trafficking Coordinators (NATC SEE)")
    NON_PAPER = "non_paper", _("Non-paper (ICMPD, NATC SEE secretariat)")


class Theme(models.TextChoices):
    # The four pillars first, then the cross-cutting themes.
    PREVENTION = "prevention", _("Prevention")
    PROTECTION = "protection", _("Protection")
    PROSECUTION = "prosecution", _("Prosecution")
    PARTNERSHIP = "partnership", _("Partnership")
    IDENTIFICATION = "identification", _("Identification")
    NRM_MONITORING = "nrm_monitoring", _("NRM monitoring")
    COMPENSATION = "compensation", _("Compensation")
    NON_PUNISHMENT = "non_punishment", _("Non-punishment")
    CHILDREN = "children", _("Children")
    LABOUR_EXPLOITATION = "labour_exploitation", _("Labour exploitation")
    MIGRANTS_ASYLUM = "migrants_asylum", _("Migrants and asylum")
    DATA = "data", _("Data")
    FUNDING = "funding", _("Funding")
    NEW_TECHNOLOGIES = "new_technologies", _("New technologies")


PILLARS = frozenset({Theme.PREVENTION, Theme.PROTECTION, Theme.PROSECUTION, Theme.PARTNERSHIP})


class ImplementationStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    PARTLY_IMPLEMENTED = "partly_implemented", _("Partly implemented")
    IMPLEMENTED = "implemented", _("Implemented")
    NO_LONGER_RELEVANT = "no_longer_relevant", _("No longer relevant")


class ReviewState(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
