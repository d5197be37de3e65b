"""REST API to follow background jobs."""

from __future__ import annotations

from django.urls import path
from rest_framework import serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView

from thbhub.access.permissions import Perm
from thbhub.core.api_access import HasPerm
from thbhub.jobs.models import Job
from thbhub.jobs.selectors import access_job, jobs_visible_to


class JobOut(serializers.ModelSerializer[Job]):
    percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "title",
            "status",
            "done",
            "total",
            "percent",
            "message",
            "result",
            "created_at",
            "started_at",
            "finished_at",
        ]


class JobList(ListAPIView[Job]):
    serializer_class = JobOut
    permission_classes = [HasPerm(Perm.JOBS_VIEW)]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return jobs_visible_to(self.request.user)  # type: ignore[arg-type]


class JobDetail(RetrieveAPIView[Job]):
    serializer_class = JobOut
    permission_classes = [HasPerm(Perm.JOBS_VIEW)]

    def get_object(self) -> Job:
        return access_job(self.request.user, self.kwargs["pk"])  # type: ignore[arg-type]


urlpatterns = [
    path("jobs/", JobList.as_view(), name="jobs"),
    path("jobs/<str:pk>/", JobDetail.as_view(), name="job"),
]
