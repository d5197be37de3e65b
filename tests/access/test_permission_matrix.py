"""Every endpoint requested as every role, and anonymously.

The expectations are written out by hand in ``matrix_endpoints``, not
derived from the permission table, so that a wrong entry in the table fails
this test. Adding a URL without adding it there fails
``test_every_url_is_in_the_matrix``.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.access.matrix import (
    ANON,
    ROLES,
    Endpoint,
    Fixtures,
    build_fixtures,
    client_as,
    contact_payload,
)
from tests.access.matrix_endpoints import ENDPOINTS
from thbhub.accounts.models import User
from thbhub.accounts.services import api_token_create
from thbhub.directory.models import ContactPerson, Institution


@pytest.fixture
def fixtures(users) -> Fixtures:  # type: ignore[no-untyped-def]
    return build_fixtures(users)


def _case_id(case: tuple[Endpoint, str]) -> str:
    endpoint, role = case
    return f"{endpoint.method.upper()} {endpoint.name} as {role}"


CASES = [(endpoint, role) for endpoint in ENDPOINTS for role in ROLES]


@pytest.mark.parametrize("case", CASES, ids=[_case_id(case) for case in CASES])
def test_endpoint_answers_each_role_as_expected(case, fixtures) -> None:  # type: ignore[no-untyped-def]
    endpoint, role = case
    client = client_as(role, api_call=endpoint.api)
    path = endpoint.path(fixtures) if callable(endpoint.path) else endpoint.path
    data = endpoint.data(fixtures) if endpoint.data else {}
    request = getattr(client, endpoint.method)
    if endpoint.content_type:
        response = request(path, data=data, content_type=endpoint.content_type)
    else:
        response = request(path, data=data)
    expected = endpoint.expected[role]
    assert response.status_code == expected, (
        f"{endpoint.method.upper()} {path} as {role}: got {response.status_code}, "
        f"expected {expected}: {response.content[:300]!r}"
    )
    if (
        role == ANON
        and expected == 302
        and endpoint.name
        not in {"accounts:second_factor", "accounts:enrol", "accounts:logout", "set_language"}
    ):
        assert response["Location"].startswith("/accounts/login/")


def _names(resolvers: list[URLPattern | URLResolver], prefix: str = "") -> set[str]:
    names: set[str] = set()
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= _names(entry.url_patterns, namespace)
        elif entry.name:
            names.add(f"{prefix}{entry.name}")
    return names


def test_every_url_is_in_the_matrix() -> None:
    covered = {endpoint.name for endpoint in ENDPOINTS}
    missing = _names(get_resolver().url_patterns) - covered
    assert not missing, f"Add these URLs to the permission matrix: {sorted(missing)}"


# A forged or mistaken id of another country's object: 404, never the object.


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/directory/contacts/{contact}/edit/", "get"),
        ("/directory/contacts/{contact}/edit/", "post"),
        ("/directory/contacts/{contact}/verify/", "post"),
        ("/directory/institutions/{institution}/edit/", "get"),
        ("/jobs/{job}/", "get"),
        ("/api/v1/jobs/{job}/", "get"),
        ("/accounts/users/{account}/", "get"),
        ("/accounts/users/{account}/reset-password/", "post"),
        ("/statistics/submissions/{submission}/", "get"),
        ("/statistics/submissions/{submission}/upload/", "post"),
        ("/statistics/submissions/{submission}/versions/1/", "get"),
        ("/statistics/submissions/{submission}/template/", "get"),
        ("/statistics/submissions/{submission}/methodology/", "get"),
        ("/statistics/submissions/{submission}/methodology/", "post"),
        ("/statistics/submissions/{submission}/answers/", "post"),
        ("/statistics/submissions/{submission}/tables/victims_identified_in/", "post"),
        ("/api/v1/statistics/submissions/{submission}/answers/", "get"),
    ],
)
def test_another_countrys_object_is_not_found(path, method, fixtures, users) -> None:  # type: ignore[no-untyped-def]
    from thbhub.audit.models import AuditEvent

    client = Client()
    client.force_login(users["al.coordinator"])
    url = path.format(
        contact=fixtures.contact.pk,
        institution=fixtures.institution.pk,
        job=fixtures.job.pk,
        account=fixtures.account.pk,
        submission=fixtures.submission.pk,
    )
    password_before = User.objects.get(pk=fixtures.account.pk).password
    before = ContactPerson.objects.get(pk=fixtures.contact.pk)
    response = getattr(client, method)(url, data={"given_name": "Changed", "version": 1})
    assert response.status_code == 404
    body = response.content.decode()
    assert fixtures.contact.family_name not in body
    assert "within your country" in body or response["Content-Type"].startswith("application/json")
    after = ContactPerson.objects.get(pk=fixtures.contact.pk)
    assert (after.given_name, after.version, after.last_verified) == (
        before.given_name,
        before.version,
        before.last_verified,
    )
    assert User.objects.get(pk=fixtures.account.pk).password == password_before
    refused = AuditEvent.objects.filter(action="access.refused", actor_username="al.coordinator")
    assert refused.exists()


def test_api_put_of_another_countrys_contact_is_not_found(fixtures, users) -> None:  # type: ignore[no-untyped-def]
    _token, key = api_token_create(actor=users["al.coordinator"], name="forged")
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.put(
        f"/api/v1/contacts/{fixtures.contact.pk}/",
        data=contact_payload(fixtures),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert (
        ContactPerson.objects.get(pk=fixtures.contact.pk).family_name
        == fixtures.contact.family_name
    )


def test_coordinator_cannot_create_in_another_country(users) -> None:  # type: ignore[no-untyped-def]
    _token, key = api_token_create(actor=users["al.coordinator"], name="forged")
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.post(
        "/api/v1/institutions/",
        data={"country": "RS", "name": "Fake", "kind": "police"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Institution.objects.filter(name="Fake").exists()
