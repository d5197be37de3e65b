from django.urls import include, path

from thbhub.core.views import health, language_switch

urlpatterns = [
    path("", include("thbhub.core.urls")),
    path("accounts/", include("thbhub.accounts.urls")),
    path("directory/", include("thbhub.directory.urls")),
    path("statistics/", include("thbhub.statistics.urls")),
    path("cases/", include("thbhub.cases.urls")),
    path("nrm/", include("thbhub.nrm.urls")),
    path("referrals/", include("thbhub.referrals.urls")),
    path("recommendations/", include("thbhub.recommendations.urls")),
    path("linkage/", include("thbhub.linkage_runs.urls")),
    path("network/", include("thbhub.network.urls")),
    path("consultations/", include("thbhub.consultations.urls")),
    # Respondents of consultations: a short prefix, easy to type from a printed card.
    path("c/", include("thbhub.consultations.respondent_urls")),
    path("reference/", include("thbhub.reference.urls")),
    path("audit/", include("thbhub.audit.urls")),
    path("jobs/", include("thbhub.jobs.urls")),
    path("api/", include("thbhub.config.api_urls")),
    path("i18n/setlang/", language_switch, name="set_language"),
    path("health", health, name="health"),
]
