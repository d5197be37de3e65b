"""The case list, the case page and the API list query a fixed number of times."""

from __future__ import annotations

from django.test import Client

from tests.cases.conftest import open_case
from tests.core.test_query_counts import count_queries
from thbhub.accounts.services import api_token_create


def test_the_case_list_does_not_query_per_case(client_for, worker) -> None:
    client = client_for("rs.caseworker")
    few = count_queries(client, "/cases/?child=yes")
    for _ in range(5):
        open_case(worker)
    many = count_queries(client, "/cases/?state=all")
    assert few == many
    assert many <= 12


def test_a_name_search_does_not_query_per_case(client_for, worker) -> None:
    client = client_for("rs.caseworker")
    open_case(worker, given="Ana", family="Brojić")
    one = count_queries(client, "/cases/?query=Brojić&state=all")
    for _ in range(4):
        open_case(worker, given="Ana", family="Brojić")
    five = count_queries(client, "/cases/?query=Ana+Brojić&state=all")
    assert one == five


def test_the_api_list_does_not_query_per_case(worker) -> None:
    _token, key = api_token_create(actor=worker, name="count")
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    few = count_queries(client, "/api/v1/cases/?child=true")
    many = count_queries(client, "/api/v1/cases/")
    assert few == many
    assert many <= 8
