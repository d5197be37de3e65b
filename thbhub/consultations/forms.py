"""Forms of consultations: the secretariat's, and the respondent's questions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from thbhub.consultations.models import (
    DEFAULT_LANGUAGE,
    Question,
    QuestionKind,
    Review,
    default_minimum_group_size,
    in_language,
)
from thbhub.consultations.services import MAX_BATCH, MAX_TEXT_LENGTH, QuestionData


def _language_field(code: str) -> str:
    return code.replace("-", "_")


def _languages() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


class PerLanguageMixin:
    """Adds one field per platform language for each name in ``per_language``."""

    per_language: dict[str, tuple[Any, type[forms.Field], dict[str, Any]]] = {}
    fields: dict[str, forms.Field]

    def add_language_fields(self) -> None:
        for name, (label, field_class, options) in self.per_language.items():
            for code, language in _languages():
                self.fields[f"{name}_{_language_field(code)}"] = field_class(
                    label=f"{label} ({language})",
                    required=False,
                    **options,
                )

    def texts(self, cleaned: dict[str, Any], name: str) -> dict[str, str]:
        return {
            code: cleaned.get(f"{name}_{_language_field(code)}") or "" for code, _l in _languages()
        }

    def language_rows(self) -> list[list[forms.BoundField]]:
        rows = []
        for name in self.per_language:
            rows.append(
                [self[f"{name}_{_language_field(code)}"] for code, _l in _languages()]  # type: ignore[index]
            )
        return rows


class ConsultationForm(PerLanguageMixin, forms.Form):
    per_language = {
        "title": (_("Title"), forms.CharField, {"max_length": 200}),
        "purpose": (
            _("Purpose"),
            forms.CharField,
            {"widget": forms.Textarea(attrs={"rows": 3}), "max_length": 2000},
        ),
    }
    opens_on = forms.DateField(label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(
        label=_("Closes on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Invitation links stop working after this day."),
    )
    minimum_group_size = forms.IntegerField(
        label=_("Smallest group whose results are shown"),
        min_value=1,
        help_text=_("No result is shown for fewer respondents than this (never fewer than 5)."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_language_fields()
        self.fields["minimum_group_size"].initial = default_minimum_group_size()


class QuestionForm(PerLanguageMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of question"), choices=QuestionKind.choices)
    per_language = {
        "text": (_("Question"), forms.CharField, {"max_length": 500}),
        "options": (
            _("Options, one per line"),
            forms.CharField,
            {"widget": forms.Textarea(attrs={"rows": 4}), "max_length": 4000},
        ),
    }
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    breakdown = forms.BooleanField(
        label=_("Show results by the answers to this question"),
        required=False,
        help_text=_("Single choice only. Each group must still reach the smallest group size."),
    )
    scale_min = forms.IntegerField(label=_("Scale from"), initial=1, required=False)
    scale_max = forms.IntegerField(label=_("Scale to"), initial=5, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_language_fields()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        lines = {
            code: [line.strip() for line in text.splitlines() if line.strip()]
            for code, text in self.texts(cleaned, "options").items()
        }
        english = lines.get(DEFAULT_LANGUAGE, [])
        for code, values in lines.items():
            if values and len(values) != len(english):
                self.add_error(
                    f"options_{_language_field(code)}",
                    _("Give as many options as in English (%(count)d), in the same order.")
                    % {"count": len(english)},
                )
        cleaned["option_texts"] = [
            {code: values[index] for code, values in lines.items() if index < len(values)}
            for index in range(len(english))
        ]
        return cleaned

    def question_data(self) -> QuestionData:
        data = self.cleaned_data
        return QuestionData(
            kind=data["kind"],
            text=self.texts(data, "text"),
            options=data["option_texts"],
            required=data["required"],
            breakdown=data["breakdown"],
            scale_min=data["scale_min"] if data["scale_min"] is not None else 1,
            scale_max=data["scale_max"] if data["scale_max"] is not None else 5,
        )


class Delivery:
    PAGE = "page"
    CSV = "csv"


class InvitationForm(forms.Form):
    count = forms.IntegerField(
        label=_("Number of links"), min_value=1, max_value=MAX_BATCH, initial=10
    )
    delivery = forms.ChoiceField(
        label=_("How to receive them"),
        choices=[
            (Delivery.PAGE, _("Show them on the next page")),
            (Delivery.CSV, _("Download them as a CSV file")),
        ],
        initial=Delivery.PAGE,
        widget=forms.RadioSelect,
    )


class RevokeForm(forms.Form):
    references = forms.CharField(
        label=_("Link numbers to withdraw"),
        required=False,
        help_text=_("For example: 12, 15. Leave empty to withdraw every unused link."),
    )

    def clean_references(self) -> list[int] | None:
        text = self.cleaned_data["references"].replace("#", " ").replace(",", " ")
        if not text.strip():
            return None
        try:
            return [int(part) for part in text.split()]
        except ValueError:
            raise forms.ValidationError(
                _("Write the numbers of the links, separated by commas, such as 12, 15.")
            ) from None


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(value, label) for value, label in Review.choices if value != Review.PENDING],
        widget=forms.RadioSelect,
    )
    shown_text = forms.CharField(
        label=_("Text as it may be shown"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only when removing details: the answer without names, places or dates."),
    )


def answer_field_name(question: Question) -> str:
    return f"q{question.pk}"


def respondent_form(questions: list[Question], language: str, data: Any = None) -> forms.Form:
    """The respondent's form, with every text in ``language``."""
    form = forms.Form(data)
    for question in questions:
        label = in_language(question.text, language)
        field: forms.Field
        if question.kind == QuestionKind.SINGLE:
            field = forms.TypedChoiceField(
                choices=[(o.pk, in_language(o.text, language)) for o in question.options.all()],
                coerce=int,
                widget=forms.RadioSelect,
            )
        elif question.kind == QuestionKind.MULTIPLE:
            field = forms.TypedMultipleChoiceField(
                choices=[(o.pk, in_language(o.text, language)) for o in question.options.all()],
                coerce=int,
                widget=forms.CheckboxSelectMultiple,
            )
        elif question.kind == QuestionKind.SCALE:
            field = forms.TypedChoiceField(
                choices=[(n, str(n)) for n in range(question.scale_min, question.scale_max + 1)],
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "scale"}),
            )
        else:
            field = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 4}), max_length=MAX_TEXT_LENGTH
            )
        field.label = label
        field.required = False  # the service says what is missing, in plain words
        form.fields[answer_field_name(question)] = field
    return form
