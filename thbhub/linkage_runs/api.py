"""REST API of linkage at the hub: the same selectors and services as the pages.

A country reading a run's pairs gets its own record ids and the other
country only (``PairView``); the overlap between all countries and the
de-duplicated count come with a run for the secretariat only.
"""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thbhub.access.permissions import Perm
from thbhub.accounts.models import User
from thbhub.core.api_access import HasPerm
from thbhub.core.concurrency import EditConflictError
from thbhub.linkage.linking import DEFAULT_THRESHOLD
from thbhub.linkage_runs import services
from thbhub.linkage_runs.models import (
    Decision,
    EncodingUpload,
    Engine,
    LinkageRun,
    LinkedPair,
    RunStatus,
)
from thbhub.linkage_runs.results import after_review, by_year
from thbhub.linkage_runs.selectors import (
    access_pair,
    access_run,
    comparability_warnings,
    pair_view,
    pairs_visible_to,
    record_pairs_read,
    review_counts,
    run_pair_facts,
    runs_visible_to,
    sees_whole_run,
    uploads_visible_to,
)


class UploadOut(serializers.ModelSerializer[EncodingUpload]):
    country = serializers.CharField(source="country_id")
    uploaded_by = serializers.CharField(source="uploaded_by.username")

    class Meta:
        model = EncodingUpload
        fields = [
            "id",
            "country",
            "key_id",
            "scheme",
            "records",
            "years",
            "filename",
            "uploaded_by",
            "uploaded_at",
        ]


class UploadCreatedOut(UploadOut):
    # What a run would refuse later (another key or scheme than the other
    # countries' latest uploads); empty when the upload can be linked.
    warnings = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta(UploadOut.Meta):
        fields = [*UploadOut.Meta.fields, "warnings"]


class EncodingUploadIn(serializers.Serializer[Any]):
    file = serializers.FileField()


class RunOut(serializers.ModelSerializer[LinkageRun]):
    job = serializers.UUIDField(source="job_id", allow_null=True)

    class Meta:
        model = LinkageRun
        fields = [
            "id",
            "countries",
            "key_id",
            "threshold",
            "engine",
            "status",
            "job",
            "created_at",
            "finished_at",
        ]


class RunIn(serializers.Serializer[Any]):
    countries = serializers.ListField(child=serializers.CharField(max_length=2), min_length=1)
    threshold = serializers.DecimalField(
        max_digits=4, decimal_places=3, required=False, default=Decimal(str(DEFAULT_THRESHOLD))
    )
    engine = serializers.ChoiceField(choices=Engine.choices, default=Engine.EMBEDDED)


