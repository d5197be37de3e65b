"""The linkage endpoints of the permission matrix (tests/access), with their objects."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.access.matrix import (
    COORDINATOR,
    RAPPORTEUR,
    SECRETARIAT,
    STATISTICIAN,
    Endpoint,
    Fixtures,
    api,
    web,
)
from tests.linkage_runs.builders import finished_run, small_encodings
from thbhub.accounts.models import User
from thbhub.linkage_runs.models import LinkageRun, LinkedPair
from thbhub.linkage_runs.services import encodings_upload

LINKAGE_VIEWERS = {SECRETARIAT, COORDINATOR, STATISTICIAN, RAPPORTEUR}
LINKAGE_UPLOADERS = {SECRETARIAT, COORDINATOR, STATISTICIAN}
LINKAGE_RUNNERS = {SECRETARIAT}
PAIR_READERS = {COORDINATOR, STATISTICIAN, RAPPORTEUR}
PAIR_REVIEWERS = {COORDINATOR, STATISTICIAN}


def matrix_run() -> LinkageRun:
    """A finished AL-RS run whose first pair involves an RS record."""
    run = LinkageRun.objects.filter(pairs__record_id_b="RS-SECRET-1").first()
    if run is None:
        run = finished_run(
            User.objects.get(username=SECRETARIAT), User.objects.get(username=STATISTICIAN)
        )
    return run


def _run_url(suffix: str = "", *, api_path: bool = False) -> str:
    base = "/api/v1/linkage/runs" if api_path else "/linkage/runs"
    return f"{base}/{matrix_run().pk}/{suffix}"


def _pair_url(*, api_path: bool = False) -> str:
    pair = LinkedPair.objects.get(run=matrix_run(), number=1)
    base = "/api/v1/linkage/pairs" if api_path else "/linkage/pairs"
    return f"{base}/{pair.pk}/review/"


def _rs_file(_f: Fixtures) -> dict[str, object]:
    return {"file": SimpleUploadedFile("rs.csv", small_encodings("RS"))}


def _run_payload(_f: Fixtures) -> dict[str, object]:
    """An RS upload to link, then the request to link it."""
    encodings_upload(
        actor=User.objects.get(username=STATISTICIAN),
        data=small_encodings("RS"),
        filename="rs.csv",
    )
    return {"countries": ["RS"], "threshold": "0.75", "engine": "embedded"}


ENDPOINTS: list[Endpoint] = [
    web("linkage:index", "/linkage/", LINKAGE_VIEWERS),
    web("linkage:uploads", "/linkage/uploads/", LINKAGE_UPLOADERS),
    web(
        "linkage:uploads",
        "/linkage/uploads/",
        LINKAGE_UPLOADERS,
        method="post",
        ok=302,
        data=_rs_file,
    ),
    web("linkage:run_new", "/linkage/runs/new/", LINKAGE_RUNNERS),
    web(
        "linkage:run_new",
        "/linkage/runs/new/",
        LINKAGE_RUNNERS,
        method="post",
        ok=302,
        data=_run_payload,
    ),
    web("linkage:run", lambda _f: _run_url(), LINKAGE_VIEWERS),
    web(
        "linkage:run_record",
        lambda _f: _run_url("record/"),
        LINKAGE_RUNNERS,
        method="post",
        ok=302,
        data=lambda _f: {"year": 2024},
    ),
    web(
        "linkage:pair_review",
        lambda _f: _pair_url(),
        PAIR_REVIEWERS,
        method="post",
        ok=302,
        data=lambda _f: {"decision": "confirmed", "version": 0},
    ),
    api("v1:linkage_uploads", "/api/v1/linkage/uploads/", LINKAGE_UPLOADERS),
    api(
        "v1:linkage_uploads",
        "/api/v1/linkage/uploads/",
        LINKAGE_UPLOADERS,
        method="post",
        ok=201,
        data=_rs_file,
        multipart=True,
    ),
    api("v1:linkage_runs", "/api/v1/linkage/runs/", LINKAGE_VIEWERS),
    api(
        "v1:linkage_runs",
        "/api/v1/linkage/runs/",
        LINKAGE_RUNNERS,
        method="post",
        ok=202,
        data=_run_payload,
    ),
    api("v1:linkage_run", lambda _f: _run_url(api_path=True), LINKAGE_VIEWERS),
    api("v1:linkage_pairs", lambda _f: _run_url("pairs/", api_path=True), PAIR_READERS),
    api(
        "v1:linkage_run_record",
        lambda _f: _run_url("record/", api_path=True),
        LINKAGE_RUNNERS,
        method="post",
        ok=201,
        data=lambda _f: {"year": 2024},
    ),
    api(
        "v1:linkage_pair_review",
        lambda _f: _pair_url(api_path=True),
        PAIR_REVIEWERS,
        method="put",
        data=lambda _f: {"decision": "confirmed", "version": 0},
    ),
]
