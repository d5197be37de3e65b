"""A consultation with every kind of question, and respondents who answer
it through the real respondent page."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from thbhub.accounts.models import User
from thbhub.consultations import services
from thbhub.consultations.models import Consultation, Question, QuestionKind

TOKEN_IN_LINK = re.compile(r"/c/([A-Za-z0-9_\-]+)/")


def make_consultation(
    secretariat: User,
    *,
    minimum: int = 5,
    opens_on: datetime.date | None = None,
    closes_on: datetime.date | None = None,
) -> Consultation:
    today = timezone.localdate()
    consultation = services.consultation_create(
        actor=secretariat,
        data=services.ConsultationData(
            title={"en": "Funding priorities 2027", "sr-latn": "Prioriteti finansiranja 2027"},
            purpose={"en": "Before donors decide.", "sr-latn": "Pre nego što donatori odluče."},
            opens_on=opens_on or today - datetime.timedelta(days=1),
            closes_on=closes_on or today + datetime.timedelta(days=14),
            minimum_group_size=minimum,
        ),
    )
    questions = [
        services.QuestionData(
            kind=QuestionKind.SINGLE,
            text={"en": "Where do you live now?", "sr-latn": "Gde sada živite?"},
            options=[
                {"en": "In a city", "sr-latn": "U gradu"},
                {"en": "In a village", "sr-latn": "Na selu"},
            ],
            breakdown=True,
        ),
        services.QuestionData(
            kind=QuestionKind.MULTIPLE,
            text={"en": "What should funding go to?", "sr-latn": "Za šta treba dati novac?"},
            options=[
                {"en": "Housing", "sr-latn": "Stanovanje"},
                {"en": "Jobs", "sr-latn": "Posao"},
                {"en": "Legal help", "sr-latn": "Pravna pomoć"},
            ],
            required=True,
        ),
        services.QuestionData(
            kind=QuestionKind.SCALE,
            text={"en": "How safe do you feel (1-5)?", "sr-latn": "Koliko se osećate bezbedno?"},
        ),
        services.QuestionData(
            kind=QuestionKind.TEXT,
            text={"en": "Anything else?", "sr-latn": "Još nešto?"},
        ),
    ]
    for data in questions:
        services.question_add(actor=secretariat, consultation=consultation, data=data)
    return consultation


def issue(secretariat: User, consultation: Consultation, count: int) -> list[str]:
    issued = services.invitations_issue(actor=secretariat, consultation=consultation, count=count)
    return [item.token for item in issued]


def question(consultation: Consultation, kind: str) -> Question:
    return consultation.questions.get(kind=kind)


def answer_form(
    consultation: Consultation,
    *,
    place: int = 0,
    funding: tuple[int, ...] = (0,),
    scale: int | None = 4,
    text: str = "",
) -> dict[str, object]:
    """The form as a respondent fills it in: option indexes become ids."""
    single = question(consultation, QuestionKind.SINGLE)
    multiple = question(consultation, QuestionKind.MULTIPLE)
    single_ids = list(single.options.values_list("pk", flat=True))
    multiple_ids = list(multiple.options.values_list("pk", flat=True))
    data: dict[str, object] = {
        f"q{single.pk}": single_ids[place],
        f"q{multiple.pk}": [multiple_ids[i] for i in funding],
        f"q{question(consultation, QuestionKind.TEXT).pk}": text,
    }
    if scale is not None:
        data[f"q{question(consultation, QuestionKind.SCALE).pk}"] = scale
    return data


def respond(
    token: str, data: dict[str, object], *, client: Client | None = None, lang: str = "en"
) -> Any:
    client = client or Client()
    return client.post(f"/c/{token}/?lang={lang}", data)


@pytest.fixture
def secretariat(users: dict[str, User]) -> User:
    return users["secretariat"]


@pytest.fixture
def consultation(secretariat: User) -> Consultation:
    return make_consultation(secretariat)
