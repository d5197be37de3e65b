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
    change_threshold = forms.DecimalField(
        label=_("Year-on-year change needing an explanation (%)"),
        help_text=_(
            "A figure that changes more than this from the year before gets a warning until its "
            "note explains the change."
        ),
        min_value=1,
        max_value=999,
        decimal_places=0,
        initial=50,
        required=False,
    )
    reminder_days = forms.CharField(
        label=_("Reminders, in days before the deadline"),
        help_text=_(
            "Members that have not submitted are reminded on these days, e.g. 14, 3; and once "
            "more after the deadline. Left empty: 14, 3."
        ),
        initial="14, 3",
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["members"].initial = list(
                Country.objects.filter(network_member=True).values_list("code", flat=True)
            )

    def clean_reminder_days(self) -> list[int] | None:
        text = self.cleaned_data["reminder_days"]
        parts = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
        wrong = [part for part in parts if not part.isdigit()]
        if wrong:
            raise forms.ValidationError(
                _("Write whole numbers of days separated by commas, e.g. 14, 3; not %(wrong)s.")
                % {"wrong": ", ".join(wrong)}
            )
        return [int(part) for part in parts] or None


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("The filled template (.xlsx) or a CSV file in the common standard"),
        help_text=_(
            "A CSV file has one row per figure with the columns country, year, measure, status, "
            "sex, age, citizenship, exploitation, exploitation_country, identified_in, value, "
            "flag, note."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("return", _("Return for correction"))],
    )
    comment = forms.CharField(
        label=_("Comment for the member"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
