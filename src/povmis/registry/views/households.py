"""The household list (scoped search and filters) and the household page: answers, class explained, history."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from povmis.accounts.scoping import Access, AnyUser, can, scope
from povmis.core.standard import load_standard
from povmis.errors import ServiceError
from povmis.registry import labels, queries, status_queries
from povmis.registry.explanation import IndicatorState, explain_household
from povmis.registry.models import AuditEntry, ChangeRequest, Household, ReviewCycle
from povmis.registry.services import decide_change, propose_change
from povmis.registry.views.access import require, signed_in
from povmis.registry.views.answers import questions, shown
from povmis.registry.views.forms import DecideForm, ProposeForm
from povmis.registry.views.rules import labels_of, rule_views

PAGE_SIZE = 50
# The household's support section (its entitlements and deliveries), added by the support app that sits
# above the registry (support/apps.py): the user, the household, the year and the indicators it lacks.
SupportSection = Callable[[AnyUser, Household, int, list[IndicatorState]], Any]
_support_section: list[SupportSection] = []


def register_support_section(section: SupportSection) -> None:
    _support_section[:] = [section]


ALL_YEARS = "all"


@login_required
def household_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    years = [cycle.year for cycle in queries.cycles(user)]
    year_text = request.GET.get("year") or (str(years[0]) if years else ALL_YEARS)
    year = int(year_text) if year_text.isdigit() and int(year_text) in years else None
    filters = {key: request.GET.get(key, "").strip() for key in ("commune", "village", "class", "q")}
    try:
        found = queries.households(
            user,
            commune=filters["commune"] or None,
            village=filters["village"] or None,
            year=year,
            household_class=(filters["class"] or None) if year is not None else None,
            search=filters["q"] or None,
        )
    except ServiceError as error:
        raise Http404(str(error)) from None
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    communes = queries.units(user, level="commune")
    villages = queries.units(user, level="village", parent=filters["commune"]) if filters["commune"] else []
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "year": year,
        "years": years,
        "filters": filters,
        "communes": communes,
        "villages": villages,
        "classes": list(labels.CLASSES),
        "query": query.urlencode(),
    }
    return render(request, "web/household_list.html", context)


@login_required
def household_detail(request: HttpRequest, code: str) -> HttpResponse:
    year_text = request.GET.get("year", "")
    try:
        explained = explain_household(request.user, code, int(year_text) if year_text.isdigit() else None)
    except (Household.DoesNotExist, ReviewCycle.DoesNotExist):
        raise Http404("no such household") from None
    household = explained.household
    return render(request, "web/household_detail.html", _detail_context(request, explained, household))


def _detail_context(request: HttpRequest, explained: Any, household: Household) -> dict[str, Any]:
    user = request.user
    cycle = ReviewCycle.objects.filter(year=explained.year).first() if explained.year else None
    standard = load_standard(cycle.standard_id) if cycle else None
    names = labels_of(standard) if standard else {}
    asked = questions(standard)
    rules = rule_views(standard, explained.answers, explained.members) if standard else {}
    may_edit = cycle is not None and not cycle.is_closed and can(user, household, Access.EDIT)
    classified_at = explained.classification.classified_at if explained.classification else None
    requests = list(queries.change_requests(user, household_code=household.code))
    audit = scope(user, AuditEntry.objects.filter(household=household)).select_related("changed_by", "cycle")
    fields = _answer_fields(standard, names) if standard else []
    member_columns = (
        [q.id for q in standard.questionnaire.member if q.id not in {"household_id", "member_id"}] if standard else []
    )
    vietnamese = (get_language() or "vi").startswith("vi")
    return {
        "explained": explained,
        "household": household,
        "cycle": cycle,
        "answers": [(names.get(k, k), k, shown(asked.get(k), v)) for k, v in (explained.answers or {}).items()],
        "member_columns": [(c, names.get(c, c)) for c in member_columns],
        "members": [(m, [shown(asked.get(c), m.answers.get(c)) for c in member_columns]) for m in explained.members],
        "indicators": [(ind, rules.get(ind.id)) for ind in explained.classification.indicators]
        if explained.classification
        else [],
        "reason": (explained.classification.reason_vi if vietnamese else explained.classification.reason_en)
        if explained.classification
        else "",
        "requests": requests,
        "audit": audit,
        "statuses": status_queries.of_household(household),
        "answered_since_classified": bool(
            classified_at and explained.answered_at and explained.answered_at > classified_at
        ),
        "may_edit": may_edit,
        "may_decide": may_edit,
        "propose_form": ProposeForm(fields=fields) if may_edit else None,
        "decide_form": DecideForm(),
        "support": _support_section[0](
            user, household, explained.year, [i for i in explained.classification.indicators if i.deprived]
        )
        if explained.year and explained.classification and _support_section
        else None,
    }


def _answer_fields(standard: Any, names: dict[str, str]) -> list[tuple[str, str]]:
    skip = {"household_id", "member_id"}
    household = [(q.id, names.get(q.id, q.id)) for q in standard.questionnaire.household if q.id not in skip]
    member = [
        (q.id, f"{names.get(q.id, q.id)} ({_('member')})") for q in standard.questionnaire.member if q.id not in skip
    ]
    return household + member


@login_required
@require_POST
def propose(request: HttpRequest, code: str) -> HttpResponse:
    require(request, Access.EDIT)
    try:
        household = queries.household(request.user, code)
        cycle = queries.cycle(request.user, int(request.POST.get("year", "")))
    except (Household.DoesNotExist, ReviewCycle.DoesNotExist, ValueError):
        raise Http404("no such household") from None
    standard = load_standard(cycle.standard_id)
    form = ProposeForm(request.POST, fields=_answer_fields(standard, labels_of(standard)))
    if not form.is_valid():
        messages.error(request, _("The proposal is incomplete: %(errors)s") % {"errors": form.errors.as_text()})
        return redirect(_household_url(code, cycle.year))
    data = form.cleaned_data
    try:
        propose_change(
            household,
            cycle=cycle,
            user=signed_in(request),
            field=data["field"],
            value=data["value"],
            reason=data["reason"],
            kind=data["kind"],
            member_code=data["member_code"],
        )
    except ServiceError as error:
        messages.error(request, _("The proposal was refused: %(reason)s") % {"reason": error.shown()})
    else:
        messages.success(request, _("Proposal recorded; another cadre reviews it."))
    return redirect(_household_url(code, cycle.year))


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, Access.EDIT)
    try:
        change = queries.change_request(request.user, pk)
    except ChangeRequest.DoesNotExist:
        raise Http404("no such request") from None
    form = DecideForm(request.POST)
    if form.is_valid():
        try:
            decide_change(
                change,
                user=signed_in(request),
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
        except ServiceError as error:
            messages.error(request, _("The decision was refused: %(reason)s") % {"reason": error.shown()})
        else:
            messages.success(request, _("Decision recorded."))
    return redirect(_household_url(change.household.code, change.cycle.year))


def _household_url(code: str, year: int) -> str:
    return f"{reverse('household-detail', args=[code])}?year={year}"
