"""Version 1 of the REST API and its OpenAPI documentation."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.permissions import AllowAny

urlpatterns = [
    path(
        "v1/",
        include(
            (
                [
                    path("", include("thbhub.reference.api")),
                    path("", include("thbhub.directory.api")),
                    path("", include("thbhub.statistics.api")),
                    path("", include("thbhub.cases.api")),
                    path("", include("thbhub.nrm.api")),
                    path("", include("thbhub.referrals.api")),
                    path("", include("thbhub.recommendations.api")),
                    path("", include("thbhub.linkage_runs.api")),
                    path("network/", include("thbhub.network.api")),
                    path("", include("thbhub.consultations.api")),
                    path("", include("thbhub.audit.api")),
                    path("", include("thbhub.jobs.api")),
                    # The schema describes endpoints, never data: readable without an account
                    # so that partners can plan an integration.
                    path(
                        "schema/",
                        SpectacularAPIView.as_view(permission_classes=[AllowAny]),
                        name="schema",
                    ),
                ],
                "v1",
            ),
            namespace="v1",
        ),
    ),
    path(
        "v1/docs/",
        SpectacularSwaggerView.as_view(url_name="v1:schema", permission_classes=[AllowAny]),
        name="api-docs",
    ),
]
