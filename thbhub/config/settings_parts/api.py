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
    },
}
