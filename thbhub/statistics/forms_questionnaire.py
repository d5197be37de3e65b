"""Forms of the round questions, the methodology, the answers and the
version comparison. The table grids are plain inputs (see
views_questionnaire), since validation of their cells belongs to
``validate``, not to a form."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thbhub.statistics.methodology import FIELDS, UNKNOWN, YES_NO_CHOICES, Kind
from thbhub.statistics.models import QuestionTheme, RoundQuestion


class QuestionForm(forms.Form):
    theme = forms.ChoiceField(label=_("Theme"), choices=QuestionTheme.choices)
    text = forms.CharField(
        label=_("Question"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Ask one thing, say which year and which numbers or examples you expect."),
    )


class MoveForm(forms.Form):
    number = forms.IntegerField(label=_("Position"), min_value=1)


class MethodologyForm(forms.Form):
    """One field per methodology.FIELDS entry, in the standard's order."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in FIELDS:
            if field.kind == Kind.YES_NO:
                self.fields[field.key] = forms.ChoiceField(
                    label=str(field.label),
                    help_text=str(field.help),
                    choices=YES_NO_CHOICES,
                    initial=UNKNOWN,
                    required=False,
                )
            else:
                self.fields[field.key] = forms.CharField(
                    label=str(field.label),
                    help_text=str(field.help),
                    widget=forms.Textarea(attrs={"rows": 3}),
                    required=False,
                )


def answer_field_name(question: RoundQuestion) -> str:
    return f"question_{question.pk}"


class AnswersForm(forms.Form):
    """One text box per question of the round."""

    def __init__(self, *args: Any, questions: Iterable[RoundQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[answer_field_name(question)] = forms.CharField(
                label=f"{question.number}. {question.text}",
                help_text=question.get_theme_display(),
                widget=forms.Textarea(attrs={"rows": 6}),
                required=False,
            )

    def answers(self) -> dict[int, str]:
        return {
            question.pk: self.cleaned_data.get(answer_field_name(question), "")
            for question in self.questions
        }

    @staticmethod
    def initial_for(questions: Iterable[RoundQuestion], given: Mapping[int, str]) -> dict[str, str]:
        return {answer_field_name(q): given.get(q.pk, "") for q in questions}


class CompareForm(forms.Form):
    against = forms.TypedChoiceField(label=_("Compare with version"), coerce=int)

    def __init__(self, *args: Any, numbers: Iterable[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["against"].choices = [(number, str(number)) for number in numbers]  # type: ignore[attr-defined]
