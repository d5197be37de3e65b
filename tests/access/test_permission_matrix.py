"""Every endpoint requested as every role, and anonymously.

The expectations are written out here by hand, not derived from the
permission table, so that a wrong entry in the table fails this test.
Adding a URL without adding it here fails ``test_every_url_is_in_the_matrix``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

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


ENDPOINTS: list[Endpoint] = [
    # Public pages
    web("health", "/health", EVERYONE),
    web("accounts:login", "/accounts/login/", EVERYONE),
    web(
        "accounts:second_factor",
        "/accounts/login/code/",
        EVERYONE,
        ok=302,  # without a password step first, back to the login page
    ),
    web("accounts:enrol", "/accounts/login/authenticator/", EVERYONE, ok=302),
    web("accounts:logout", "/accounts/logout/", EVERYONE, method="post", ok=302),
    web(
        "set_language",
        "/i18n/setlang/",
        EVERYONE,
        method="post",
        ok=302,
        data=lambda _f: {"language": "sr-latn"},
    ),
    web("api-docs", "/api/v1/docs/", EVERYONE),
    # Pages for every account
    web("core:home", "/", SIGNED_IN),
    web("accounts:profile", "/accounts/me/", SIGNED_IN),
    web(
        "accounts:token_revoke",
        "/accounts/me/keys/999999/revoke/",
        SIGNED_IN,
        method="post",
        ok=404,
    ),  # nobody's key: each account can revoke only its own
    web("directory:contacts", "/directory/", SIGNED_IN),
    web("directory:contact", lambda f: f"/directory/contacts/{f.contact.pk}/", SIGNED_IN),
    web("directory:export", "/directory/export.xlsx?country=RS", SIGNED_IN),
    web("directory:institutions", "/directory/institutions/", SIGNED_IN),
    web("reference:index", "/reference/", SIGNED_IN),
    # Editing the directory
    web("directory:contact_new", "/directory/contacts/new/", DIRECTORY_EDITORS),
    web(
        "directory:contact_edit",
        lambda f: f"/directory/contacts/{f.contact.pk}/edit/",
        DIRECTORY_EDITORS,
    ),
    web(
        "directory:contact_edit",
        lambda f: f"/directory/contacts/{f.contact.pk}/edit/",
        DIRECTORY_EDITORS,
        method="post",
        ok=302,
        data=contact_form,
    ),
    web(
        "directory:contact_verify",
        lambda f: f"/directory/contacts/{f.contact.pk}/verify/",
        DIRECTORY_EDITORS,
        method="post",
        ok=302,
        data=lambda f: {"version": f.contact.version},
    ),
    web("directory:institution_new", "/directory/institutions/new/", DIRECTORY_EDITORS),
    web(
        "directory:institution_edit",
        lambda f: f"/directory/institutions/{f.institution.pk}/edit/",
        DIRECTORY_EDITORS,
    ),
    web("directory:import", "/directory/import/", DIRECTORY_EDITORS),
    # Accounts
    web("accounts:password_change", "/accounts/password/", SIGNED_IN),
    web("accounts:users", "/accounts/users/", USER_MANAGERS),
    web("accounts:user_new", "/accounts/users/new/", USER_MANAGERS),
    web("accounts:user_edit", lambda f: f"/accounts/users/{f.account.pk}/", USER_MANAGERS),
    web(
        "accounts:user_reset_password",
        lambda f: f"/accounts/users/{f.account.pk}/reset-password/",
        USER_MANAGERS,
        method="post",
    ),
    web(
        "accounts:user_reset_authenticator",
        lambda f: f"/accounts/users/{f.account.pk}/reset-authenticator/",
        USER_MANAGERS,
        method="post",
        ok=302,
    ),
    # Audit log
    web("audit:events", "/audit/", AUDIT_READERS),
    web("audit:export", "/audit/export.csv", AUDIT_READERS),
    # Jobs
    web("jobs:list", "/jobs/", JOB_USERS),
    web("jobs:detail", lambda f: f"/jobs/{f.job.pk}/", JOB_USERS, overrides=own_job_only(200)),
    # Statistics
    web("statistics:rounds", "/statistics/", STATS_VIEWERS),
    web("statistics:round_new", "/statistics/rounds/new/", STATS_MANAGERS),
    web("statistics:round", f"/statistics/rounds/{MATRIX_YEAR}/", STATS_VIEWERS),
    web(
        "statistics:round_reminders",
        f"/statistics/rounds/{MATRIX_YEAR}/reminders/",
        STATS_MANAGERS,
        method="post",
        ok=302,
    ),
    web(
        "statistics:round_consistency",
        f"/statistics/rounds/{MATRIX_YEAR}/consistency/",
        STATS_VIEWERS,
    ),
    # The matrix round has no query between AL and RS: allowed roles reach
    # the check, which refuses with a message on the page.
    web(
        "statistics:consistency_comment",
        f"/statistics/rounds/{MATRIX_YEAR}/consistency/AL/RS/comments/",
        STATS_SUBMITTERS,
        method="post",
        ok=302,
        data=lambda _f: {"text": "Explained."},
    ),
    web(
        "statistics:round_close",
        f"/statistics/rounds/{MATRIX_YEAR}/close/",
        STATS_MANAGERS,
        method="post",
        ok=302,
    ),
    web("statistics:submission", submission_url(), STATS_VIEWERS),
    web(
        "statistics:submission_upload",
        submission_url("upload/"),
        STATS_SUBMITTERS,
        method="post",
        ok=302,
        data=stats_csv,
    ),
    web(
        "statistics:submission_submit",
        submission_url("submit/"),
        STATS_SUBMITTERS,
        method="post",
        ok=302,
    ),
    web(
        "statistics:submission_review",
        submission_url("review/"),
        STATS_MANAGERS,
        method="post",
        ok=302,
        data=lambda _f: {"decision": "accept"},
    ),
    web("statistics:version", submission_url("versions/1/"), STATS_VIEWERS),
    # Published data and exports (the matrix round has nothing accepted or published)
    web("statistics:published", "/statistics/published/", SIGNED_IN),
    web(
        "statistics:published_download",
        f"/statistics/published/{MATRIX_YEAR}.csv",
        SIGNED_IN,
        ok=404,  # nothing published for the year, for anyone
    ),
    web("statistics:round_publish", f"/statistics/rounds/{MATRIX_YEAR}/publish/", STATS_MANAGERS),
    web(
        "statistics:round_publish",
        f"/statistics/rounds/{MATRIX_YEAR}/publish/",
        STATS_MANAGERS,
        method="post",
        ok=302,  # refused with a message: no submission is accepted
    ),
    web("statistics:round_export", f"/statistics/rounds/{MATRIX_YEAR}/export.csv", STATS_VIEWERS),
    # Regional report and dashboards: published data for every account. The
    # matrix year has no publication, so its report is not found for anyone.
    web("statistics:reports", "/statistics/report/", SIGNED_IN),
    web("statistics:report", f"/statistics/report/{MATRIX_YEAR}/", SIGNED_IN, ok=404),
    web(
        "statistics:report_html",
        f"/statistics/report/{MATRIX_YEAR}/report.html",
        SIGNED_IN,
        ok=404,
    ),
    web(
        "statistics:report_build",
        f"/statistics/report/{MATRIX_YEAR}/pdf/",
        SIGNED_IN,
        method="post",
        ok=404,
    ),
    # A build is found only by the account that started it; this id is nobody's.
    web(
        "statistics:report_build_status",
        "/statistics/report/builds/00000000-0000-0000-0000-000000000000/",
        SIGNED_IN,
        ok=404,
    ),
    web(
        "statistics:report_build_download",
        "/statistics/report/builds/00000000-0000-0000-0000-000000000000/download/",
        SIGNED_IN,
        ok=404,
    ),
    web("statistics:dashboard", "/statistics/dashboard/", SIGNED_IN),
    # Indicators: published data for every account; recording linkage results
    web("statistics:indicators", f"/statistics/indicators/?from={MATRIX_YEAR}", SIGNED_IN),
    web("statistics:linkage_results", "/statistics/indicators/linkage/", STATS_MANAGERS),
    web(
        "statistics:linkage_results",
        "/statistics/indicators/linkage/",
        STATS_MANAGERS,
        method="post",
    ),  # without a file: the form again with its errors, nothing recorded
    web("statistics:submission_template", submission_url("template/"), STATS_SUBMITTERS),
    web("statistics:round_questions", f"{ROUND_PAGE}/questions/", STATS_VIEWERS),
    web(
        "statistics:round_question_new",
        f"/statistics/rounds/{MATRIX_YEAR}/questions/new/",
        STATS_MANAGERS,
    ),
    web(
        "statistics:round_question_new",
        f"/statistics/rounds/{MATRIX_YEAR}/questions/new/",
        STATS_MANAGERS,
        method="post",
        ok=302,
        data=lambda _f: {"theme": "other", "text": "A matrix question?"},
    ),
    web("statistics:round_question_edit", question_url("edit/"), STATS_MANAGERS),
    web(
        "statistics:round_question_move",
        question_url("move/"),
        STATS_MANAGERS,
        method="post",
        ok=302,
        data=lambda _f: {"number": 2},
    ),
    web(
        "statistics:round_question_delete",
        question_url("delete/"),
        STATS_MANAGERS,
        method="post",
        ok=302,
    ),
    web("statistics:submission_methodology", submission_url("methodology/"), STATS_SUBMITTERS),
    web(
        "statistics:submission_methodology",
        submission_url("methodology/"),
        STATS_SUBMITTERS,
        method="post",
        ok=302,
        data=lambda _f: {"data_authority": "Matrix authority", "includes_presumed": "yes"},
    ),
    web("statistics:submission_answers", submission_url("answers/"), STATS_SUBMITTERS),
    web(
        "statistics:submission_answers",
        submission_url("answers/"),
        STATS_SUBMITTERS,
        method="post",
        ok=302,
    ),
    web(
        "statistics:submission_table",
        submission_url("tables/victims_identified_in/"),
        STATS_SUBMITTERS,
    ),
    web(
        "statistics:submission_table",
        submission_url("tables/victims_identified_in/"),
        STATS_SUBMITTERS,
        method="post",
        ok=302,
        data=lambda _f: {"value_12": "43"},
    ),
    # Cases (a demo case of rs.caseworker's agency)
    web("cases:list", "/cases/", CASE_WORKERS),
    web("cases:summary", "/cases/summary/", CASE_COUNTERS),
    web("cases:rules", "/cases/rules/", {COORDINATOR}),
    web("cases:new", "/cases/new/", CASE_WORKERS),
    web("cases:detail", lambda _f: case_url(), CASE_WORKERS),
    web("cases:edit", lambda _f: case_url("edit/"), CASE_WORKERS),
    web("cases:identifiers", lambda _f: case_url("identifiers/"), CASE_WORKERS),
    web("cases:identifiers_edit", lambda _f: case_url("identifiers/edit/"), CASE_WORKERS),
    web("cases:identify", lambda _f: case_url("identify/"), CASE_WORKERS),
    web("cases:reflection", lambda _f: case_url("reflection/"), CASE_WORKERS),
    web("cases:plan", lambda _f: case_url("plan/"), CASE_WORKERS),
    web("cases:service_add", lambda _f: case_url("services/new/"), CASE_WORKERS),
    web("cases:consent_add", lambda _f: case_url("consents/new/"), CASE_WORKERS),
    web(
        "cases:consent_withdraw",
        lambda _f: case_url("consents/999999/withdraw/"),
        CASE_WORKERS,
        method="post",
        ok=302,  # no such consent: back to the case with a message
    ),
    web("cases:guardian", lambda _f: case_url("guardian/"), CASE_WORKERS),
    web("cases:best_interests", lambda _f: case_url("best-interests/new/"), CASE_WORKERS),
    web("cases:family_contact", lambda _f: case_url("family-contact/new/"), CASE_WORKERS),
    web(
        "cases:task_done",
        lambda _f: case_url("tasks/999999/done/"),
        CASE_WORKERS,
        method="post",
        ok=302,
    ),
    web("cases:close", lambda _f: case_url("close/"), CASE_WORKERS),
    web(
        "cases:close",
        lambda _f: case_url("close/"),
        CASE_WORKERS,
        method="post",
        ok=302,
        data=lambda _f: {
            "closed_on": "2026-01-01",
            "reason": "lost_contact",
            "version": matrix_case().version,
        },
    ),
    # API
    api("v1:schema", "/api/v1/schema/", EVERYONE),
    api("v1:countries", "/api/v1/countries/", SIGNED_IN),
    api("v1:codelist-versions", "/api/v1/codelists/", SIGNED_IN),
    api("v1:codes", "/api/v1/codes/?dimension=SEX", SIGNED_IN),
    api("v1:population", "/api/v1/population/?country=RS", SIGNED_IN),
    api(
        "v1:codelist-versions",
        "/api/v1/codelists/",
        {SECRETARIAT},
        method="post",
        data=shipped_codelists,
        multipart=True,
    ),
    api(
        "v1:population",
        "/api/v1/population/",
        {SECRETARIAT},
        method="post",
        data=known_population,
        multipart=True,
    ),
    api("v1:institutions", "/api/v1/institutions/", SIGNED_IN),
    api(
        "v1:institutions",
        "/api/v1/institutions/",
        DIRECTORY_EDITORS,
        method="post",
        ok=201,
        data=institution_payload,
    ),
    api("v1:contacts", "/api/v1/contacts/", SIGNED_IN),
    api(
        "v1:contacts",
        "/api/v1/contacts/",
        DIRECTORY_EDITORS,
        method="post",
        ok=201,
        data=contact_payload,
    ),
    api("v1:contact", lambda f: f"/api/v1/contacts/{f.contact.pk}/", SIGNED_IN),
    api(
        "v1:contact",
        lambda f: f"/api/v1/contacts/{f.contact.pk}/",
        DIRECTORY_EDITORS,
        method="put",
        data=contact_payload,
    ),
    api("v1:audit-events", "/api/v1/audit-events/", AUDIT_READERS),
    api("v1:statistics-rounds", "/api/v1/statistics/rounds/", STATS_VIEWERS),
    api(
        "v1:statistics-round-progress",
        f"/api/v1/statistics/rounds/{MATRIX_YEAR}/progress/",
        STATS_VIEWERS,
    ),
    api(
        "v1:statistics-round-consistency",
        f"/api/v1/statistics/rounds/{MATRIX_YEAR}/consistency/",
        STATS_VIEWERS,
    ),
    # No query between AL and RS in the matrix round: 400 once past the gate.
    api(
        "v1:statistics-round-consistency",
        f"/api/v1/statistics/rounds/{MATRIX_YEAR}/consistency/",
        STATS_SUBMITTERS,
        method="post",
        ok=400,
        data=lambda _f: {
            "identifying_country": "AL",
            "citizenship_country": "RS",
            "text": "Explained.",
        },
    ),
    api(
        "v1:statistics-indicators", f"/api/v1/statistics/indicators/?from={MATRIX_YEAR}", SIGNED_IN
    ),
    api("v1:statistics-submissions", "/api/v1/statistics/submissions/", STATS_VIEWERS),
    api(
        "v1:statistics-submission-template",
        lambda f: f"/api/v1/statistics/submissions/{f.submission.pk}/template/",
        STATS_SUBMITTERS,
    ),
    api(
        "v1:statistics-submission-csv",
        f"/api/v1/statistics/submissions/{MATRIX_YEAR}/RS/csv",
        STATS_SUBMITTERS,
        method="post",
        ok=201,
        data=stats_csv,
        multipart=True,
    ),
    api(
        "v1:statistics-round-questions",
        f"/api/v1/statistics/rounds/{MATRIX_YEAR}/questions/",
        STATS_VIEWERS,
    ),
    api(
        "v1:statistics-round-questions",
        f"/api/v1/statistics/rounds/{MATRIX_YEAR}/questions/",
        STATS_MANAGERS,
        method="post",
        ok=201,
        data=lambda _f: {"theme": "other", "text": "A matrix question?"},
    ),
    api(
        "v1:statistics-round-question",
        question_url(api_path=True),
        STATS_MANAGERS,
        method="patch",
        data=lambda _f: {"text": "A reworded question?"},
    ),
    api(
        "v1:statistics-round-question",
        question_url(api_path=True),
        STATS_MANAGERS,
        method="delete",
        ok=204,
    ),
    api(
        "v1:statistics-submission-methodology",
        lambda f: f"/api/v1/statistics/submissions/{f.submission.pk}/methodology/",
        STATS_VIEWERS,
    ),
    api(
        "v1:statistics-submission-methodology",
        lambda f: f"/api/v1/statistics/submissions/{f.submission.pk}/methodology/",
        STATS_SUBMITTERS,
        method="put",
        data=lambda _f: {"data_authority": "Matrix authority"},
    ),
    api(
        "v1:statistics-submission-answers",
        lambda f: f"/api/v1/statistics/submissions/{f.submission.pk}/answers/",
        STATS_VIEWERS,
    ),
    api(
        "v1:statistics-submission-answers",
        lambda f: f"/api/v1/statistics/submissions/{f.submission.pk}/answers/",
        STATS_SUBMITTERS,
        method="put",
        data=lambda _f: {"answers": []},
    ),
    api("v1:cases", "/api/v1/cases/", CASE_WORKERS),
    api("v1:cases", "/api/v1/cases/", CASE_WORKERS, method="post", ok=201, data=case_payload),
    api("v1:case", lambda _f: f"/api/v1{case_url()}", CASE_WORKERS),
    api(
        "v1:case",
        lambda _f: f"/api/v1{case_url()}",
        CASE_WORKERS,
        method="put",
        data=lambda f: {**case_payload(f), "version": matrix_case().version},
    ),
    api("v1:statistics-published", "/api/v1/statistics/published/", SIGNED_IN),
    api("v1:statistics-export", f"/api/v1/statistics/exports/{MATRIX_YEAR}.csv", STATS_VIEWERS),
    api(
        "v1:statistics-export",
        f"/api/v1/statistics/exports/{MATRIX_YEAR}.xlsx?published=1",
        SIGNED_IN,
        ok=404,  # nothing published for the year, for anyone
    ),
    api("v1:jobs", "/api/v1/jobs/", JOB_USERS),
    api("v1:job", lambda f: f"/api/v1/jobs/{f.job.pk}/", JOB_USERS, overrides=own_job_only(200)),
]


@pytest.fixture
def fixtures(users) -> Fixtures:  # type: ignore[no-untyped-def]
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
