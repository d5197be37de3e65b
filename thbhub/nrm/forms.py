"""The year range of the NRM monitoring page and its export."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Years shown when the page is opened without a choice: the last three.
DEFAULT_SPAN = 3


def default_years() -> tuple[int, int]:
    this_year = timezone.localdate().year
    return this_year - DEFAULT_SPAN + 1, this_year


class YearRangeForm(forms.Form):
    # "from" as in the API's query string; a Python keyword, so set in __init__.
    to = forms.IntegerField(label=_("To"), min_value=1990, max_value=2100, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        first, _last = default_years()
        self.fields = {
            "from": forms.IntegerField(
                label=_("From"), min_value=1990, max_value=2100, initial=first, required=False
            ),
            **self.fields,
        }

    def years(self) -> tuple[int, int]:
        """The chosen range, the default where a year is left out (after is_valid)."""
        first, last = default_years()
        chosen_first = self.cleaned_data.get("from") or first
        chosen_last = self.cleaned_data.get("to") or (
            last if not self.cleaned_data.get("from") else chosen_first
        )
        return chosen_first, chosen_last
