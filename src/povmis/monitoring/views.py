"""The dashboard pages: each asks :func:`focus_of` first, so a figure only ever counts the user's area."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

import plotly
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from povmis.monitoring import as_of, data, links
from povmis.monitoring.focus import Focus, focus_of
from povmis.monitoring.households import Filters, household_results
from povmis.monitoring.maps import map_page
from povmis.monitoring.overview import overview_page
from povmis.monitoring.profiles import deprivation_page, transition_page
from povmis.monitoring.support_targets import support_promises
from povmis.monitoring.targets import targets_page
from povmis.registry.models import ReviewCycle, StandardRun

PAGE_SIZE = 50
TABS = ("overview", "targets", "deprivations", "transitions", "map")


def _year(request: HttpRequest, years: list[int]) -> int:
    if not years:
        raise Http404("no review has been classified yet")
    text = request.GET.get("year", "")
    if not text:
        return years[-1]
    if not text.isdigit() or int(text) not in years:
        raise Http404("no classified review for that year")
    return int(text)


def _render(request: HttpRequest, tab: str, focus: Focus, context: dict[str, Any], year: int | None) -> HttpResponse:
    base = {
        "tab": tab,
        "focus": focus,
        "trail": [(unit, links.page(tab, unit.code, year)) for unit in focus.trail()],
        "tabs": [(name, links.page(name, focus.code, year)) for name in TABS],
        "year": year,
        "year_links": [(y, links.page(tab, focus.code, y)) for y in data.years()] if year is not None else [],
        "plotly_url": links.plotly_url(),
        **_standard_shown(year),
    }
    return render(request, f"monitoring/{tab}.html", {**base, **context})


def _yearly(tab: str, build: Callable[[Focus, int], dict[str, Any]]) -> Callable[[HttpRequest], HttpResponse]:
    @login_required
    @require_GET
    def view(request: HttpRequest) -> HttpResponse:
        focus = focus_of(request.user, request.GET.get("unit"))
        year = _year(request, data.years())
        return _render(request, tab, focus, build(focus, year), year)

    view.__name__ = tab
    return view


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    focus = focus_of(request.user, request.GET.get("unit"))
    day = as_of.day_of(request.GET)
    section = as_of.as_of_section(focus, day) if day is not None else {}
    return _render(request, "overview", focus, {**overview_page(focus), **section}, None)


@login_required
@require_GET
def targets(request: HttpRequest) -> HttpResponse:
    focus = focus_of(request.user, request.GET.get("unit"))
    context = targets_page(focus, request.GET.get("level", ""), request.GET.get("target", ""))
    context["support_plans"] = support_promises(request.user, focus)
    return _render(request, "targets", focus, context, None)


deprivations = _yearly("deprivations", deprivation_page)
transitions = _yearly("transitions", transition_page)
map_view = _yearly("map", map_page)


@login_required
@require_GET
def households(request: HttpRequest) -> HttpResponse:
    focus = focus_of(request.user, request.GET.get("unit"))
    year = _year(request, data.years())
    filters = Filters.from_query(request.GET, year)
    day = as_of.day_of(request.GET)
    page: Any
    if day is None:
        page = Paginator(household_results(request.user, focus, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    else:  # the list in force on the day: the households of the figure "as of" it
        try:
            review, found = as_of.households_on(focus, day, filters)
        except LookupError as error:
            raise Http404("no classified review was in force on that day") from error
        page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = as_of.listed(request.user, list(page.object_list), review)  # the page's rows, scoped
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "filters": filters, "query": query.urlencode(), "as_of": day}
    return _render(request, "households", focus, context, year)


def _standard_shown(year: int | None) -> dict[str, Any]:
    """Which standard a year's figures are under, and the page of the same review under a further one."""
    if year is None:
        return {}
    cycle = ReviewCycle.objects.filter(year=year).first()
    if cycle is None:
        return {}
    further = StandardRun.objects.filter(cycle=cycle).order_by("standard_id").first()
    link = f"{reverse('monitoring:standards')}?year={year}&standard={further.standard_id}" if further else None
    return {"standard_id": cycle.standard_id, "further_link": link}


@cache
def _plotly_js() -> bytes:
    return (resources.files("plotly") / "package_data" / "plotly.min.js").read_bytes()


@require_GET
def plotly_js(request: HttpRequest, version: str) -> HttpResponse:
    """plotly.js from the installed plotly package: no CDN; the version in the address makes it cacheable."""
    if version != plotly.__version__:
        raise Http404("another plotly version")
    response = HttpResponse(_plotly_js(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
