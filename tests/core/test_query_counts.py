"""Pages and API lists answer in a fixed number of queries, however many rows."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from thbhub.accounts.services import api_token_create


def count_queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_directory_page_does_not_query_per_contact(client_for) -> None:
    client = client_for("rs.coordinator")
    # 11 coordination-body contacts against a full page of 50.
    few = count_queries(client, "/directory/?kind=coordination_body")
    many = count_queries(client, "/directory/")
    assert few == many
    assert many <= 12


def test_contacts_api_does_not_query_per_contact(users) -> None:
    _token, key = api_token_create(actor=users["rs.coordinator"], name="count")
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    few = count_queries(client, "/api/v1/contacts/?country=RS")
    many = count_queries(client, "/api/v1/contacts/")
    assert few == many
    assert many <= 8


def test_audit_page_does_not_query_per_event(client_for) -> None:
    client = client_for("secretariat")
    client.get("/directory/contacts/1/")
    first = count_queries(client, "/audit/")
    for _ in range(20):
        client.get("/directory/contacts/1/")
    assert count_queries(client, "/audit/") == first
