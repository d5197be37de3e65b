"""The respondent's pages: no account, no cookie, nothing that traces back.

- The single-use link is the respondent's only key. These views never look
  at ``request.user`` (someone else's login on a shared phone must not mix
  with the answers) and write no audit row (the exact time of answering
  would narrow down who answered).
- They set no cookie: the pages do not extend ``base.html``, whose language
  form would set a CSRF cookie, and the language is chosen with a link
  (``?lang=``), not a cookie. CSRF protection is not needed here: a forged
  request would have to know the link's token, which is the secret itself.
- Answers are kept out of caches and the link out of referrer headers.
- The client address never reaches the audit context (see
  ``thbhub.audit.middleware``); the path, which holds the token, is kept out
  of the session-expiry audit row (``thbhub.accounts.middleware``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.csrf import csrf_exempt

from thbhub.consultations.forms import answer_field_name, respondent_form
from thbhub.consultations.models import DEFAULT_LANGUAGE, Consultation, in_language
from thbhub.consultations.selectors import complete_languages, invitation_for_token
from thbhub.consultations.services import (
    InvitationUnusable,
    check_answers,
    invitation_problem,
    response_submit,
)

# The page a respondent sees for a link that cannot be used, with its status.
PROBLEM_STATUS = {"invalid": 404, "used": 410, "revoked": 410, "closed": 410, "not_open": 200}


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _language(request: HttpRequest, offered: list[str]) -> str:
    """The language asked for in the link, else the browser's, if offered."""
    asked = request.GET.get("lang", "").lower()
    if asked in offered:
        return asked
    browser = (getattr(request, "LANGUAGE_CODE", "") or "").lower()
    return browser if browser in offered else DEFAULT_LANGUAGE


def _language_links(offered: list[str], current: str) -> list[dict[str, Any]]:
    names = dict(settings.LANGUAGES)
    return [
        {
            "code": code,
            "name": translation.get_language_info(code)["name_local"],
            "current": code == current,
        }
        for code in offered
        if code in names
    ]


def _problem_page(
    request: HttpRequest, problem: str, consultation: Consultation | None
) -> HttpResponse:
    offered = [code for code, _name in settings.LANGUAGES]
    language = _language(request, offered)
    with translation.override(language):
        response = render(
            request,
            "consultations/respondent_problem.html",
            {
                "problem": problem,
                "consultation_title": in_language(consultation.title, language)
                if consultation
                else "",
                "opens_on": consultation.opens_on if consultation else None,
                "languages": _language_links(offered, language),
            },
            status=PROBLEM_STATUS[problem],
        )
    return _private(response)


@csrf_exempt
def answer(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_for_token(token)
    problem = invitation_problem(invitation, timezone.localdate())
    if problem is not None or invitation is None:
        return _problem_page(
            request, problem or "invalid", invitation.consultation if invitation else None
        )
    consultation = invitation.consultation
    offered = complete_languages(consultation)
    language = _language(request, offered)
    questions = list(consultation.questions.prefetch_related("options"))
    with translation.override(language):
        form = respondent_form(questions, language, request.POST or None)
        problems: dict[int, str] = {}
        if request.method == "POST" and form.is_valid():
            answers = {q.pk: form.cleaned_data.get(answer_field_name(q)) for q in questions}
            problems = check_answers(questions, answers)
            if not problems:
                try:
                    response_submit(token=token, answers=answers)
                except InvitationUnusable as unusable:
                    return _problem_page(request, unusable.reason, consultation)
                except ValidationError:
                    problems = check_answers(questions, answers)
                else:
                    return _private(redirect(f"{reverse('respondent:done')}?lang={language}"))
        items = [
            {
                "question": question,
                "field": form[answer_field_name(question)],
                "problem": problems.get(question.pk, ""),
            }
            for question in questions
        ]
        response = render(
            request,
            "consultations/respondent_form.html",
            {
                "title": in_language(consultation.title, language),
                "purpose": in_language(consultation.purpose, language),
                "closes_on": consultation.closes_on,
                "items": items,
                "has_problems": bool(problems) or bool(form.errors),
                "languages": _language_links(offered, language),
                "language": language,
            },
            status=400 if problems or form.errors else 200,
        )
    return _private(response)


def done(request: HttpRequest) -> HttpResponse:
    offered = [code for code, _name in settings.LANGUAGES]
    language = _language(request, offered)
    with translation.override(language):
        response = render(
            request,
            "consultations/respondent_done.html",
            {"languages": _language_links(offered, language)},
        )
    return _private(response)
