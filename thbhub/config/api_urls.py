"""Version 1 of the REST API and its OpenAPI documentation."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path(
        "v1/",
        include(
            (
                [
                    path("", include("thbhub.reference.api")),
                    path("", include("thbhub.directory.api")),
                    path("", include("thbhub.audit.api")),
                    path("", include("thbhub.jobs.api")),
                    path("schema/", SpectacularAPIView.as_view(), name="schema"),
                ],
                "v1",
            ),
            namespace="v1",
        ),
    ),
    path("v1/docs/", SpectacularSwaggerView.as_view(url_name="v1:schema"), name="api-docs"),
]
