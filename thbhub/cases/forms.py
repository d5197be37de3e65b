from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thbhub.cases.codes import (
    BestInterestsPurpose,
    CaseStatus,
    ClosureReason,
    ConsentPurpose,
    Exploitation,
    IdentificationContext,
    IdentifiedBy,
    Indicator,
    RouteStage,
    ServiceType,
    Sex,
)
from thbhub.cases.services import RouteData
from thbhub.directory.models import Institution

DATE = forms.DateInput(attrs={"type": "date"})
OVERRIDE_HELP = _(
    "Only if the person's consent is missing and the law allows acting without it: "
    "the reason is kept with the case and in the audit log."
)


class CaseFilterForm(forms.Form):
    query = forms.CharField(
        label=_("Case number or name"),
        required=False,
        help_text=_("Names are searched among your agency's cases only, by whole name parts."),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *CaseStatus.choices], required=False
    )
    exploitation = forms.ChoiceField(
        label=_("Exploitation"),
        choices=[("", _("Any form")), *Exploitation.choices],
        required=False,
    )
    child = forms.ChoiceField(
        label=_("Age"),
        choices=[("", _("Children and adults")), ("yes", _("Children")), ("no", _("Adults"))],
        required=False,
    )
    state = forms.ChoiceField(
        label=_("Open or closed"),
        choices=[("open", _("Open")), ("closed", _("Closed")), ("all", _("All"))],
        required=False,
    )


def _institutions(country_id: str) -> Any:
    return Institution.objects.filter(country_id=country_id).order_by("name")


