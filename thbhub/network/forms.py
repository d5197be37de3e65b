"""Web forms of the network module: parsing and field checks only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thbhub.directory.models import Institution
from thbhub.network.codes import ImplementationStatus, Theme, indicator_choices
from thbhub.network.models import DocumentKind, FundraisingStatus, Meeting, StrategyKind
from thbhub.recommendations.models import Recommendation
from thbhub.reference.models import Country

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _recommendation_field(label: Any) -> forms.ModelMultipleChoiceField:  # type: ignore[type-arg]
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Recommendation.objects.order_by("code"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )


def _institution_field(label: Any) -> forms.ModelChoiceField:  # type: ignore[type-arg]
    return forms.ModelChoiceField(label=label, queryset=Institution.objects.none(), required=False)


class StrategyForm(forms.Form):
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.none())
    kind = forms.ChoiceField(label=_("Type"), choices=StrategyKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    period_from = forms.IntegerField(label=_("Period from (year)"))
    period_to = forms.IntegerField(label=_("Period to (year)"))
    adopted_on = forms.DateField(label=_("Adopted on"), required=False, widget=DATE)
    adopting_body = forms.CharField(label=_("Adopted by"), max_length=300, required=False)
    funding_earmarked = forms.DecimalField(
        label=_("Funding earmarked"), max_digits=14, decimal_places=2, required=False
    )
    funding_currency = forms.CharField(label=_("Currency (ISO 4217)"), max_length=3, initial="EUR")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, countries: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries  # type: ignore[attr-defined]

    def clean_funding_currency(self) -> str:
        return str(self.cleaned_data["funding_currency"]).strip().upper()


class ActionForm(forms.Form):
    text = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 3}))
    responsible_institution = _institution_field(_("Responsible institution"))
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DATE)
    recommendations = _recommendation_field(_("Recommendations answered"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, institutions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_institution"].queryset = institutions  # type: ignore[attr-defined]


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Implementation status"), choices=ImplementationStatus.choices
    )
    note = forms.CharField(
        label=_("Evidence or note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ChairForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), initial=lambda: timezone.localdate().year)
    country = forms.ModelChoiceField(
        label=_("Chair country"),
        queryset=Country.objects.filter(network_member=True),
        to_field_name="code",
    )


class WorkPlanSummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("Aims of the year"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("Activity"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DATE)
    budget = forms.DecimalField(label=_("Budget"), max_digits=14, decimal_places=2, required=False)
    currency = forms.CharField(label=_("Currency (ISO 4217)"), max_length=3, initial="EUR")
    funding_sources = forms.CharField(label=_("Funding sources"), max_length=500, required=False)
    fundraising_status = forms.ChoiceField(
        label=_("Fundraising status"), choices=FundraisingStatus.choices
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_currency(self) -> str:
        return str(self.cleaned_data["currency"]).strip().upper()


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    conclusions = forms.CharField(
        label=_("Conclusions"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    file = forms.FileField(label=_("File"), required=False)
    text = forms.CharField(
        label=_("Or the text"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )


class DeclarationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    adopted_on = forms.DateField(label=_("Adopted on"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    meeting = forms.ModelChoiceField(
        label=_("Adopted at the meeting"), queryset=Meeting.objects.all(), required=False
    )
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}))


class PracticeFilterForm(forms.Form):
    query = forms.CharField(label=_("Search"), required=False)
    theme = forms.ChoiceField(
        label=_("Theme"), choices=[("", _("All themes")), *Theme.choices], required=False
    )
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.filter(network_member=True),
        required=False,
        to_field_name="code",
        empty_label=_("All countries"),
    )


class PracticeForm(forms.Form):
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.none())
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 8}))
    themes = forms.MultipleChoiceField(
        label=_("Themes"), choices=Theme.choices, widget=forms.CheckboxSelectMultiple
    )
    indicators = forms.MultipleChoiceField(
        label=_("Indicators addressed"),
        choices=[],
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    recommendations = _recommendation_field(_("Recommendations addressed"))
    contact_institution = _institution_field(_("Contact institution"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, countries: Any, institutions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries  # type: ignore[attr-defined]
        self.fields["contact_institution"].queryset = institutions  # type: ignore[attr-defined]
        self.fields["indicators"].choices = indicator_choices()  # type: ignore[attr-defined]


class StrategyFilterForm(forms.Form):
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.filter(network_member=True),
        required=False,
        to_field_name="code",
        empty_label=_("All countries"),
    )
