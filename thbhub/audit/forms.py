from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from thbhub.audit.models import Outcome
from thbhub.core.audit_context import Interface


class AuditFilterForm(forms.Form):
    username = forms.CharField(label=_("User"), required=False)
    action = forms.CharField(label=_("Action starts with"), required=False)
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", _("Any")), *Outcome.choices], required=False
    )
    interface = forms.ChoiceField(
        label=_("Interface"), choices=[("", _("Any")), *Interface.choices], required=False
    )
    country = forms.CharField(label=_("Country code"), max_length=2, required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
