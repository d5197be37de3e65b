"""REST API of questionnaire rounds and national submissions."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thbhub.access.permissions import Perm
from thbhub.accounts.models import User
from thbhub.core.api_access import HasPerm
from thbhub.statistics import (
    api_indicators,
    api_published,
    api_questionnaire,
    api_round_follow_up,
    services,
    workbook,
)
from thbhub.statistics.models import Round, Submission, SubmissionVersion
from thbhub.statistics.selectors import (
    access_submission,
    rounds_visible_to,
    submission_for,
    submissions_visible_to,
)
from thbhub.statistics.standard import ValidationReport
from thbhub.statistics.workbook import XLSX_CONTENT_TYPE


class RoundOut(serializers.ModelSerializer[Round]):
    members = serializers.SlugRelatedField[Any](many=True, read_only=True, slug_field="code")
    submitted = serializers.IntegerField(source="submitted_count", read_only=True)

    class Meta:
        model = Round
        fields = ["year", "deadline", "status", "members", "submitted", "opened_at"]


class VersionOut(serializers.ModelSerializer[SubmissionVersion]):
    uploaded_by = serializers.CharField(source="uploaded_by.username")

    class Meta:
        model = SubmissionVersion
        fields = [
            "number",
            "uploaded_by",
            "uploaded_at",
            "source_name",
            "interface",
            "codelist_version",
            "error_count",
            "warning_count",
        ]


class SubmissionOut(serializers.ModelSerializer[Submission]):
    round = serializers.IntegerField(source="round.year")
    country = serializers.CharField(source="country_id")
    versions = serializers.IntegerField(source="version_count", read_only=True)

    class Meta:
        model = Submission
        fields = ["id", "round", "country", "status", "comment", "versions", "updated_at"]


class IssueOut(serializers.Serializer[Any]):
    severity = serializers.CharField()
    sheet = serializers.CharField()
    row = serializers.IntegerField()
    column = serializers.CharField()
    value = serializers.CharField()
    message = serializers.CharField()
    rule = serializers.CharField()
    rows = serializers.ListField(child=serializers.IntegerField())


class ReportOut(serializers.Serializer[Any]):
    ok = serializers.BooleanField()
    rows = serializers.IntegerField()
    version = VersionOut(allow_null=True)
    # Named as in the JSON answer; this serializer only documents it, so the
    # clash with Serializer.errors never matters at run time.
    errors = IssueOut(many=True)  # type: ignore[assignment]
    warnings = IssueOut(many=True)
    infos = IssueOut(many=True)


class UploadIn(serializers.Serializer[Any]):
    file = serializers.FileField(
        help_text="A CSV file in the 6.1 standard, or the filled questionnaire template (.xlsx)."
    )


def report_body(report: ValidationReport, version: SubmissionVersion | None) -> dict[str, Any]:
    return {
        "ok": report.ok,
        "rows": len(report.observations) if report.ok else 0,
        "version": VersionOut(version).data if version is not None else None,
        "errors": [issue.as_dict() for issue in report.errors],
        "warnings": [issue.as_dict() for issue in report.warnings],
        "infos": [issue.as_dict() for issue in report.infos],
    }


class RoundList(APIView):
    permission_classes = [HasPerm(Perm.STATS_VIEW)]

    @extend_schema(responses=RoundOut(many=True))
    def get(self, request: Request) -> Response:
        rounds = rounds_visible_to(request.user).prefetch_related("members")  # type: ignore[arg-type]
        return Response(RoundOut(rounds, many=True).data)


class SubmissionList(APIView):
    permission_classes = [HasPerm(Perm.STATS_VIEW)]

    @extend_schema(
        responses=SubmissionOut(many=True),
        parameters=[OpenApiParameter("round", int, required=False)],
    )
    def get(self, request: Request) -> Response:
        year = request.query_params.get("round", "")
        if year and not year.isdigit():
            return Response({"round": "Give the reference year as four digits, e.g. 2022."}, 400)
        queryset = submissions_visible_to(request.user, round_year=int(year) if year else None)  # type: ignore[arg-type]
        return Response(SubmissionOut(queryset, many=True).data)


class SubmissionCsv(APIView):
    """Upload a 6.1 CSV or the filled questionnaire workbook (.xlsx) as a new
    version. With any error nothing is stored and the answer is 400 with every
    error (file or sheet, row, column, value, message)."""

    permission_classes = [HasPerm(Perm.STATS_SUBMIT)]
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": UploadIn}, responses={201: ReportOut, 400: ReportOut}
    )
    def post(self, request: Request, round_year: int, country: str) -> Response:
        submission = submission_for(
            request.user,  # type: ignore[arg-type]
            round_year=round_year,
            country=country,
            perm=Perm.STATS_SUBMIT,
        )
        payload = UploadIn(data=request.data)
        payload.is_valid(raise_exception=True)
        upload = payload.validated_data["file"]
        result = services.submission_upload_file(
            actor=request.user,  # type: ignore[arg-type]
            round=submission.round,
            country_id=submission.country_id,
            data=upload.read(),
            filename=upload.name,
        )
        answer = status.HTTP_201_CREATED if result.version is not None else 400
        return Response(report_body(result.report, result.version), status=answer)


class SubmissionTemplate(APIView):
    """The questionnaire workbook (.xlsx) of a submission, pre-filled with its
    latest version; fill it and upload it to the submission's upload endpoint."""

    permission_classes = [HasPerm(Perm.STATS_SUBMIT)]

    @extend_schema(responses={(200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY})
    def get(self, request: Request, pk: int) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        submission = access_submission(user, pk, perm=Perm.STATS_SUBMIT)
        content, filename = workbook.submission_template(actor=user, submission=submission)
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


urlpatterns = [
    path("statistics/rounds/", RoundList.as_view(), name="statistics-rounds"),
    path("statistics/submissions/", SubmissionList.as_view(), name="statistics-submissions"),
    path(
        "statistics/submissions/<int:round_year>/<str:country>/csv",
        SubmissionCsv.as_view(),
        name="statistics-submission-csv",
    ),
    path(
        "statistics/submissions/<int:pk>/template/",
        SubmissionTemplate.as_view(),
        name="statistics-submission-template",
    ),
    *api_questionnaire.urlpatterns,
    *api_indicators.urlpatterns,
    *api_round_follow_up.urlpatterns,
    *api_published.urlpatterns,
]
