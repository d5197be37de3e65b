"""Forms of the indicators page and the linkage results page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thbhub.linkage.linking import DEFAULT_THRESHOLD
from thbhub.statistics.indicator_selectors import PUBLISHED, SUBMITTED


class IndicatorFilterForm(forms.Form):
    # "from" as in the API's query string; a Python keyword, so set in __init__.
    to = forms.IntegerField(label=_("To"), min_value=1990, max_value=2100, required=False)
    source = forms.ChoiceField(
        label=_("Data"),
        choices=[
            (PUBLISHED, _("Published (disclosure-controlled)")),
            (SUBMITTED, _("Accepted submissions (not published)")),
        ],
        initial=PUBLISHED,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {
            "from": forms.IntegerField(
                label=_("From"),
                min_value=1990,
                max_value=2100,
                initial=timezone.localdate().year - 1,
            ),
            **self.fields,
        }


class LinkageResultForm(forms.Form):
    year = forms.IntegerField(label=_("Reference year"), min_value=2000, max_value=2100)
    file = forms.FileField(
        label=_("MATCHES.csv"),
        help_text=_("The file `thbhub linkage link` wrote; only its counts are kept."),
    )
    threshold = forms.DecimalField(
        label=_("Threshold"),
        help_text=_("The similarity threshold the linkage ran with."),
        min_value=0,
        max_value=1,
        decimal_places=3,
        initial=DEFAULT_THRESHOLD,
        required=False,
    )