class PairOut(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    number = serializers.IntegerField()
    cluster_id = serializers.CharField()
    score = serializers.FloatField()
    own_records = serializers.ListField(child=serializers.CharField())
    own_years = serializers.ListField(child=serializers.CharField())
    other_country = serializers.CharField()
    decision = serializers.CharField()
    comment = serializers.CharField()
    version = serializers.IntegerField()


class PairReviewIn(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=Decision.choices)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    version = serializers.IntegerField(min_value=0, default=0)


class RecordIn(serializers.Serializer[Any]):
    year = serializers.IntegerField(min_value=2000)


def _user(request: Request) -> User:
    return request.user  # type: ignore[return-value]


class UploadList(ListAPIView[EncodingUpload]):
    """Encodings uploads within your reach (GET), or a new upload (POST, multipart `file`)."""

    serializer_class = UploadOut
    permission_classes = [HasPerm(Perm.LINKAGE_UPLOAD)]
    parser_classes = [MultiPartParser]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return uploads_visible_to(_user(self.request))

    @extend_schema(request=EncodingUploadIn, responses={201: UploadCreatedOut})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = EncodingUploadIn(data=request.data)
        payload.is_valid(raise_exception=True)
        upload_file = payload.validated_data["file"]
        upload = services.encodings_upload(
            actor=_user(request), data=upload_file.read(), filename=upload_file.name
        )
        body = dict(UploadOut(upload).data)
        body["warnings"] = comparability_warnings(upload)
        return Response(body, status=status.HTTP_201_CREATED)


def _run_body(user: User, run: LinkageRun) -> dict[str, Any]:
    body: dict[str, Any] = dict(RunOut(run).data)
    if sees_whole_run(user) and run.status == RunStatus.SUCCEEDED:
        facts = run_pair_facts(user, run)
        years: dict[str, int] = {}
        for upload in run.uploads.all():
            for year, count in upload.years.items():
                years[year] = years.get(year, 0) + count
        reviewed = after_review(
            total=run.total,
            pairs=facts,
            threshold=float(run.threshold),
            margin=float(run.uncertain_margin),
            low_before=run.deduplicated_low,
            deduplicated_before=run.deduplicated,
        )
        body["results"] = {
            "records": run.records,
            "total": run.total,
            "deduplicated": run.deduplicated,
            "deduplicated_low": run.deduplicated_low,
            "deduplicated_high": run.deduplicated_high,
            "overlap": run.overlap,
            "reviewed": asdict(reviewed),
            "reviews": review_counts(run),
            "by_year": [asdict(row) for row in by_year(years, facts)],
            "seconds": run.seconds,
        }
    return body


class RunList(ListAPIView[LinkageRun]):
    """Linkage runs within your reach (GET), or a new run (POST; secretariat)."""

    serializer_class = RunOut
    permission_classes = [HasPerm(Perm.LINKAGE_VIEW)]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return runs_visible_to(_user(self.request))

    @extend_schema(request=RunIn, responses={202: RunOut})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = RunIn(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        run = services.linkage_run_start(
            actor=_user(request),
            countries=data["countries"],
            threshold=data["threshold"],
            engine=data["engine"],
        )
        run.refresh_from_db()
        return Response(RunOut(run).data, status=status.HTTP_202_ACCEPTED)


class RunDetail(APIView):
    """One run; with its results (overlap, de-duplicated count, by year) for the secretariat."""

    permission_classes = [HasPerm(Perm.LINKAGE_VIEW)]

    @extend_schema(responses=RunOut)
    def get(self, request: Request, pk: int) -> Response:
        user = _user(request)
        return Response(_run_body(user, access_run(user, pk)))


class PairList(ListAPIView[LinkedPair]):
    """The run's pairs involving your country's records: your record ids, the other country."""

    serializer_class = PairOut
    permission_classes = [HasPerm(Perm.LINKAGE_PAIRS)]

    def get_queryset(self) -> QuerySet[LinkedPair]:
        user = _user(self.request)
        return pairs_visible_to(user, access_run(user, self.kwargs["pk"]))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = _user(request)
        run = access_run(user, kwargs["pk"])
        page = self.paginate_queryset(pairs_visible_to(user, run))
        views = [pair_view(user, pair) for pair in page or []]
        record_pairs_read(user, run, len(views))
        return self.get_paginated_response(PairOut(views, many=True).data)


class PairReviewView(APIView):
    """Your country's decision on a pair: confirmed, rejected or unsure."""

    permission_classes = [HasPerm(Perm.LINKAGE_REVIEW)]

    @extend_schema(request=PairReviewIn, responses={200: PairOut, 409: None})
    def put(self, request: Request, pk: int) -> Response:
        user = _user(request)
        pair = access_pair(user, pk)
        payload = PairReviewIn(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        try:
            services.pair_review(
                actor=user,
                pair=pair,
                decision=data["decision"],
                comment=data["comment"],
                expected_version=data["version"],
            )
        except EditConflictError as conflict:
            return Response({"detail": str(conflict)}, status=status.HTTP_409_CONFLICT)
        fresh = pairs_visible_to(user, pair.run).get(pk=pair.pk)
        return Response(PairOut(pair_view(user, fresh)).data)


class RunRecord(APIView):
    """Record the run, reviews applied, as a year's linkage result of the statistics."""

    permission_classes = [HasPerm(Perm.LINKAGE_RUN)]

    @extend_schema(request=RecordIn, responses={201: None})
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        run = access_run(user, pk)
        payload = RecordIn(data=request.data)
        payload.is_valid(raise_exception=True)
        result = services.linkage_run_record(
            actor=user, run=run, year=payload.validated_data["year"]
        )
        return Response(
            {
                "linkage_result": result.pk,
                "year": result.year,
                "duplicates": result.duplicates,
                "duplicates_low": result.duplicates_low,
                "duplicates_high": result.duplicates_high,
            },
            status=status.HTTP_201_CREATED,
        )


urlpatterns = [
    path("linkage/uploads/", UploadList.as_view(), name="linkage_uploads"),
    path("linkage/runs/", RunList.as_view(), name="linkage_runs"),
    path("linkage/runs/<int:pk>/", RunDetail.as_view(), name="linkage_run"),
    path("linkage/runs/<int:pk>/pairs/", PairList.as_view(), name="linkage_pairs"),
    path("linkage/runs/<int:pk>/record/", RunRecord.as_view(), name="linkage_run_record"),
    path("linkage/pairs/<int:pk>/review/", PairReviewView.as_view(), name="linkage_pair_review"),
]
