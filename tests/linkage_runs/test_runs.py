"""A linkage run end to end: two registers encoded with the real encoder,
uploaded by their countries, linked by the secretariat in a background job,
reviewed by the countries and recorded for the statistics."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.linkage_runs.builders import OTHER_KEY, encode, small_encodings, two_registers
from thbhub.audit.models import AuditEvent
from thbhub.jobs.models import JobStatus
from thbhub.linkage_runs.models import LinkageRun, LinkedPair, PairReview, RunStatus
from thbhub.statistics.models import LinkageResult

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_linkage_yet")]


def _upload(client, data: bytes) -> None:
    response = client.post("/linkage/uploads/", {"file": SimpleUploadedFile("E.csv", data)})
    assert response.status_code == 302, response.content[:500]


def _start(client: Client, capture: Any, countries: tuple[str, ...] = ("AL", "RS")) -> Any:
    with capture(execute=True):
        return client.post(
            "/linkage/runs/new/",
            {"countries": list(countries), "threshold": "0.75", "engine": "embedded"},
        )


def test_run_end_to_end(client_for, django_capture_on_commit_callbacks) -> None:
    rows_rs, rows_al, truth = two_registers()
    _upload(client_for("rs.statistician"), encode(rows_rs, "RS"))
    _upload(client_for("al.statistician"), encode(rows_al, "AL"))
    secretariat = client_for("secretariat")
    response = _start(secretariat, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    run = LinkageRun.objects.get()
    assert response["Location"] == f"/linkage/runs/{run.pk}/"
    assert run.status == RunStatus.SUCCEEDED
    assert run.job is not None
    assert run.job.status == JobStatus.SUCCEEDED
    assert run.job.total > 0 and run.job.done == run.job.total

    # The run found the people both registers hold, and only them.
    cross = set(
        LinkedPair.objects.filter(run=run)
        .exclude(country_a=_same("country_b"))
        .values_list("record_id_a", "record_id_b")
    )
    found = {tuple(sorted(pair)) for pair in cross}
    expected = {tuple(sorted(pair)) for pair in truth}
    assert found <= expected, f"wrong matches: {found - expected}"
    assert len(found) >= 0.9 * len(expected)
    assert run.total == len(rows_rs) + len(rows_al)
    assert run.deduplicated == run.total - LinkedPair.objects.filter(run=run).count()
    assert run.deduplicated_low <= run.deduplicated <= run.deduplicated_high

    page = secretariat.get(f"/linkage/runs/{run.pk}/").content.decode()
    assert 'id="overlap"' in page
    assert f'id="deduplicated">{run.deduplicated} ' in page
    assert 'id="pairs"' not in page  # the secretariat sees counts, not pairs
    for pair in LinkedPair.objects.filter(run=run)[:5]:
        assert pair.record_id_a not in page and pair.record_id_b not in page

    # Serbia reviews: one pair rejected; the count with reviews goes up by one.
    pair = LinkedPair.objects.filter(run=run, country_a="AL", country_b="RS").order_by("number")[0]
    rs = client_for("rs.coordinator")
    rs_page = rs.get(f"/linkage/runs/{run.pk}/").content.decode()
    assert pair.record_id_b in rs_page
    assert pair.record_id_a not in rs_page  # Albania's record id stays with Albania
    reviewed = rs.post(
        f"/linkage/pairs/{pair.pk}/review/",
        {"decision": "rejected", "comment": "different mother's name", "version": 0},
    )
    assert reviewed.status_code == 302
    review = PairReview.objects.get(pair=pair)
    event = AuditEvent.objects.get(action="linkage.pair.review", object_id=str(review.pk))
    assert event.detail["decision"] == "rejected"
    assert "mother" not in str(event.detail)
    page = secretariat.get(f"/linkage/runs/{run.pk}/").content.decode()
    assert f'id="reviewed">{run.deduplicated + 1} ' in page

    # Recorded for the statistics of 2024 through their own service.
    recorded = secretariat.post(f"/linkage/runs/{run.pk}/record/", {"year": 2024})
    assert recorded.status_code == 302
    result = LinkageResult.objects.get(year=2024)
    in_2024 = [
        p
        for p in LinkedPair.objects.filter(run=run).exclude(pk=pair.pk)
        if p.year_a == p.year_b == "2024" and p.country_a_id != p.country_b_id
    ]
    assert result.duplicates == len(in_2024)
    assert result.overlap == {"AL": {"RS": len(in_2024)}}
    assert result.duplicates_low is not None and result.duplicates_high is not None
    assert result.duplicates_low <= result.duplicates <= result.duplicates_high
    assert list(run.recorded.all()) == [result]
    assert AuditEvent.objects.filter(action="statistics.linkage_result.record").exists()


def _same(field: str):
    from django.db.models import F

    return F(field)


def test_different_keys_are_refused_before_anything_runs(
    client_for, django_capture_on_commit_callbacks
) -> None:
    _upload(client_for("rs.statistician"), small_encodings("RS"))
    _upload(client_for("al.statistician"), small_encodings("AL", key=OTHER_KEY))
    response = _start(client_for("secretariat"), django_capture_on_commit_callbacks)
    assert response.status_code == 400
    body = response.content.decode()
    assert "different keys" in body and OTHER_KEY.key_id in body
    assert not LinkageRun.objects.exists()


def test_a_country_without_upload_is_named(client_for, django_capture_on_commit_callbacks) -> None:
    _upload(client_for("rs.statistician"), small_encodings("RS"))
    response = client_for("secretariat").post(
        "/linkage/runs/new/", {"countries": ["RS"], "threshold": "0.3", "engine": "embedded"}
    )
    assert response.status_code == 400
    assert (
        "0.5 to 1" in response.content.decode()
        or "greater than or equal" in response.content.decode()
    )
    response = client_for("secretariat").post(
        "/linkage/runs/new/", {"countries": ["RS", "ME"], "engine": "embedded", "threshold": "0.75"}
    )
    # ME has no upload, so it is not even offered.
    assert response.status_code == 400
    assert not LinkageRun.objects.exists()


def test_run_page_refreshes_while_running(client_for, users) -> None:
    from thbhub.linkage_runs.services import linkage_run_start

    _upload(client_for("rs.statistician"), small_encodings("RS"))
    # Without the commit callbacks the job stays queued, as it does until a worker takes it.
    run = linkage_run_start(actor=users["secretariat"], countries=["RS"])
    page = client_for("secretariat").get(f"/linkage/runs/{run.pk}/").content.decode()
    assert 'http-equiv="refresh"' in page
    assert 'role="progressbar"' in page


def test_api_run_and_results(users, django_capture_on_commit_callbacks) -> None:
    from django.test import Client

    from thbhub.accounts.services import api_token_create

    def api(name: str) -> Client:
        _token, key = api_token_create(actor=users[name], name="t")
        return Client(HTTP_AUTHORIZATION=f"Token {key}")

    rows_rs, rows_al, _truth = two_registers(10, 3, 3, seed=2)
    for name, rows, code in (
        ("rs.statistician", rows_rs, "RS"),
        ("al.statistician", rows_al, "AL"),
    ):
        api(name).post(
            "/api/v1/linkage/uploads/", {"file": SimpleUploadedFile("e.csv", encode(rows, code))}
        )
    secretariat = api("secretariat")
    with django_capture_on_commit_callbacks(execute=True):
        started = secretariat.post(
            "/api/v1/linkage/runs/",
            {"countries": ["RS", "AL"], "threshold": "0.75"},
            content_type="application/json",
        )
    assert started.status_code == 202, started.content
    run_id = started.json()["id"]
    body = secretariat.get(f"/api/v1/linkage/runs/{run_id}/").json()
    assert body["status"] == "succeeded"
    assert body["results"]["total"] == len(rows_rs) + len(rows_al)
    assert body["results"]["reviewed"]["deduplicated"] == body["results"]["deduplicated"]
    rs_body = api("rs.rapporteur").get(f"/api/v1/linkage/runs/{run_id}/").json()
    assert "results" not in rs_body
    pairs = api("rs.coordinator").get(f"/api/v1/linkage/runs/{run_id}/pairs/").json()["results"]
    assert pairs and all(set(p["own_records"]) <= {r["record_id"] for r in rows_rs} for p in pairs)
    al_ids = {r["record_id"] for r in rows_al}
    assert not any(record in al_ids for p in pairs for record in p["own_records"])
    review = api("rs.coordinator").put(
        f"/api/v1/linkage/pairs/{pairs[0]['id']}/review/",
        {"decision": "confirmed", "version": 0},
        content_type="application/json",
    )
    assert review.status_code == 200
    assert review.json()["decision"] == "confirmed"
    stale = api("rs.statistician").put(
        f"/api/v1/linkage/pairs/{pairs[0]['id']}/review/",
        {"decision": "rejected", "version": 0},
        content_type="application/json",
    )
    assert stale.status_code in {400, 409}
    rapporteur = api("rs.rapporteur").put(
        f"/api/v1/linkage/pairs/{pairs[0]['id']}/review/",
        {"decision": "rejected", "version": 1},
        content_type="application/json",
    )
    assert rapporteur.status_code == 403
    recorded = secretariat.post(
        f"/api/v1/linkage/runs/{run_id}/record/", {"year": 2024}, content_type="application/json"
    )
    assert recorded.status_code == 201, recorded.content
    assert recorded.json()["duplicates"] >= 1
