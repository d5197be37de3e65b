"""Web forms of referrals: input parsing only; the services decide."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thbhub.referrals.codes import (
    Need,
    ReferralKind,
    ReferralPurpose,
    RiskLevel,
    ShareItem,
    TimelineKind,
)


class RequestForm(forms.Form):
    case = forms.ChoiceField(label=_("Case"))
    to_country = forms.ChoiceField(label=_("Receiving country"))
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ReferralPurpose.choices)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ReferralKind.choices, widget=forms.RadioSelect
    )
    needs = forms.MultipleChoiceField(
        label=_("What is asked for"),
        choices=Need.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        cases: list[tuple[str, str]],
        countries: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["case"]).choices = cases
        cast(forms.ChoiceField, self.fields["to_country"]).choices = countries


class ShareForm(forms.Form):
    items = forms.MultipleChoiceField(
        label=_("What to share"),
        choices=ShareItem.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    override_reason = forms.CharField(
        label=_("Reason for sharing without consent (only if the law allows it)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class AcceptForm(forms.Form):
    receiving_agency = forms.ChoiceField(label=_("Agency that takes the person in"))

    def __init__(self, *args: Any, agencies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["receiving_agency"]).choices = agencies


class TimelineForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What happened"),
        choices=[
            (kind.value, kind.label)
            for kind in (
                TimelineKind.TRAVEL,
                TimelineKind.ARRIVAL,
                TimelineKind.SERVICE,
                TimelineKind.FOLLOW_UP,
                TimelineKind.FEEDBACK,
            )
        ],
    )
    on = forms.DateField(label=_("Date"), initial=timezone.localdate)
    escorted = forms.BooleanField(label=_("With an escort"), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RiskForm(forms.Form):
    on = forms.DateField(label=_("Assessed on"), initial=timezone.localdate)
    level = forms.ChoiceField(label=_("Risk level"), choices=RiskLevel.choices)
    note = forms.CharField(
        label=_("Risks found and measures agreed"), widget=forms.Textarea(attrs={"rows": 3})
    )


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}))


class DateNoteForm(forms.Form):
    on = forms.DateField(label=_("Date"), initial=timezone.localdate)
    escorted = forms.BooleanField(label=_("With an escort"), required=False)
    months = forms.IntegerField(required=False, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
