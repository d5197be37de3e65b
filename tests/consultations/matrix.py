"""The consultation the permission matrix requests: published, with five
respondents, so that every reader gets its results page."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone

from tests.access.matrix import (
    COORDINATOR,
    EVERYONE,
    PARTNER,
    RAPPORTEUR,
    SECRETARIAT,
    Endpoint,
    api,
    web,
)
from tests.consultations.conftest import answer_form, issue, make_consultation
from thbhub.accounts.models import User
from thbhub.consultations import services
from thbhub.consultations.models import Consultation

MATRIX_TITLE = "Matrix consultation"


def matrix_consultation() -> Consultation:
    found = Consultation.objects.filter(title__en=MATRIX_TITLE).first()
    if found is not None:
        return found
    secretariat = User.objects.get(username="secretariat")
    consultation = make_consultation(secretariat)
    consultation.title = {"en": MATRIX_TITLE}
    consultation.save(update_fields=["title"])
    for token in issue(secretariat, consultation, 5):
        answers = {int(key[1:]): value for key, value in answer_form(consultation).items()}
        services.response_submit(token=token, answers=answers)
    services.consultation_publish(actor=secretariat, consultation=consultation)
    return consultation


def consultation_url(suffix: str = "", *, api_path: bool = False) -> Callable[[object], str]:
    prefix = "/api/v1/consultations" if api_path else "/consultations"
    return lambda _f: f"{prefix}/{matrix_consultation().pk}/{suffix}"


def fresh_link(_f: object) -> str:
    """A new single-use link for each request, so each role finds it unused."""
    secretariat = User.objects.get(username="secretariat")
    (token,) = issue(secretariat, matrix_consultation(), 1)
    return f"/c/{token}/"


def new_consultation_form(_f: object) -> dict[str, object]:
    today = timezone.localdate().isoformat()
    return {
        "title_en": "Matrix new consultation",
        "opens_on": today,
        "closes_on": today,
        "minimum_group_size": 5,
    }


def new_consultation_payload(_f: object) -> dict[str, object]:
    today = timezone.localdate().isoformat()
    return {"title": {"en": "Matrix API consultation"}, "opens_on": today, "closes_on": today}


# Readers of published results, and the secretariat who runs consultations.
READERS = {SECRETARIAT, COORDINATOR, RAPPORTEUR, PARTNER}
MANAGERS = {SECRETARIAT}

CONSULTATION_ENDPOINTS: list[Endpoint] = [
    web("consultations:list", "/consultations/", READERS),
    web("consultations:new", "/consultations/new/", MANAGERS),
    web(
        "consultations:new",
        "/consultations/new/",
        MANAGERS,
        method="post",
        ok=302,
        data=new_consultation_form,
    ),
    web("consultations:detail", consultation_url(), READERS),
    web("consultations:edit", consultation_url("edit/"), MANAGERS),
    web("consultations:question_new", consultation_url("questions/new/"), MANAGERS),
    web(
        "consultations:question_delete",
        consultation_url("questions/999999/delete/"),
        MANAGERS,
        method="post",
        ok=404,  # no such question in the consultation
    ),
    web("consultations:invitations", consultation_url("invitations/"), MANAGERS),
    web(
        "consultations:invitations",
        consultation_url("invitations/"),
        MANAGERS,
        method="post",
        data=lambda _f: {"count": 2, "delivery": "page"},
    ),
    web(
        "consultations:invitations_revoke",
        consultation_url("invitations/revoke/"),
        MANAGERS,
        method="post",
        ok=302,
        data=lambda _f: {"references": ""},
    ),
    web("consultations:results", consultation_url("results/"), READERS),
    web("consultations:review", consultation_url("review/"), MANAGERS),
    web(
        "consultations:review_answer",
        consultation_url("review/00000000-0000-4000-8000-000000000000/"),
        MANAGERS,
        method="post",
        ok=302,  # no such answer: back to the review page with a message
        data=lambda _f: {},
    ),
    web("consultations:publish", consultation_url("publish/"), MANAGERS, method="post", ok=302),
    web("consultations:summary", consultation_url("summary.pdf"), READERS),
    web("consultations:summary", consultation_url("summary.xlsx"), READERS),
    # Respondents: no account, for anyone holding a link.
    web("respondent:answer", fresh_link, EVERYONE),
    web("respondent:answer", "/c/NoSuchLinkAtAll1234/", EVERYONE, ok=404),
    web("respondent:done", "/c/done/", EVERYONE),
    api("v1:consultations", "/api/v1/consultations/", READERS),
    api(
        "v1:consultations",
        "/api/v1/consultations/",
        MANAGERS,
        method="post",
        ok=201,
        data=new_consultation_payload,
    ),
    api("v1:consultation", consultation_url(api_path=True), READERS),
    api(
        "v1:consultation-invitations",
        consultation_url("invitations/", api_path=True),
        MANAGERS,
        method="post",
        ok=201,
        data=lambda _f: {"count": 1},
    ),
    api("v1:consultation-results", consultation_url("results/", api_path=True), READERS),
]
