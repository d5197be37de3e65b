from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thbhub.linkage.linking import DEFAULT_THRESHOLD
from thbhub.linkage_runs.models import Decision, Engine


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Encodings file (ENCODINGS.csv)"),
        help_text=_(
            "The file `thbhub linkage encode` wrote on your computer, unchanged. "
            "Never upload the register itself or the key file."
        ),
    )


class RunForm(forms.Form):
    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The latest upload of each country chosen is linked."),
    )
    threshold = forms.DecimalField(
        label=_("Threshold"),
        min_value=0.5,
        max_value=1,
        decimal_places=3,
        initial=DEFAULT_THRESHOLD,
        help_text=_("Similarity from which two records count as one person; 0.75 by default."),
    )
    engine = forms.ChoiceField(label=_("Engine"), initial=Engine.EMBEDDED)

    def __init__(
        self, *args: Any, countries: list[tuple[str, str]], engines: list[Engine], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["countries"].choices = countries  # type: ignore[attr-defined]
        self.fields["engine"].choices = [(engine.value, engine.label) for engine in engines]  # type: ignore[attr-defined]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0)


class RecordForm(forms.Form):
    year = forms.IntegerField(
        label=_("Reference year"),
        min_value=2000,
        help_text=_("The year identified whose matches feed the de-duplicated victims."),
    )
