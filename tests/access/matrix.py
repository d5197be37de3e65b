"""The vocabulary of the permission matrix: roles, endpoints and fixtures.

The endpoints themselves are in ``matrix_endpoints``; the tests that request
each of them as each role are in ``test_permission_matrix``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.statistics.rounds import open_round, totals_only_csv
from thbhub.accounts.models import User
from thbhub.accounts.services import api_token_create
from thbhub.cases.models import Case
from thbhub.directory.models import ContactPerson, Institution
from thbhub.jobs.models import Job
from thbhub.reference.loading import CODELISTS_FILE
from thbhub.reference.models import Population
from thbhub.statistics.models import Submission
from thbhub.statistics.services import submission_upload_csv

ANON = "anonymous"
SECRETARIAT = "secretariat"
COORDINATOR = "rs.coordinator"
STATISTICIAN = "rs.statistician"
CASE_WORKER = "rs.caseworker"
TRM = "rs.trm"
RAPPORTEUR = "rs.rapporteur"
PARTNER = "de.partner"
ROLES = [ANON, SECRETARIAT, COORDINATOR, STATISTICIAN, CASE_WORKER, TRM, RAPPORTEUR, PARTNER]
SIGNED_IN = ROLES[1:]
EVERYONE = ROLES
DIRECTORY_EDITORS = {SECRETARIAT, COORDINATOR}
AUDIT_READERS = {SECRETARIAT, COORDINATOR, RAPPORTEUR}
JOB_USERS = set(SIGNED_IN) - {PARTNER}
USER_MANAGERS = {SECRETARIAT, COORDINATOR}
STATS_VIEWERS = {SECRETARIAT, COORDINATOR, STATISTICIAN, RAPPORTEUR}
STATS_SUBMITTERS = {SECRETARIAT, COORDINATOR, STATISTICIAN}
STATS_MANAGERS = {SECRETARIAT}
CASE_WORKERS = {CASE_WORKER}
# The coordinator and the rapporteur see the country's cases in figures only.
CASE_COUNTERS = {COORDINATOR, RAPPORTEUR}
# A year no other test or the demo data opens a round for.
MATRIX_YEAR = 2015
ROUND_PAGE = f"/statistics/rounds/{MATRIX_YEAR}"


@dataclass
class Fixtures:
    contact: ContactPerson
    institution: Institution
    job: Job
    account: User
    submission: Submission


@dataclass
class Endpoint:
    name: str
    method: str
    path: str | Callable[[Fixtures], str]
    expected: dict[str, int]
    data: Callable[[Fixtures], dict[str, object]] | None = None
    api: bool = False
    content_type: str | None = None
    notes: list[str] = field(default_factory=list)


def web(
    name: str,
    path: str | Callable[[Fixtures], str],
    allowed: set[str] | list[str],
    *,
    method: str = "get",
    ok: int = 200,
    data: Callable[[Fixtures], dict[str, object]] | None = None,
    overrides: dict[str, int] | None = None,
) -> Endpoint:
    """A web page: anonymous users are sent to log in, other roles get 403."""
    expected = {role: (ok if role in allowed else 403) for role in SIGNED_IN}
    expected[ANON] = ok if ANON in allowed else 302
    expected.update(overrides or {})
    return Endpoint(name, method, path, expected, data)


def api(
    name: str,
    path: str | Callable[[Fixtures], str],
    allowed: set[str] | list[str],
    *,
    method: str = "get",
    ok: int = 200,
    data: Callable[[Fixtures], dict[str, object]] | None = None,
    overrides: dict[str, int] | None = None,
    multipart: bool = False,
) -> Endpoint:
    """An API endpoint: anonymous requests get 401, other roles 403."""
    expected = {role: (ok if role in allowed else 403) for role in SIGNED_IN}
    expected[ANON] = ok if ANON in allowed else 401
    expected.update(overrides or {})
    content_type = None if multipart else "application/json"
    return Endpoint(name, method, path, expected, data, api=True, content_type=content_type)


def shipped_codelists(_f: Fixtures) -> dict[str, object]:
    """Version 1 again: accepted by the secretariat, and changes nothing."""
    return {"file": SimpleUploadedFile("codelists-1.json", CODELISTS_FILE.read_bytes())}


def known_population(_f: Fixtures) -> dict[str, object]:
    row = Population.objects.get(country_id="RS", year=2024)
    text = f"country,year,population,source\nRS,2024,{row.population},{row.source}\n"
    return {"file": SimpleUploadedFile("population.csv", text.encode())}


def contact_payload(f: Fixtures) -> dict[str, object]:
    return {
        "institution": f.institution.pk,
        "given_name": "Milica",
        "family_name": "Testić",
        "roles": ["trm_contact_point"],
        "languages": ["sr", "en"],
        "email": "milica.testic@example.org",
        "version": f.contact.version,
    }


def institution_payload(_f: Fixtures) -> dict[str, object]:
    return {"country": "RS", "name": "Matrix Test Shelter", "kind": "shelter_ngo"}


def stats_csv(_f: Fixtures) -> dict[str, object]:
    """A valid Serbian file: stored as a new version by whoever may upload it."""
    return {"file": SimpleUploadedFile("rs.csv", totals_only_csv(year=MATRIX_YEAR))}


def matrix_case() -> Case:
    case = Case.objects.filter(agency__users__username=CASE_WORKER).order_by("pk").first()
    assert case is not None, "the demo data holds cases of rs.caseworker's agency"
    return case


def case_url(suffix: str = "") -> str:
    return f"/cases/{matrix_case().pk}/{suffix}"


def case_payload(_f: Fixtures) -> dict[str, object]:
    return {"first_contact_on": "2026-01-05", "sex": "F", "exploitation": ["LABOUR"]}


def submission_url(suffix: str = "") -> Callable[[Fixtures], str]:
    return lambda f: f"/statistics/submissions/{f.submission.pk}/{suffix}"


def question_url(suffix: str = "", *, api_path: bool = False) -> Callable[[Fixtures], str]:
    """The first question of the matrix round, which nobody has answered."""
    base = f"/api/v1/statistics/rounds/{MATRIX_YEAR}" if api_path else ROUND_PAGE
    return lambda f: f"{base}/questions/{f.submission.round.questions.get(number=1).pk}/{suffix}"


def own_job_only(ok: int) -> dict[str, int]:
    """A job is visible to the account that started it (rs.coordinator) only."""
    return {role: (ok if role == COORDINATOR else 404) for role in JOB_USERS}


def contact_form(f: Fixtures) -> dict[str, object]:
    return {
        "institution": f.institution.pk,
        "given_name": f.contact.given_name,
        "family_name": f.contact.family_name,
        "position": "Adviser",
        "languages": "sr",
        "active": "on",
        "version": f.contact.version,
    }


def build_fixtures(users: dict[str, User]) -> Fixtures:
    """The objects the matrix requests, one of each kind, in RS."""
    contact = ContactPerson.objects.filter(institution__country_id="RS").order_by("pk").first()
    assert contact is not None
    job = Job.objects.create(
        kind="directory.import",
        title="Matrix job",
        owner=users[COORDINATOR],
        country_id="RS",
        status="succeeded",
    )
    round_ = open_round(users[SECRETARIAT], year=MATRIX_YEAR, members=["RS", "AL"])
    submission = Submission.objects.get(round=round_, country_id="RS")
    submission_upload_csv(
        actor=users[STATISTICIAN],
        round=round_,
        country_id="RS",
        data=totals_only_csv(year=MATRIX_YEAR),
        filename="rs.csv",
    )
    return Fixtures(
        contact=contact,
        institution=contact.institution,
        job=job,
        account=users[STATISTICIAN],
        submission=submission,
    )


def client_as(role: str, *, api_call: bool) -> Client:
    if role == ANON:
        return Client()
    user = User.objects.get(username=role)
    if api_call:
        _token, key = api_token_create(actor=user, name="matrix")
        return Client(HTTP_AUTHORIZATION=f"Token {key}")
    client = Client()
    client.force_login(user)
    return client
