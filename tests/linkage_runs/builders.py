"""Encodings made with the real encoder from synthetic registers, and a finished run."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from thbhub.accounts.models import User
from thbhub.linkage.encoding import SCHEME
from thbhub.linkage.keys import LinkageKey
from thbhub.linkage.synthetic import encodings_file, scenario
from thbhub.linkage_runs.models import (
    EncodingUpload,
    LinkageRun,
    LinkedPair,
    RunStatus,
)

KEY = LinkageKey(hashlib.sha256(b"thbhub linkage-runs tests").digest())
OTHER_KEY = LinkageKey(hashlib.sha256(b"another key").digest())


def encode(rows: list[dict[str, str]], country: str, key: LinkageKey = KEY) -> bytes:
    """ENCODINGS.csv as `thbhub linkage encode` writes it for these register rows."""
    return encodings_file(rows, country, key)


def two_registers(
    shared: int = 30, only_a: int = 10, only_b: int = 10, *, seed: int = 1
) -> tuple[list[dict[str, str]], list[dict[str, str]], set[tuple[str, str]]]:
    """Register A (Serbian Cyrillic) and B (noisy Latin) of partly the same people.

    Every record is of 2024, except one in ten of each register, of 2023.
    """
    rows_a, rows_b, truth = scenario(shared, only_a, only_b, seed=seed)
    for row in [*rows_a, *rows_b]:
        row["year_identified"] = "2024"
    for row in rows_a[::10]:
        row["year_identified"] = "2023"
    return rows_a, rows_b, truth


def small_encodings(country: str, count: int = 4, key: LinkageKey = KEY) -> bytes:
    rows, _other, _truth = scenario(count, 0, 0, seed=7)
    return encode(rows, country, key)


def finished_run(
    secretariat: User, uploader: User, *, countries: tuple[str, str] = ("AL", "RS")
) -> LinkageRun:
    """A finished run with one pair between the two countries and one within the first.

    Made without the job, for tests of who may see what (the job itself is
    tested end to end in test_runs).
    """
    first, second = countries
    uploads = [
        EncodingUpload.objects.create(
            country_id=code,
            key_id=KEY.key_id,
            scheme=SCHEME,
            records=3,
            years={"2024": 3},
            filename=f"{code}.csv",
            stored_as=f"linkage-encodings/{code}.csv",
            sha256="0" * 64,
            uploaded_by=uploader if code == uploader.country_id else secretariat,
        )
        for code in countries
    ]
    run = LinkageRun.objects.create(
        countries=list(countries),
        key_id=KEY.key_id,
        threshold=Decimal("0.750"),
        engine="embedded",
        status=RunStatus.SUCCEEDED,
        started_by=secretariat,
        records={first: 3, second: 3},
        total=6,
        deduplicated=4,
        deduplicated_low=4,
        deduplicated_high=5,
        overlap={first: {first: 1, second: 1}},
    )
    run.uploads.set(uploads)
    LinkedPair.objects.create(
        run=run, number=1, cluster_id="C000001", country_a_id=first, record_id_a=f"{first}-1",
        year_a="2024", country_b_id=second, record_id_b=f"{second}-SECRET-1", year_b="2024",
        score=Decimal("0.9100"),
    )  # fmt: skip
    LinkedPair.objects.create(
        run=run, number=2, cluster_id="C000002", country_a_id=first, record_id_a=f"{first}-2",
        year_a="2024", country_b_id=first, record_id_b=f"{first}-3", year_b="2024",
        score=Decimal("0.7800"),
    )  # fmt: skip
    return run


def remove_linkage() -> None:
    """Remove every upload, run, pair and review (the demo's included).

    The audit log keeps its rows: it is append-only. The demo's stored
    files stay in the session's upload folder, which tests do not use.
    """
    LinkageRun.objects.all().delete()
    EncodingUpload.objects.all().delete()
