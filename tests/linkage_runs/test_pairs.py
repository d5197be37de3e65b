"""Each country sees only the pairs involving its records, never the other
country's record id; its reviews are its own; the list has a query bound."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.linkage_runs.builders import finished_run
from thbhub.audit.models import AuditEvent
from thbhub.linkage_runs.models import LinkedPair, PairReview
from thbhub.linkage_runs.selectors import pairs_visible_to

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_linkage_yet")]


@pytest.fixture
def run(users):
    return finished_run(users["secretariat"], users["rs.statistician"])


def test_a_country_sees_only_pairs_involving_it(run, client_for, users) -> None:
    rs_page = client_for("rs.coordinator").get(f"/linkage/runs/{run.pk}/").content.decode()
    assert "RS-SECRET-1" in rs_page
    assert "AL-1" not in rs_page  # the other country's record id
    assert "AL-2" not in rs_page and "AL-3" not in rs_page  # Albania's own duplicates
    assert [p.number for p in pairs_visible_to(users["rs.coordinator"], run)] == [1]
    al_page = client_for("al.coordinator").get(f"/linkage/runs/{run.pk}/").content.decode()
    assert "AL-1" in al_page and "AL-2" in al_page and "AL-3" in al_page
    assert "RS-SECRET-1" not in al_page
    # A country outside the run does not even find it.
    assert client_for("me.coordinator").get(f"/linkage/runs/{run.pk}/").status_code == 404
    assert AuditEvent.objects.filter(
        action="linkage.pairs.read", actor_username="rs.coordinator"
    ).exists()


def test_the_secretariat_sees_counts_not_pairs(run, client_for) -> None:
    page = client_for("secretariat").get(f"/linkage/runs/{run.pk}/").content.decode()
    assert 'id="overlap"' in page
    assert "RS-SECRET-1" not in page and "AL-1" not in page
    assert client_for("secretariat").get(f"/api/v1/linkage/runs/{run.pk}/pairs/").status_code == 403


def test_a_forged_pair_id_is_not_found_and_changes_nothing(run, client_for) -> None:
    albania_only = LinkedPair.objects.get(run=run, number=2)
    response = client_for("rs.coordinator").post(
        f"/linkage/pairs/{albania_only.pk}/review/", {"decision": "rejected", "version": 0}
    )
    assert response.status_code == 404
    assert not PairReview.objects.exists()
    assert AuditEvent.objects.filter(
        action="access.refused", actor_username="rs.coordinator"
    ).exists()


def test_each_country_reviews_for_itself(run, client_for) -> None:
    pair = LinkedPair.objects.get(run=run, number=1)
    client_for("rs.statistician").post(
        f"/linkage/pairs/{pair.pk}/review/", {"decision": "confirmed", "comment": "", "version": 0}
    )
    client_for("al.coordinator").post(
        f"/linkage/pairs/{pair.pk}/review/", {"decision": "unsure", "comment": "", "version": 0}
    )
    verdicts = dict(PairReview.objects.values_list("country_id", "decision"))
    assert verdicts == {"RS": "confirmed", "AL": "unsure"}
    # A second RS reviewer who read the page before the first one saved: refused.
    response = client_for("rs.coordinator").post(
        f"/linkage/pairs/{pair.pk}/review/", {"decision": "rejected", "version": 0}, follow=True
    )
    assert "meanwhile" in response.content.decode()
    assert PairReview.objects.get(country="RS").decision == "confirmed"
    rs_review = PairReview.objects.get(country="RS")
    client_for("rs.coordinator").post(
        f"/linkage/pairs/{pair.pk}/review/",
        {"decision": "rejected", "comment": "checked", "version": rs_review.version},
    )
    assert PairReview.objects.get(country="RS").decision == "rejected"
    # The rapporteur reads, but does not decide.
    page = client_for("rs.rapporteur").get(f"/linkage/runs/{run.pk}/").content.decode()
    assert "Not the same person" in page and "checked" in page
    assert (
        client_for("rs.rapporteur")
        .post(f"/linkage/pairs/{pair.pk}/review/", {"decision": "confirmed", "version": 2})
        .status_code
        == 403
    )


def test_rejected_pairs_stay_out_of_the_recorded_result(run, users) -> None:
    from thbhub.linkage_runs.services import linkage_run_record, pair_review

    before = linkage_run_record(actor=users["secretariat"], run=run, year=2024)
    assert (before.duplicates, before.overlap) == (1, {"AL": {"RS": 1}})
    pair = LinkedPair.objects.get(run=run, number=1)
    pair_review(actor=users["al.statistician"], pair=pair, decision="rejected")
    after = linkage_run_record(actor=users["secretariat"], run=run, year=2024)
    # Only Albania's own duplicate is left: no victim counted by two members.
    assert (after.duplicates, after.overlap) == (0, {})
    with pytest.raises(ValidationError, match="nothing to record for 2023"):
        linkage_run_record(actor=users["secretariat"], run=run, year=2023)


def test_pairs_list_has_a_query_bound(run, client_for, django_assert_max_num_queries) -> None:
    LinkedPair.objects.bulk_create(
        LinkedPair(
            run=run, number=number, cluster_id=f"C{number:06d}", country_a_id="AL",
            record_id_a=f"AL-x{number}", year_a="2024", country_b_id="RS",
            record_id_b=f"RS-x{number}", year_b="2024", score=Decimal("0.8"),
        )
        for number in range(3, 103)
    )  # fmt: skip
    client = client_for("rs.coordinator")
    with django_assert_max_num_queries(14):
        page = client.get(f"/linkage/runs/{run.pk}/")
    assert page.status_code == 200
    with django_assert_max_num_queries(14):
        api = client.get(f"/api/v1/linkage/runs/{run.pk}/pairs/")
    assert api.status_code == 200
    assert api.json()["count"] == 101


def test_an_unreviewed_pair_shows_no_decision_and_saving_none_is_refused(run, client_for) -> None:
    """Saving a row as it is must not confirm a pair nobody looked at."""
    pair = LinkedPair.objects.get(run=run, number=1)
    client = client_for("rs.statistician")
    page = client.get(f"/linkage/runs/{run.pk}/").content.decode()
    row = page[page.index(f'id="pair-{pair.number}"') :]
    row = row[: row.index("</tr>")]
    assert '<option value="" selected>not reviewed</option>' in row
    assert "selected>Same person" not in row

    response = client.post(
        f"/linkage/pairs/{pair.pk}/review/",
        {"decision": "", "comment": "", "version": 0},
        follow=True,
    )

    assert "Choose a decision for the pair" in response.content.decode()
    assert not PairReview.objects.exists()
