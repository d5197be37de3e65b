"""CappedPaginator: bounded counting, the pages it reaches, one query for a short list."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thbhub.core.paging import CappedPaginator
from thbhub.reference.models import Country

pytestmark = pytest.mark.django_db


def test_a_list_on_one_page_is_read_in_one_query_without_counting() -> None:
    members = Country.objects.filter(network_member=True).order_by("code")
    paginator = CappedPaginator(members, 25, cap=100)

    with CaptureQueriesContext(connection) as queries:
        page = paginator.get_page(None)
        codes = [country.code for country in page]
        assert paginator.count == len(codes) == 11
        assert not paginator.capped
        assert not page.has_next()

    assert len(queries.captured_queries) == 1
    assert "COUNT(" not in queries.captured_queries[0]["sql"].upper()
    assert codes == sorted(codes)


def test_a_long_list_is_counted_up_to_the_cap_and_no_further() -> None:
    countries = Country.objects.order_by("code")
    assert countries.count() > 30
    paginator = CappedPaginator(countries, 10, cap=30)

    first = paginator.get_page("1")

    assert paginator.capped
    assert paginator.count == 30
    assert paginator.num_pages == 3
    assert first.has_next()
    assert [country.code for country in first] == list(
        countries.values_list("code", flat=True)[:10]
    )
    # The count reads one row more than the cap to know there are more.
    with CaptureQueriesContext(connection) as queries:
        CappedPaginator(countries, 10, cap=30).count  # noqa: B018 — the count is the query
    assert "LIMIT 31" in queries.captured_queries[0]["sql"].upper()


def test_a_page_beyond_the_cap_gives_the_last_reachable_one() -> None:
    countries = Country.objects.order_by("code")
    codes = list(countries.values_list("code", flat=True))

    last = CappedPaginator(countries, 10, cap=30).get_page("1000")

    assert last.number == 3
    assert not last.has_next()
    assert [country.code for country in last] == codes[20:30]


@pytest.mark.parametrize("number", ["", "x", "0", "-3", "2.5", None])
def test_anything_but_a_page_number_gives_the_first_page(number: object) -> None:
    countries = Country.objects.order_by("code")

    page = CappedPaginator(countries, 10, cap=30).get_page(number)

    assert page.number == 1
    assert [country.code for country in page] == list(countries.values_list("code", flat=True)[:10])


def test_a_cap_below_one_page_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one page"):
        CappedPaginator(Country.objects.all(), 25, cap=10)
