"""Forms of long-term assistance, proceedings and retention."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thbhub.cases.codes import (
    ErasureLegalBasis,
    InclusionArea,
    InclusionKind,
    ProceedingKind,
    ProceedingOutcome,
    ProceedingRole,
    ProceedingStage,
    ProtectionMeasure,
    ResidencePermitType,
    ReviewOutcome,
)
from thbhub.cases.forms import DATE, _institutions
from thbhub.directory.models import Institution

CURRENCY_HELP = _("Three-letter code, e.g. EUR, RSD, ALL.")


class PermitForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type of permit"), choices=ResidencePermitType.choices)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)
    valid_until = forms.DateField(
        label=_("Valid until"),
        widget=DATE,
        required=False,
        help_text=_("A task comes up 30 days before the permit ends."),
    )


class InclusionForm(forms.Form):
    area = forms.ChoiceField(label=_("Area"), choices=InclusionArea.choices)
    kind = forms.ChoiceField(label=_("Measure"), choices=InclusionKind.choices)
    provider = forms.ModelChoiceField(
        label=_("Provider"), queryset=Institution.objects.none(), required=False
    )
    started_on = forms.DateField(label=_("From"), widget=DATE)
    ended_on = forms.DateField(label=_("Until"), widget=DATE, required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, country_id: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = _institutions(country_id)  # type: ignore[attr-defined]


class ReviewForm(forms.Form):
    reviewed_on = forms.DateField(label=_("Reviewed on"), widget=DATE)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ReviewOutcome.choices)
    next_review_on = forms.DateField(
        label=_("Next review"),
        widget=DATE,
        required=False,
        help_text=_("Empty: after the country's review interval (none when the goals are met)."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ProceedingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Proceedings"), choices=ProceedingKind.choices)
    role = forms.ChoiceField(label=_("The person's role"), choices=ProceedingRole.choices)
    stage = forms.ChoiceField(label=_("Stage"), choices=ProceedingStage.choices)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ProceedingOutcome.choices)
    authority = forms.ModelChoiceField(
        label=_("Court or authority"), queryset=Institution.objects.none(), required=False
    )
    file_reference = forms.CharField(label=_("File number"), required=False)
    started_on = forms.DateField(label=_("Started"), widget=DATE)
    ended_on = forms.DateField(label=_("Ended"), widget=DATE, required=False)
    protection_measures = forms.MultipleChoiceField(
        label=_("Protection measures"),
        choices=ProtectionMeasure.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    non_punishment_applied = forms.BooleanField(
        label=_(
            "Non-punishment applied (no penalty for offences the person was compelled to commit)"
        ),
        required=False,
    )
    compensation_claimed = forms.DecimalField(
        label=_("Compensation claimed"), min_value=0, decimal_places=2, required=False
    )
    compensation_claimed_currency = forms.CharField(
        label=_("Currency of the claim"), max_length=3, required=False, help_text=CURRENCY_HELP
    )
    compensation_awarded = forms.DecimalField(
        label=_("Compensation awarded"), min_value=0, decimal_places=2, required=False
    )
    compensation_awarded_currency = forms.CharField(
        label=_("Currency of the award"), max_length=3, required=False, help_text=CURRENCY_HELP
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, country_id: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = _institutions(country_id)  # type: ignore[attr-defined]


class LegalHoldForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. the pending proceedings or the order that requires the hold."),
    )


class ErasureForm(forms.Form):
    legal_basis = forms.ChoiceField(label=_("Legal basis"), choices=ErasureLegalBasis.choices)
    requested_on = forms.DateField(label=_("Request received on"), widget=DATE)
    request_reference = forms.CharField(
        label=_("Reference of the request or order"),
        required=False,
        max_length=100,
        help_text=_("A reference number, never the person's name."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that the person's data is removed for good."), required=True
    )
