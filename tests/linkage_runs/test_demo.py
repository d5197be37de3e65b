"""What a newcomer finds on the linkage pages after `thbhub demo`.

The demo's uploads were stored when the session's demo was built, in the
session's data folder; these tests read them there, so the per-test
upload folder of the other tests is not used here.
"""

from __future__ import annotations

import base64
import csv
import io
import re

import pytest
from django.db.models import Q

from thbhub.audit.models import AuditEvent
from thbhub.jobs.models import JobStatus
from thbhub.linkage.encoding import BYTES
from thbhub.linkage.files import ENCODING_COLUMNS
from thbhub.linkage_runs.demo import (
    COUNTRIES,
    DemoRegisters,
    demo_registers,
    filename_of,
    generate_demo_linkage,
    statistician_of,
)
from thbhub.linkage_runs.models import (
    Decision,
    EncodingUpload,
    LinkageRun,
    LinkedPair,
    PairReview,
    RunStatus,
)
from thbhub.linkage_runs.services import upload_path
from thbhub.statistics.models import LinkageResult

pytestmark = pytest.mark.django_db
RECORD_ID = re.compile(r"\b(?:RS|AL|MK)-\d{4}\b")


@pytest.fixture(autouse=True)
def _private_uploads() -> None:
    """Overrides the suite's own: the demo's files are in the session's upload folder."""


@pytest.fixture
def registers() -> DemoRegisters:
    # The names, dates and record ids do not depend on the year given.
    return demo_registers(2025)


def _demo_run() -> LinkageRun:
    return LinkageRun.objects.get(uploads__filename=filename_of("RS"))


def _people(registers: DemoRegisters) -> int:
    return len(set(registers.person.values()))


def test_the_secretariat_reads_a_finished_run_with_overlap_and_count(
    client_for, registers: DemoRegisters
) -> None:
    run = _demo_run()
    assert run.status == RunStatus.SUCCEEDED
    assert run.job is not None and run.job.status == JobStatus.SUCCEEDED
    assert run.countries == sorted(COUNTRIES)
    assert run.started_by.username == "secretariat"
    secretariat = client_for("secretariat")

    index = secretariat.get("/linkage/").content.decode()
    row = re.search(
        rf'<tr><td><a href="/linkage/runs/{run.pk}/">Run {run.pk}</a>.*?</tr>', index, re.DOTALL
    )
    assert row is not None
    assert "AL, MK, RS" in row.group() and "Finished" in row.group()

    page = secretariat.get(f"/linkage/runs/{run.pk}/").content.decode()
    assert '<dd id="run-status">Finished' in page
    sizes = {code: len(rows) for code, rows in registers.rows.items()}
    assert run.records == dict(sorted(sizes.items()))
    assert f'id="total">{sum(sizes.values())}</dd>' in page
    assert (
        f'id="deduplicated">{run.deduplicated} (between {run.deduplicated_low} '
        f"and {run.deduplicated_high})</dd>"
    ) in page
    # Near the number of invented people. The key is random, so the exact
    # pairs vary: nearly all the records of one person are found (a few of
    # the noisiest spellings fall below the threshold), and a wrong match is
    # rare enough that one at most is allowed.
    people, total = _people(registers), sum(sizes.values())
    pairs = LinkedPair.objects.filter(run=run)
    wrong = [
        pair
        for pair in pairs
        if not registers.same_person(
            (pair.country_a_id, pair.record_id_a), (pair.country_b_id, pair.record_id_b)
        )
    ]
    assert len(wrong) <= 1, wrong
    assert people - len(wrong) <= run.deduplicated <= people + 0.1 * (total - people)
    assert run.deduplicated_low <= run.deduplicated <= run.deduplicated_high
    # The overlap matrix: every pair of countries shares people, and Albania
    # registered some people twice.
    for first, second in (("AL", "MK"), ("AL", "RS"), ("MK", "RS"), ("AL", "AL")):
        assert run.overlap[first][second] > 0, (first, second)
    overlap = re.search(r'<table id="overlap">.*?</table>', page, re.DOTALL)
    assert overlap is not None
    al_row = re.search(r'<th scope="row">AL</th>(.*?)</tr>', overlap.group())
    assert al_row is not None
    cells = re.findall(r'<td class="number">(\d+)</td>', al_row.group(1))
    assert cells == [
        str(run.overlap["AL"]["AL"]),
        str(run.overlap["AL"]["MK"]),
        str(run.overlap["AL"]["RS"]),
        str(sizes["AL"]),
    ]
    # The countries' reviews are counted; the secretariat sees counts, never pairs.
    assert re.search(r'id="review-counts">[1-9]\d* confirmed, \d+ rejected, [1-9]\d* unsure', page)
    assert 'id="pairs"' not in page
    assert RECORD_ID.findall(page) == []
    # Left for the secretariat to do: the statistics' demo figures stay as they are.
    assert not run.recorded.exists()
    assert not LinkageResult.objects.exists()


