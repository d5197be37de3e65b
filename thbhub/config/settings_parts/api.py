"""The REST API and its OpenAPI schema."""

from __future__ import annotations

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "thbhub.accounts.api_authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.NamespaceVersioning",
    "ALLOWED_VERSIONS": ["v1"],
    "DEFAULT_VERSION": "v1",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": "2000/hour"},
    "EXCEPTION_HANDLER": "thbhub.core.api.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "THB Hub API",
    "DESCRIPTION": (
        "Reference data, the joint List of Contacts, the audit log and background jobs "
        "of THB Hub. Every endpoint applies the same country and agency scope as the web "
        "pages. Authenticate with `Authorization: Token <key>`; create a key on your "
        "account page."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "status"; each code list gets its own name.
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "thbhub.cases.codes.CaseStatus",
        # Methodology's yes/no/unknown answers, shared by several fields.
        "YesNoUnknownEnum": "thbhub.statistics.methodology.YES_NO_CODES",
        # Code lists whose fields share a name ("kind", "status"...) across modules.
        "ResidencePermitTypeEnum": "thbhub.cases.codes.ResidencePermitType",
        "InclusionKindEnum": "thbhub.cases.codes.InclusionKind",
        "ProceedingKindEnum": "thbhub.cases.codes.ProceedingKind",
        "ProceedingOutcomeEnum": "thbhub.cases.codes.ProceedingOutcome",
        "ProceedingStageEnum": "thbhub.cases.codes.ProceedingStage",
        "ReviewOutcomeEnum": "thbhub.cases.codes.ReviewOutcome",
        "RouteStageEnum": "thbhub.cases.codes.RouteStage",
        "ReferralKindEnum": "thbhub.referrals.codes.ReferralKind",
        "ReferralStatusEnum": "thbhub.referrals.codes.ReferralStatus",
        "StrategyKindEnum": "thbhub.network.models.StrategyKind",
        "QuestionKindEnum": "thbhub.consultations.models.QuestionKind",
        "InstitutionTypeEnum": "thbhub.directory.models.InstitutionType",
        # Background jobs and linkage runs move through the same states.
        "JobStatusEnum": "thbhub.jobs.models.JobStatus",
        "ImplementationStatusEnum": "thbhub.recommendations.codes.ImplementationStatus",
        # Rounds and review cycles are open or closed.
        "OpenClosedEnum": "thbhub.statistics.models.RoundStatus",
    },
}