class CaseForm(forms.Form):
    first_contact_on = forms.DateField(label=_("First contact"), widget=DATE)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    age_at_identification = forms.IntegerField(
        label=_("Age at identification"), min_value=0, max_value=120, required=False
    )
    age_uncertain = forms.BooleanField(
        label=_("Age uncertain (the person is presumed a child)"), required=False
    )
    citizenship = forms.CharField(
        label=_("Citizenship"),
        max_length=2,
        required=False,
        help_text=_("ISO 3166-1 alpha-2 code, e.g. RS, AL, UA."),
    )
    languages = forms.CharField(
        label=_("Languages"),
        required=False,
        help_text=_("Two-letter codes separated by commas, for example: sr, en."),
    )
    exploitation = forms.MultipleChoiceField(
        label=_("Forms of exploitation"),
        choices=Exploitation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    indicators = forms.MultipleChoiceField(
        label=_("Indicators met"),
        choices=Indicator.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    identified_by = forms.ChoiceField(
        label=_("Identified by"), choices=[("", "—"), *IdentifiedBy.choices], required=False
    )
    identifying_institution = forms.ModelChoiceField(
        label=_("Identifying institution"), queryset=Institution.objects.none(), required=False
    )
    identification_context = forms.ChoiceField(
        label=_("How identified"),
        choices=[("", "—"), *IdentificationContext.choices],
        required=False,
    )
    routes = forms.CharField(
        label=_("Countries of recruitment, transit and exploitation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line: stage, country code, from, to — e.g. "
            "'recruitment, MD, 2025-03-01' or 'exploitation, DE, 2025-04-01, 2025-09-30'."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, country_id: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["identifying_institution"].queryset = _institutions(country_id)  # type: ignore[attr-defined]

    def clean_languages(self) -> list[str]:
        text = self.cleaned_data["languages"] or ""
        return [part.strip().lower() for part in text.split(",") if part.strip()]

    def clean_citizenship(self) -> str:
        return str(self.cleaned_data["citizenship"] or "").strip().upper()

    def clean_routes(self) -> list[RouteData]:
        return parse_routes(self.cleaned_data["routes"] or "")


def parse_routes(text: str) -> list[RouteData]:
    """Lines of 'stage, country, from[, to]' as RouteData; errors name the line."""
    routes = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(",")]
        if len(parts) < 2 or len(parts) > 4 or parts[0].lower() not in RouteStage.values:
            raise forms.ValidationError(
                _(
                    "Line %(number)s (%(line)s): write the stage (%(stages)s), the country "
                    "code and optionally the dates, separated by commas."
                )
                % {"number": number, "line": line.strip(), "stages": ", ".join(RouteStage.values)}
            )
        dates: list[datetime.date | None] = []
        for value in parts[2:]:
            try:
                dates.append(datetime.date.fromisoformat(value) if value else None)
            except ValueError:
                raise forms.ValidationError(
                    _("Line %(number)s: %(value)s is not a date as YYYY-MM-DD.")
                    % {"number": number, "value": value}
                ) from None
        dates += [None] * (2 - len(dates))
        routes.append(RouteData(parts[0].lower(), parts[1].upper(), dates[0], dates[1]))
    return routes


def routes_text(routes: Any) -> str:
    lines = []
    for route in routes:
        cells = [route.stage, route.country]
        if route.date_from or route.date_to:
            cells.append(route.date_from.isoformat() if route.date_from else "")
        if route.date_to:
            cells.append(route.date_to.isoformat())
        lines.append(", ".join(cells))
    return "\n".join(lines)


class IdentifiersForm(forms.Form):
    given_names = forms.CharField(label=_("Given names"), required=False)
    family_names = forms.CharField(label=_("Family names"), required=False)
    other_names = forms.CharField(
        label=_("Other names and spellings"),
        required=False,
        help_text=_("Aliases and spellings in other scripts: they are searchable too."),
    )
    date_of_birth = forms.CharField(
        label=_("Date of birth"),
        required=False,
        help_text=_("YYYY-MM-DD, or YYYY-MM or YYYY when only part is known."),
    )
    documents = forms.CharField(
        label=_("Identity documents"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    contacts = forms.CharField(
        label=_("Contact details"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    address = forms.CharField(
        label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class IdentifyForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (CaseStatus.IDENTIFIED, CaseStatus.IDENTIFIED.label),
            (CaseStatus.NOT_VICTIM, CaseStatus.NOT_VICTIM.label),
        ],
    )
    decided_on = forms.DateField(label=_("Decision date"), widget=DATE)
    authority = forms.ModelChoiceField(
        label=_("Deciding authority"), queryset=Institution.objects.none()
    )
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, country_id: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = _institutions(country_id)  # type: ignore[attr-defined]


class ReflectionForm(forms.Form):
    start = forms.DateField(label=_("Start"), widget=DATE)
    days = forms.IntegerField(
        label=_("Length in days"),
        min_value=30,
        required=False,
        help_text=_("Empty: the length the country's law gives."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class PlanForm(forms.Form):
    agreed_on = forms.DateField(label=_("Agreed with the person on"), widget=DATE)
    plan = forms.CharField(
        label=_("Individual assistance plan"), widget=forms.Textarea(attrs={"rows": 6})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ServiceForm(forms.Form):
    service = forms.ChoiceField(label=_("Service"), choices=ServiceType.choices)
    provider = forms.ModelChoiceField(label=_("Provider"), queryset=Institution.objects.none())
    started_on = forms.DateField(label=_("From"), widget=DATE)
    ended_on = forms.DateField(label=_("Until"), widget=DATE, required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    override_reason = forms.CharField(
        label=_("Reason to act without consent"),
        required=False,
        help_text=OVERRIDE_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, country_id: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = _institutions(country_id)  # type: ignore[attr-defined]


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    recipient = forms.ModelChoiceField(
        label=_("Recipient"),
        queryset=Institution.objects.select_related("country").order_by("country__name", "name"),
        required=False,
        empty_label=_("Any recipient for this purpose"),
    )
    given_on = forms.DateField(label=_("Given on"), widget=DATE)


class GuardianForm(forms.Form):
    appointed_on = forms.DateField(label=_("Appointed on"), widget=DATE)
    institution = forms.ModelChoiceField(
        label=_("Guardian's institution"), queryset=Institution.objects.none()
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, country_id: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = _institutions(country_id)  # type: ignore[attr-defined]


class BestInterestsForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=BestInterestsPurpose.choices)
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    decided_by = forms.ModelChoiceField(label=_("Decided by"), queryset=Institution.objects.none())
    child_heard = forms.BooleanField(label=_("The child was heard"), required=False)
    outcome = forms.CharField(
        label=_("Determination and grounds"), widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, country_id: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decided_by"].queryset = _institutions(country_id)  # type: ignore[attr-defined]


class FamilyContactForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE)
    override_reason = forms.CharField(
        label=_("Reason to act without consent"),
        required=False,
        help_text=OVERRIDE_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CloseForm(forms.Form):
    closed_on = forms.DateField(label=_("Closed on"), widget=DATE)
    reason = forms.ChoiceField(label=_("Reason"), choices=ClosureReason.choices)
    override_reason = forms.CharField(
        label=_("Reason to act without consent"),
        required=False,
        help_text=OVERRIDE_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class CaseRulesForm(forms.Form):
    reflection_period_days = forms.IntegerField(
        label=_("Recovery and reflection period (days)"),
        min_value=30,
        help_text=_("As the country's law gives it; at least 30 days (Convention, Art. 13)."),
    )
    reflection_alert_days = forms.IntegerField(
        label=_("Alert before the period ends (days)"), min_value=0
    )
    guardian_within_days = forms.IntegerField(
        label=_("A child's guardian to be appointed within (days)"), min_value=0
    )
    review_interval_days = forms.IntegerField(
        label=_("Assistance plans reviewed every (days)"), min_value=1
    )
    best_interests_within_days = forms.IntegerField(
        label=_("A child's best interests determined within (days)"), min_value=0
    )
    retention_years = forms.IntegerField(
        label=_("Closed cases kept for (years)"),
        min_value=1,
        help_text=_(
            "After this many years from closing, a case is anonymised unless it is on legal hold."
        ),
    )
