from django.urls import include, path

from thbhub.core.views import health, language_switch

urlpatterns = [
    path("", include("thbhub.core.urls")),
    path("accounts/", include("thbhub.accounts.urls")),
    path("directory/", include("thbhub.directory.urls")),
    path("statistics/", include("thbhub.statistics.urls")),
    path("cases/", include("thbhub.cases.urls")),
    path("reference/", include("thbhub.reference.urls")),
    path("audit/", include("thbhub.audit.urls")),
    path("jobs/", include("thbhub.jobs.urls")),
    path("api/", include("thbhub.config.api_urls")),
    path("i18n/setlang/", language_switch, name="set_language"),
    path("health", health, name="health"),
]
