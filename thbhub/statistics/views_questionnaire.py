"""Web pages of the round questions, and of editing a submission without a
file: a grid per table, the methodology and the answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thbhub.access.permissions import Perm
from thbhub.access.policies import user_has
from thbhub.accounts.models import User
from thbhub.core.web import add_service_errors, permission_required
from thbhub.statistics import editing, questions
from thbhub.statistics.editing import CellInput, SaveResult
from thbhub.statistics.forms_questionnaire import (
    AnswersForm,
    CompareForm,
    MethodologyForm,
    MoveForm,
    QuestionForm,
)
from thbhub.statistics.models import RoundQuestion, Submission, SubmissionVersion
from thbhub.statistics.selectors import access_round, access_submission
from thbhub.statistics.services import submission_uploadable
from thbhub.statistics.standard import Issue
from thbhub.statistics.tables import Table
from thbhub.statistics.version_differences import (
    answers_shown,
    methodology_shown,
    version_difference,
)

# Round questions ---------------------------------------------------------------


@permission_required(Perm.STATS_VIEW)
def round_questions(request: HttpRequest, year: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    shown = access_round(user, year)
    listed = shown.questions.annotate(
        answered_by=Count("answers__version__submission", distinct=True)
    ).order_by("number")
    return render(
        request,
        "statistics/question_list.html",
        {
            "round": shown,
            "questions": listed,
            "count": len(listed),
            "can_edit": user_has(user, Perm.STATS_MANAGE) and shown.status == "open",
        },
    )


def _question(user: User, year: int, question_id: int) -> RoundQuestion:
    managed = access_round(user, year, perm=Perm.STATS_MANAGE)
    return get_object_or_404(
        RoundQuestion.objects.select_related("round"), round=managed, pk=question_id
    )


def _question_page(
    request: HttpRequest, year: int, form: QuestionForm, heading: str
) -> HttpResponse:
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "heading": heading,
            "back_url": reverse("statistics:round_questions", args=[year]),
            "back_label": _("Questions of the round for %(year)d") % {"year": year},
        },
    )


@permission_required(Perm.STATS_MANAGE)
def round_question_new(request: HttpRequest, year: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    managed = access_round(user, year, perm=Perm.STATS_MANAGE)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = questions.round_question_add(
                actor=user,
                round=managed,
                theme=form.cleaned_data["theme"],
                text=form.cleaned_data["text"],
            )
            messages.success(request, _("Question %(number)d is added.") % {"number": added.number})
            return redirect("statistics:round_questions", year=year)
        except ValidationError as error:
            add_service_errors(form, error)
    return _question_page(request, year, form, _("Add a question"))


@permission_required(Perm.STATS_MANAGE)
def round_question_edit(request: HttpRequest, year: int, question_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    question = _question(user, year, question_id)
    initial = {"theme": question.theme, "text": question.text}
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            questions.round_question_update(
                actor=user,
                question=question,
                theme=form.cleaned_data["theme"],
                text=form.cleaned_data["text"],
            )
            messages.success(
                request, _("Question %(number)d is saved.") % {"number": question.number}
            )
            return redirect("statistics:round_questions", year=year)
        except ValidationError as error:
            add_service_errors(form, error)
    heading = _("Question %(number)d") % {"number": question.number}
    return _question_page(request, year, form, heading)


@require_POST
@permission_required(Perm.STATS_MANAGE)
def round_question_move(request: HttpRequest, year: int, question_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    question = _question(user, year, question_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the position to move the question to, e.g. 1 for first."))
        return redirect("statistics:round_questions", year=year)
    try:
        questions.round_question_move(
            actor=user, question=question, number=form.cleaned_data["number"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("statistics:round_questions", year=year)


@require_POST
@permission_required(Perm.STATS_MANAGE)
def round_question_delete(request: HttpRequest, year: int, question_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    question = _question(user, year, question_id)
    number = question.number
    try:
        questions.round_question_delete(actor=user, question=question)
        messages.success(request, _("Question %(number)d is deleted.") % {"number": number})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("statistics:round_questions", year=year)


# Editing a submission without a file ---------------------------------------------


def _editable_submission(request: HttpRequest, pk: int) -> tuple[Submission, str]:
    """The submission, and why it cannot take a new version ("" if it can)."""
    user: User = request.user  # type: ignore[assignment]
    submission = access_submission(user, pk, perm=Perm.STATS_SUBMIT)
    try:
        submission_uploadable(actor=user, round=submission.round, country_id=submission.country_id)
    except ValidationError as error:
        return submission, " ".join(error.messages)
    return submission, ""


def _saved(request: HttpRequest, result: SaveResult) -> None:
    if result.created and result.version is not None:
        messages.success(
            request,
            _("Version %(number)d is stored with %(warnings)d warnings.")
            % {"number": result.version.number, "warnings": len(result.report.warnings)},
        )
    else:
        messages.info(request, _("Nothing changed, so no new version was stored."))


def _form_page(
    request: HttpRequest,
    submission: Submission,
    form: MethodologyForm | AnswersForm,
    *,
    heading: str,
    refusal: str,
    result: SaveResult | None = None,
) -> HttpResponse:
    return render(
        request,
        "statistics/submission_form.html",
        {
            "submission": submission,
            "form": form,
            "heading": heading,
            "refusal": refusal,
            "report": result.report if result is not None else None,
        },
    )


@permission_required(Perm.STATS_SUBMIT)
def submission_methodology(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    submission, refusal = _editable_submission(request, pk)
    latest = submission.latest_version()
    form = MethodologyForm(
        request.POST if request.method == "POST" else None,
        initial=latest.methodology if latest is not None else {},
    )
    heading = _("Methodology")
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            result = editing.submission_methodology_save(
                actor=user, submission=submission, values=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if result.report.ok:
                _saved(request, result)
                return redirect("statistics:submission", pk=pk)
            return _form_page(request, submission, form, heading=heading, refusal="", result=result)
    return _form_page(request, submission, form, heading=heading, refusal=refusal)


@permission_required(Perm.STATS_SUBMIT)
def submission_answers(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    submission, refusal = _editable_submission(request, pk)
    asked = questions.questions_of(submission.round)
    initial = AnswersForm.initial_for(asked, editing.answers_of(submission.latest_version()))
    form = AnswersForm(
        request.POST if request.method == "POST" else None, questions=asked, initial=initial
    )
    heading = _("Answers to the round's questions")
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            result = editing.submission_answers_save(
                actor=user, submission=submission, answers=form.answers()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if result.report.ok:
                _saved(request, result)
                return redirect("statistics:submission", pk=pk)
            return _form_page(request, submission, form, heading=heading, refusal="", result=result)
    return _form_page(request, submission, form, heading=heading, refusal=refusal)


@dataclass
class GridLine:
    """One line of a table's grid as the template shows it."""

    line: int
    measure: str
    labels: list[str]
    entry: CellInput
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Part of a sum or a comparison some message on another line is about.
    involved: bool = False


