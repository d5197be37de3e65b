from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thbhub.reference.models import Country


class RoundForm(forms.Form):
    year = forms.IntegerField(label=_("Reference year"), min_value=2000, max_value=2100)
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    members = forms.ModelMultipleChoiceField(
        label=_("Members addressed"),
        queryset=Country.objects.filter(network_member=True),
        widget=forms.CheckboxSelectMultiple,
        to_field_name="code",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["members"].initial = list(
                Country.objects.filter(network_member=True).values_list("code", flat=True)
            )


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file in the common standard"),
        help_text=_(
            "One row per figure with the columns country, year, measure, status, sex, age, "
            "citizenship, exploitation, exploitation_country, identified_in, value, flag, note."
        ),
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("return", _("Return for correction"))],
    )
    comment = forms.CharField(
        label=_("Comment for the member"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
