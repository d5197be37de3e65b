"""Web pages of national strategies and action plans and of the good-practice library."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thbhub.access.permissions import Perm
from thbhub.access.policies import user_has
from thbhub.accounts.models import User
from thbhub.core.concurrency import EditConflictError
from thbhub.core.web import add_service_errors, permission_required
from thbhub.directory.models import Institution
from thbhub.network import services
from thbhub.network.codes import indicator_choices
from thbhub.network.exports import XLSX_TYPE, write_strategies_xlsx
from thbhub.network.forms import (
    ActionForm,
    ActionStatusForm,
    PracticeFilterForm,
    PracticeForm,
    StrategyFilterForm,
    StrategyForm,
)
from thbhub.network.selectors import (
    access_action,
    access_practice,
    access_strategy,
    actions_for_export,
    actions_of,
    practices_editable_by,
    practices_visible_to,
    strategies_editable_by,
    strategies_visible_to,
)
from thbhub.reference.selectors import countries_in_reach

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _form_page(
    request: HttpRequest, form: Any, heading: str, back_url: str, back_label: str
) -> HttpResponse:
    return render(
        request,
        "form_page.html",
        {"form": form, "heading": heading, "back_url": back_url, "back_label": back_label},
    )


def _country_code(form: StrategyFilterForm | PracticeFilterForm) -> str:
    if form.is_valid() and form.cleaned_data.get("country"):
        return str(form.cleaned_data["country"].code)
    return ""


# Strategies and action plans


@permission_required(Perm.STRATEGIES_VIEW)
def strategy_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = StrategyFilterForm(request.GET or None)
    country = _country_code(form)
    page = Paginator(strategies_visible_to(user, country=country), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "network/strategy_list.html",
        {
            "form": form,
            "page": page,
            "country": country,
            "query_string": query.urlencode(),
            "can_add": user_has(user, Perm.STRATEGIES_EDIT),
            "editable": set(strategies_editable_by(user).values_list("pk", flat=True)),
        },
    )


@permission_required(Perm.STRATEGIES_VIEW)
def strategy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    strategy = access_strategy(user, pk)
    can_edit = strategies_editable_by(user).filter(pk=strategy.pk).exists()
    return render(
        request,
        "network/strategy_detail.html",
        {"strategy": strategy, "actions": actions_of(strategy), "can_edit": can_edit},
    )


@permission_required(Perm.STRATEGIES_VIEW)
def strategy_export(request: HttpRequest) -> HttpResponse:
    country = _country_code(StrategyFilterForm(request.GET or None))
    body = write_strategies_xlsx(actions_for_export(_user(request), country=country))
    response = HttpResponse(body, content_type=XLSX_TYPE)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="strategies-{stamp}.xlsx"'
    return response


def _strategy_data(form: StrategyForm) -> services.StrategyData:
    data = form.cleaned_data
    return services.StrategyData(
        country_id=data["country"].code,
        kind=data["kind"],
        title=data["title"],
        period_from=data["period_from"],
        period_to=data["period_to"],
        adopted_on=data["adopted_on"],
        adopting_body=data["adopting_body"],
        funding_earmarked=data["funding_earmarked"],
        funding_currency=data["funding_currency"],
    )


@permission_required(Perm.STRATEGIES_EDIT)
def strategy_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = _user(request)
    strategy = access_strategy(user, pk, for_edit=True) if pk is not None else None
    initial: dict[str, Any] = {"country": user.country_id, "funding_currency": "EUR"}
    countries = countries_in_reach(user, Perm.STRATEGIES_EDIT).filter(network_member=True)
    if strategy is not None:
        initial = {
            name: getattr(strategy, name)
            for name in (
                "kind",
                "title",
                "period_from",
                "period_to",
                "adopted_on",
                "adopting_body",
                "funding_earmarked",
                "funding_currency",
                "version",
            )
        }
        initial["country"] = strategy.country_id
        countries = countries.filter(code=strategy.country_id)
    form = StrategyForm(request.POST or None, initial=initial, countries=countries)
    if request.method == "POST" and form.is_valid():
        try:
            if strategy is None:
                strategy = services.strategy_create(actor=user, data=_strategy_data(form))
            else:
                services.strategy_update(
                    actor=user,
                    strategy=strategy,
                    data=_strategy_data(form),
                    expected_version=form.cleaned_data["version"] or 0,
                )
            messages.success(request, _("The strategy is saved."))
            return redirect("network:strategy", pk=strategy.pk)
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflictError as conflict:
            form.add_error(None, str(conflict))
    heading = _("Edit strategy") if strategy else _("Add a strategy or action plan")
    return _form_page(
        request, form, heading, reverse("network:strategies"), _("Strategies and action plans")
    )


def _action_data(form: ActionForm) -> services.ActionData:
    data = form.cleaned_data
    institution = data["responsible_institution"]
    return services.ActionData(
        text=data["text"],
        responsible_institution_id=institution.pk if institution else None,
        deadline=data["deadline"],
        recommendation_ids=[item.pk for item in data["recommendations"]],
    )


@permission_required(Perm.STRATEGIES_EDIT)
def action_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    strategy = access_strategy(user, pk, for_edit=True)
    form = ActionForm(
        request.POST or None,
        institutions=Institution.objects.filter(country_id=strategy.country_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_create(actor=user, strategy=strategy, data=_action_data(form))
            messages.success(request, _("The action is added."))
            return redirect("network:strategy", pk=strategy.pk)
        except ValidationError as error:
            add_service_errors(form, error)
    return _form_page(
        request,
        form,
        _("Add an action"),
        reverse("network:strategy", args=[strategy.pk]),
        strategy.title,
    )


@permission_required(Perm.STRATEGIES_EDIT)
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    action = access_action(user, pk, for_edit=True)
    initial = {
        "text": action.text,
        "responsible_institution": action.responsible_institution_id,
        "deadline": action.deadline,
        "recommendations": list(action.recommendations.values_list("pk", flat=True)),
        "version": action.version,
    }
    form = ActionForm(
        request.POST or None,
        initial=initial,
        institutions=Institution.objects.filter(country_id=action.strategy.country_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(
                actor=user,
                action=action,
                data=_action_data(form),
                expected_version=form.cleaned_data["version"] or 0,
            )
            messages.success(request, _("The action is saved."))
            return redirect("network:strategy", pk=action.strategy_id)
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflictError as conflict:
            form.add_error(None, str(conflict))
    return _form_page(
        request,
        form,
        _("Edit action"),
        reverse("network:strategy", args=[action.strategy_id]),
        action.strategy.title,
    )


@permission_required(Perm.STRATEGIES_EDIT)
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    action = access_action(user, pk, for_edit=True)
    form = ActionStatusForm(
        request.POST or None, initial={"status": action.status, "version": action.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_status_set(
                actor=user,
                action=action,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
            )
            messages.success(request, _("The implementation status is recorded."))
            return redirect("network:strategy", pk=action.strategy_id)
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflictError as conflict:
            form.add_error(None, str(conflict))
    return _form_page(
        request,
        form,
        _("Implementation status of the action"),
        reverse("network:strategy", args=[action.strategy_id]),
        action.strategy.title,
    )


# The good-practice library


@permission_required(Perm.PRACTICES_VIEW)
def practice_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = PracticeFilterForm(request.GET or None)
    filters = {"theme": "", "query": "", "country": _country_code(form)}
    if form.is_valid():
        filters["theme"] = form.cleaned_data.get("theme") or ""
        filters["query"] = form.cleaned_data.get("query") or ""
    page = Paginator(practices_visible_to(user, **filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "network/practice_list.html",
        {
            "form": form,
            "page": page,
            "query_string": query.urlencode(),
            "can_add": user_has(user, Perm.PRACTICES_EDIT),
        },
    )


@permission_required(Perm.PRACTICES_VIEW)
def practice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    practice = access_practice(user, pk)
    labels = dict(indicator_choices())
    return render(
        request,
        "network/practice_detail.html",
        {
            "practice": practice,
            "indicators": [(code, labels.get(code, code)) for code in practice.indicators],
            "recommendations": practice.recommendations.order_by("code"),
            "can_edit": practices_editable_by(user).filter(pk=practice.pk).exists(),
        },
    )


def _practice_data(form: PracticeForm) -> services.PracticeData:
    data = form.cleaned_data
    institution = data["contact_institution"]
    return services.PracticeData(
        country_id=data["country"].code,
        title=data["title"],
        description=data["description"],
        themes=list(data["themes"]),
        indicators=list(data["indicators"]),
        recommendation_ids=[item.pk for item in data["recommendations"]],
        contact_institution_id=institution.pk if institution else None,
    )


@permission_required(Perm.PRACTICES_EDIT)
def practice_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = _user(request)
    practice = access_practice(user, pk, for_edit=True) if pk is not None else None
    countries = countries_in_reach(user, Perm.PRACTICES_EDIT).filter(network_member=True)
    initial: dict[str, Any] = {"country": user.country_id}
    if practice is not None:
        countries = countries.filter(code=practice.country_id)
        initial = {
            "country": practice.country_id,
            "title": practice.title,
            "description": practice.description,
            "themes": practice.themes,
            "indicators": practice.indicators,
            "recommendations": list(practice.recommendations.values_list("pk", flat=True)),
            "contact_institution": practice.contact_institution_id,
            "version": practice.version,
        }
    form = PracticeForm(
        request.POST or None,
        initial=initial,
        countries=countries,
        institutions=Institution.objects.filter(country__in=countries),
    )
    if request.method == "POST" and form.is_valid():
        try:
            if practice is None:
                practice = services.practice_create(actor=user, data=_practice_data(form))
            else:
                services.practice_update(
                    actor=user,
                    practice=practice,
                    data=_practice_data(form),
                    expected_version=form.cleaned_data["version"] or 0,
                )
            messages.success(request, _("The practice is saved."))
            return redirect("network:practice", pk=practice.pk)
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflictError as conflict:
            form.add_error(None, str(conflict))
    heading = _("Edit practice") if practice else _("Describe a good practice")
    return _form_page(
        request, form, heading, reverse("network:practices"), _("Good-practice library")
    )
