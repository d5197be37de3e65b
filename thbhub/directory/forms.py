from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thbhub.directory.models import ContactRole, Institution, InstitutionType
from thbhub.reference.models import Country


def member_country_filter() -> forms.ModelChoiceField:  # type: ignore[type-arg]
    """A filter by member country; empty means all countries."""
    return forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.filter(network_member=True),
        required=False,
        to_field_name="code",
        empty_label=_("All countries"),
    )


class ContactFilterForm(forms.Form):
    query = forms.CharField(label=_("Search"), required=False)
    country = member_country_filter()
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("All roles")), *ContactRole.choices], required=False
    )
    kind = forms.ChoiceField(
        label=_("Institution type"),
        choices=[("", _("All types")), *InstitutionType.choices],
        required=False,
    )
    needs_verification = forms.BooleanField(label=_("Only contacts to verify"), required=False)
    include_inactive = forms.BooleanField(label=_("Include former contacts"), required=False)

    def __init__(self, *args: Any, countries: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if countries is not None:
            self.fields["country"].queryset = countries  # type: ignore[attr-defined]


class InstitutionForm(forms.Form):
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.none())
    name = forms.CharField(label=_("Name"), max_length=300)
    name_local = forms.CharField(
        label=_("Name in the national language"), max_length=300, required=False
    )
    kind = forms.ChoiceField(label=_("Type"), choices=InstitutionType.choices)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    email = forms.EmailField(label=_("General e-mail"), required=False)
    phone = forms.CharField(label=_("General telephone"), max_length=50, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, countries: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries  # type: ignore[attr-defined]


class ContactForm(forms.Form):
    institution = forms.ModelChoiceField(
        label=_("Institution"), queryset=Institution.objects.none()
    )
    given_name = forms.CharField(label=_("Given name"), max_length=100)
    family_name = forms.CharField(label=_("Family name"), max_length=100)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=ContactRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.CharField(
        label=_("Languages"),
        required=False,
        help_text=_("Two-letter codes separated by commas, for example: sr, en, de."),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Telephone"), max_length=50, required=False)
    last_verified = forms.DateField(
        label=_("Last verified"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, institutions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions  # type: ignore[attr-defined]

    def clean_languages(self) -> list[str]:
        raw: str = self.cleaned_data.get("languages") or ""
        return [part.strip().lower() for part in raw.replace(";", ",").split(",") if part.strip()]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_("Start from an export of the directory: keep its sheets and header row."),
    )


class InstitutionFilterForm(forms.Form):
    query = forms.CharField(label=_("Search"), required=False)
    country = member_country_filter()
    kind = forms.ChoiceField(
        label=_("Institution type"),
        choices=[("", _("All types")), *InstitutionType.choices],
        required=False,
    )
