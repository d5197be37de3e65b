"""REST API of the round questions, and of a submission's methodology and
answers. Saving either stores a new version with the same figures; the
answer says which version now holds the content."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thbhub.access.permissions import Perm
from thbhub.accounts.models import User
from thbhub.core.api_access import HasPerm
from thbhub.statistics import editing, questions
from thbhub.statistics.editing import SaveResult
from thbhub.statistics.methodology import FIELDS, YES_NO_CODES, Kind
from thbhub.statistics.models import QuestionTheme, RoundQuestion, Submission
from thbhub.statistics.selectors import access_round, access_submission

# Questions ---------------------------------------------------------------------


class QuestionOut(serializers.ModelSerializer[RoundQuestion]):
    class Meta:
        model = RoundQuestion
        fields = ["id", "number", "theme", "text"]


class QuestionIn(serializers.Serializer[Any]):
    theme = serializers.ChoiceField(choices=QuestionTheme.choices)
    text = serializers.CharField(max_length=questions.MAX_QUESTION_LENGTH)


class QuestionPatchIn(serializers.Serializer[Any]):
    theme = serializers.ChoiceField(choices=QuestionTheme.choices, required=False)
    text = serializers.CharField(max_length=questions.MAX_QUESTION_LENGTH, required=False)
    number = serializers.IntegerField(
        min_value=1, required=False, help_text="The new position in the list (1 = first)."
    )


def _actor(request: Request) -> User:
    return request.user  # type: ignore[return-value]


class RoundQuestions(APIView):
    """The qualitative questions of a round; the secretariat adds them."""

    def get_permissions(self) -> list[Any]:
        perm = Perm.STATS_VIEW if self.request.method == "GET" else Perm.STATS_MANAGE
        return [HasPerm(perm)()]

    @extend_schema(responses=QuestionOut(many=True))
    def get(self, request: Request, year: int) -> Response:
        shown = access_round(_actor(request), year)
        return Response(QuestionOut(questions.questions_of(shown), many=True).data)

    @extend_schema(request=QuestionIn, responses={201: QuestionOut})
    def post(self, request: Request, year: int) -> Response:
        managed = access_round(_actor(request), year, perm=Perm.STATS_MANAGE)
        payload = QuestionIn(data=request.data)
        payload.is_valid(raise_exception=True)
        added = questions.round_question_add(
            actor=_actor(request),
            round=managed,
            theme=payload.validated_data["theme"],
            text=payload.validated_data["text"],
        )
        return Response(QuestionOut(added).data, status=status.HTTP_201_CREATED)


class RoundQuestionDetail(APIView):
    """Change (theme, text, position) or delete one question of a round."""

    permission_classes = [HasPerm(Perm.STATS_MANAGE)]

    def _question(self, request: Request, year: int, question_id: int) -> RoundQuestion:
        managed = access_round(_actor(request), year, perm=Perm.STATS_MANAGE)
        return get_object_or_404(
            RoundQuestion.objects.select_related("round"), round=managed, pk=question_id
        )

    @extend_schema(request=QuestionPatchIn, responses=QuestionOut)
    def patch(self, request: Request, year: int, question_id: int) -> Response:
        question = self._question(request, year, question_id)
        payload = QuestionPatchIn(data=request.data)
        payload.is_valid(raise_exception=True)
        given = payload.validated_data
        if "theme" in given or "text" in given:
            question = questions.round_question_update(
                actor=_actor(request),
                question=question,
                theme=given.get("theme", question.theme),
                text=given.get("text", question.text),
            )
        if "number" in given:
            question = questions.round_question_move(
                actor=_actor(request), question=question, number=given["number"]
            )
        return Response(QuestionOut(question).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, year: int, question_id: int) -> Response:
        question = self._question(request, year, question_id)
        questions.round_question_delete(actor=_actor(request), question=question)
        return Response(status=status.HTTP_204_NO_CONTENT)


# Methodology and answers ----------------------------------------------------------


def _methodology_field(kind: Kind, help_text: str) -> serializers.Field[Any, Any, Any, Any]:
    if kind == Kind.YES_NO:
        return serializers.ChoiceField(
            choices=list(YES_NO_CODES), required=False, help_text=help_text
        )
    return serializers.CharField(required=False, allow_blank=True, help_text=help_text)


class MethodologyIn(serializers.Serializer[Any]):
    """Every methodology field; one left out is stored empty ("unknown" for yes/no)."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {field.key: _methodology_field(field.kind, str(field.help)) for field in FIELDS}


class MethodologyOut(serializers.Serializer[Any]):
    version = serializers.IntegerField(allow_null=True)
    created = serializers.BooleanField(help_text="Whether this request stored a new version.")
    methodology = serializers.DictField(child=serializers.CharField())