def _grid(table: Table, entries: dict[int, CellInput], issues: list[Issue]) -> list[GridLine]:
    title = str(table.title)
    lines = {
        cell.line: GridLine(
            cell.line,
            cell.measure,
            editing.cell_labels(table, cell),
            entries.get(cell.line, CellInput()),
        )
        for cell in editing.table_grid(table)
    }
    for issue in issues:
        if issue.sheet != title:
            continue
        shown = lines.get(issue.row)
        if shown is not None:
            where = shown.errors if issue.severity == "error" else shown.warnings
            where.append(
                f"{issue.column}: {issue.message}" if issue.column != "value" else issue.message
            )
        for row in issue.rows:
            if row in lines and row != issue.row:
                lines[row].involved = True
    return list(lines.values())


def _posted_cells(request: HttpRequest, table: Table) -> dict[int, CellInput]:
    return {
        cell.line: CellInput(
            value=request.POST.get(f"value_{cell.line}", ""),
            flag=request.POST.get(f"flag_{cell.line}", ""),
            note=request.POST.get(f"note_{cell.line}", ""),
        )
        for cell in editing.table_grid(table)
    }


@permission_required(Perm.STATS_SUBMIT)
def submission_table(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    submission, refusal = _editable_submission(request, pk)
    try:
        table = editing.table_of(key)
    except ValidationError:
        return render(request, "404.html", status=404)
    report = None
    if request.method == "POST" and not refusal:
        entries = _posted_cells(request, table)
        try:
            result = editing.submission_table_save(
                actor=user, submission=submission, table_key=key, cells=entries
            )
        except ValidationError as error:
            refusal = " ".join(error.messages)
        else:
            if result.report.ok:
                _saved(request, result)
                return redirect("statistics:submission", pk=pk)
            report = result.report
    else:
        entries = editing.table_values(submission.latest_version(), table)
    issues = report.issues if report is not None else []
    title = str(table.title)
    return render(
        request,
        "statistics/table_form.html",
        {
            "submission": submission,
            "table": table,
            "title": title,
            "grid": _grid(table, entries, issues),
            "flags": editing.flag_choices(),
            "refusal": refusal,
            "report": report,
            "other_errors": [i for i in issues if i.severity == "error" and i.sheet != title],
            "multiple_measures": len(table.measures) > 1,
        },
        status=200,
    )


# Comparing versions ------------------------------------------------------------


def version_comparison(
    request: HttpRequest, submission: Submission, version: SubmissionVersion
) -> dict[str, Any]:
    """The version page's comparison: with ``?against=N`` that version, else
    the one before; a number that is not a version is shown as an error."""
    user: User = request.user  # type: ignore[assignment]
    numbers = [
        number
        for number in submission.versions.order_by("number").values_list("number", flat=True)
        if number != version.number
    ]
    form = CompareForm(request.GET if "against" in request.GET else None, numbers=numbers)
    against = None
    if form.is_bound and form.is_valid():
        against = form.cleaned_data["against"]
    else:
        earlier = [number for number in numbers if number < version.number]
        against = earlier[-1] if earlier else None
        if not form.is_bound and against is not None:
            form = CompareForm(initial={"against": against}, numbers=numbers)
    difference = (
        version_difference(user, submission, against, version.number)
        if against is not None
        else None
    )
    return {"compare_form": form, "difference": difference, "can_compare": bool(numbers)}


def submission_overview(submission: Submission) -> dict[str, Any]:
    """What the submission page shows of the latest version besides its
    files: the tables with their filled cells, the methodology, the answers."""
    latest = submission.latest_version()
    return {
        "table_summaries": editing.table_summaries(latest),
        "methodology": methodology_shown(latest.methodology if latest is not None else {}),
        "answers": answers_shown(latest),
        "latest": latest,
    }
