"""Labels for the counts a finished job reports."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

RESULT_LABELS = {
    "created": _("Contacts added"),
    "updated": _("Contacts changed"),
    "unchanged": _("Contacts unchanged"),
    "institutions_created": _("Institutions added"),
    "institutions_updated": _("Institutions changed"),
}


@register.filter
def result_label(key: str) -> str:
    return str(RESULT_LABELS.get(key, key.replace("_", " ")))