class AnswerItem(serializers.Serializer[Any]):
    question = serializers.IntegerField(help_text="The question's id.")
    answer = serializers.CharField(allow_blank=True, max_length=editing.MAX_ANSWER_LENGTH)


class AnswerOut(AnswerItem):
    number = serializers.IntegerField()
    theme = serializers.CharField()
    text = serializers.CharField(help_text="The question.")


class AnswersIn(serializers.Serializer[Any]):
    """Every answer; a question left out is stored unanswered."""

    answers = AnswerItem(many=True)


class AnswersOut(serializers.Serializer[Any]):
    version = serializers.IntegerField(allow_null=True)
    created = serializers.BooleanField(help_text="Whether this request stored a new version.")
    answers = AnswerOut(many=True)


class FiguresRejected(serializers.Serializer[Any]):
    """The latest figures no longer pass the checks (e.g. after new code lists)."""

    # Named as in the JSON answer; this serializer only documents it, so the
    # clash with Serializer.errors never matters at run time.
    errors = serializers.ListField(child=serializers.DictField())  # type: ignore[assignment]


def _methodology_body(submission: Submission, result: SaveResult | None) -> dict[str, Any]:
    version = result.version if result is not None else submission.latest_version()
    return {
        "version": version.number if version is not None else None,
        "created": bool(result is not None and result.created),
        "methodology": dict(version.methodology) if version is not None else {},
    }


def _answers_body(submission: Submission, result: SaveResult | None) -> dict[str, Any]:
    version = result.version if result is not None else submission.latest_version()
    given = editing.answers_of(version)
    return {
        "version": version.number if version is not None else None,
        "created": bool(result is not None and result.created),
        "answers": [
            {
                "question": question.pk,
                "number": question.number,
                "theme": question.theme,
                "text": question.text,
                "answer": given.get(question.pk, ""),
            }
            for question in questions.questions_of(submission.round)
        ],
    }


def _rejected(result: SaveResult) -> Response:
    return Response(
        {"errors": [issue.as_dict() for issue in result.report.errors]},
        status=status.HTTP_400_BAD_REQUEST,
    )


class _SubmissionPart(APIView):
    def get_permissions(self) -> list[Any]:
        perm = Perm.STATS_VIEW if self.request.method == "GET" else Perm.STATS_SUBMIT
        return [HasPerm(perm)()]


class SubmissionMethodology(_SubmissionPart):
    """The methodology metadata of a submission's latest version."""

    @extend_schema(responses=MethodologyOut)
    def get(self, request: Request, pk: int) -> Response:
        submission = access_submission(_actor(request), pk)
        return Response(_methodology_body(submission, None))

    @extend_schema(request=MethodologyIn, responses={200: MethodologyOut, 400: FiguresRejected})
    def put(self, request: Request, pk: int) -> Response:
        submission = access_submission(_actor(request), pk, perm=Perm.STATS_SUBMIT)
        payload = MethodologyIn(data=request.data)
        payload.is_valid(raise_exception=True)
        result = editing.submission_methodology_save(
            actor=_actor(request), submission=submission, values=payload.validated_data
        )
        if not result.report.ok:
            return _rejected(result)
        return Response(_methodology_body(submission, result))


class SubmissionAnswers(_SubmissionPart):
    """The answers of a submission's latest version to the round's questions."""

    @extend_schema(responses=AnswersOut)
    def get(self, request: Request, pk: int) -> Response:
        submission = access_submission(_actor(request), pk)
        return Response(_answers_body(submission, None))

    @extend_schema(request=AnswersIn, responses={200: AnswersOut, 400: FiguresRejected})
    def put(self, request: Request, pk: int) -> Response:
        submission = access_submission(_actor(request), pk, perm=Perm.STATS_SUBMIT)
        payload = AnswersIn(data=request.data)
        payload.is_valid(raise_exception=True)
        given: dict[int, str] = {}
        for item in payload.validated_data["answers"]:
            given[item["question"]] = item["answer"]
        result = editing.submission_answers_save(
            actor=_actor(request), submission=submission, answers=given
        )
        if not result.report.ok:
            return _rejected(result)
        return Response(_answers_body(submission, result))


urlpatterns = [
    path(
        "statistics/rounds/<int:year>/questions/",
        RoundQuestions.as_view(),
        name="statistics-round-questions",
    ),
    path(
        "statistics/rounds/<int:year>/questions/<int:question_id>/",
        RoundQuestionDetail.as_view(),
        name="statistics-round-question",
    ),
    path(
        "statistics/submissions/<int:pk>/methodology/",
        SubmissionMethodology.as_view(),
        name="statistics-submission-methodology",
    ),
    path(
        "statistics/submissions/<int:pk>/answers/",
        SubmissionAnswers.as_view(),
        name="statistics-submission-answers",
    ),
]