def test_a_statistician_sees_only_the_pairs_of_its_own_records(
    client_for, registers: DemoRegisters
) -> None:
    run = _demo_run()
    for code in COUNTRIES:
        page = client_for(statistician_of(code)).get(f"/linkage/runs/{run.pk}/").content.decode()
        own = LinkedPair.objects.filter(run=run).filter(Q(country_a=code) | Q(country_b=code))
        assert own.exists()
        assert f"{own.count()} pairs" in page
        shown = set(RECORD_ID.findall(page))
        assert shown, code
        assert all(record.startswith(f"{code}-") for record in shown), (code, shown)
        assert shown <= {record for (country, record) in registers.person if country == code}
        # The secretariat's counts are not the country's to read.
        assert 'id="overlap"' not in page


def test_the_review_column_holds_the_demo_reviews(client_for, registers: DemoRegisters) -> None:
    run = _demo_run()
    reviews = PairReview.objects.filter(pair__run=run)
    confirmed = reviews.get(country="RS", decision=Decision.CONFIRMED)
    assert reviews.filter(pair=confirmed.pair, country="AL", decision=Decision.CONFIRMED).exists()
    assert reviews.filter(country="RS", decision=Decision.UNSURE).exists()
    # The statisticians decided from their registers: a confirmed pair is one person.
    pair = confirmed.pair
    assert registers.same_person(
        (pair.country_a_id, pair.record_id_a), (pair.country_b_id, pair.record_id_b)
    )
    page = client_for("rs.statistician").get(f"/linkage/runs/{run.pk}/").content.decode()
    row = re.search(rf'<tr id="pair-{pair.number}">.*?</tr>', page, re.DOTALL)
    assert row is not None
    assert '<option value="confirmed" selected>' in row.group()
    assert "Same date and place of birth in our register." in row.group()
    assert AuditEvent.objects.filter(
        action="linkage.pair.review", actor_username="rs.statistician"
    ).exists()


def test_the_hub_holds_encodings_only(registers: DemoRegisters) -> None:
    run = _demo_run()
    uploads = {upload.country_id: upload for upload in run.uploads.all()}
    assert sorted(uploads) == sorted(COUNTRIES)
    dates = {
        row["date_of_birth"]
        for rows in registers.rows.values()
        for row in rows
        if "-" in row["date_of_birth"]
    }
    names = {
        row[column].casefold()
        for rows in registers.rows.values()
        for row in rows
        for column in ("given_name", "family_name")
    }
    assert dates and names
    for code, upload in uploads.items():
        assert upload.uploaded_by.username == statistician_of(code)
        assert upload.key_id == run.key_id
        assert upload.records == len(registers.rows[code])
        assert AuditEvent.objects.filter(
            action="linkage.upload.create",
            actor_username=statistician_of(code),
            object_id=str(upload.pk),
        ).exists()
        path = upload_path(upload)
        data = path.read_bytes()
        # ASCII only: no name in Cyrillic or with a diacritic, and no date of birth.
        text = data.decode("ascii")
        assert not any(date in text for date in dates)
        rows = list(csv.reader(io.StringIO(text)))
        assert tuple(rows[0]) == ENCODING_COLUMNS
        encoding = ENCODING_COLUMNS.index("encoding")
        for row in rows[1:]:
            assert len(base64.b64decode(row[encoding], validate=True)) == BYTES
            others = {cell.casefold() for cell in row[:encoding] + row[encoding + 1 :]}
            assert not others & names, row[:encoding]
        assert [row[0] for row in rows[1:]] == [row["record_id"] for row in registers.rows[code]]
    # Nothing else in the upload folder: no register, no key file.
    folder = upload_path(next(iter(uploads.values()))).parent
    for path in folder.iterdir():
        assert path.read_text(encoding="ascii").startswith(",".join(ENCODING_COLUMNS) + "\n")


def _linkage_counts() -> tuple[int, int, int]:
    return EncodingUpload.objects.count(), LinkageRun.objects.count(), PairReview.objects.count()


def test_the_demo_is_made_once() -> None:
    before = _linkage_counts()
    assert generate_demo_linkage() is None
    assert _linkage_counts() == before
