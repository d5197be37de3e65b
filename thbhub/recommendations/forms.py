"""Forms of the recommendations tracker: input parsing only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thbhub.recommendations.codes import ImplementationStatus, Theme
from thbhub.recommendations.models import SourceDocument
from thbhub.reference.models import Country


class TrackerFilterForm(forms.Form):
    country = forms.ModelChoiceField(
        queryset=Country.objects.none(), required=False, label=_("Country"), to_field_name="code"
    )
    theme = forms.ChoiceField(
        choices=[("", _("All themes")), *Theme.choices], required=False, label=_("Theme")
    )
    status = forms.ChoiceField(
        choices=[("", _("Any status")), *ImplementationStatus.choices],
        required=False,
        label=_("Status"),
    )
    source = forms.ModelChoiceField(
        queryset=SourceDocument.objects.none(),
        required=False,
        label=_("Source"),
        to_field_name="key",
    )
    query = forms.CharField(required=False, max_length=100, label=_("Search the text"))

    def __init__(self, *args: Any, countries: Any, documents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries  # type: ignore[attr-defined]
        self.fields["source"].queryset = documents  # type: ignore[attr-defined]


class StatusForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), required=False)
    status = forms.ChoiceField(choices=ImplementationStatus.choices, label=_("Status"))
    evidence = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label=_("Evidence"),
        help_text=_("What was adopted or done, when, and where it can be checked."),
        max_length=10_000,
    )

    def __init__(self, *args: Any, countries: list[Country | None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(country.code, str(country)) for country in countries if country is not None]
        if choices:
            self.fields["country"].choices = choices  # type: ignore[attr-defined]
            self.fields["country"].required = True
        else:
            # A network-wide recommendation: there is no country to choose.
            del self.fields["country"]


class CommentForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), required=False)
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), label=_("Comment"), max_length=10_000
    )

    def __init__(self, *args: Any, countries: list[Country | None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(country.code, str(country)) for country in countries if country is not None]
        if choices:
            self.fields["country"].choices = choices  # type: ignore[attr-defined]
            self.fields["country"].required = True
        else:
            del self.fields["country"]


class ReviewOpenForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    deadline = forms.DateField(
        label=_("Deadline for countries"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("As YYYY-MM-DD."),
    )
