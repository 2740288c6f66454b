"""The programme's pages: disbursement by project on a date, the lagging ones flagged, and the year's curve."""

from __future__ import annotations

import datetime as dt

import plotly
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from povmis.core.programmes.definition import available_programmes, load_programme
from povmis.programme import queries
from povmis.programme.charts import year_curve_figure

DEFAULT_PROGRAMME = "ntp-spr-2021-2025"


@login_required
@require_GET
def disbursement(request: HttpRequest) -> HttpResponse:
    programme_id = request.GET.get("programme", DEFAULT_PROGRAMME)
    if programme_id not in available_programmes():
        raise Http404("no such programme")
    try:
        on = dt.date.fromisoformat(request.GET["on"]) if request.GET.get("on") else timezone.localdate()
    except ValueError:
        on = timezone.localdate()  # a mistyped date shows today rather than an error page
    programme = load_programme(programme_id)
    table = queries.lag_table(request.user, on, programme_id, ["project"])
    names = {project.id: project.name for project in programme.projects}
    language = "vi" if (request.LANGUAGE_CODE or "vi").startswith("vi") else "en"
    rows = [{**row, "name": names.get(row["project"], {}).get(language, row["project"])} for row in table.to_dicts()]
    total = queries.disbursement_report(request.user, on, (), programme_id)["total"]
    context = {
        "programme": programme,
        "programme_name": programme.name[language],
        "programmes": available_programmes(),
        "on": on,
        "rows": rows,
        "total": total,
        "figure": year_curve_figure(queries.curves(request.user, programme_id, on.year), on.year),
        "plotly_url": reverse("monitoring:plotly", args=[plotly.__version__]),
    }
    return render(request, "programme/disbursement.html", context)
