"""The monitoring dashboard's pages."""

from __future__ import annotations

from django.urls import path

from povmis.monitoring import (
    forecast_views,
    risk_views,
    scenario_views,
    standards_views,
    views,
    whatif_jobs,
    whatif_views,
)

app_name = "monitoring"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("targets/", views.targets, name="targets"),
    path("deprivations/", views.deprivations, name="deprivations"),
    path("transitions/", views.transitions, name="transitions"),
    path("map/", views.map_view, name="map"),
    path("households/", views.households, name="households"),
    path("whatif/", whatif_views.whatif, name="whatif"),
    path("standards/", standards_views.standards, name="standards"),
    path("forecast/", forecast_views.forecast, name="forecast"),
    path("risk/", risk_views.risk, name="risk"),
    path("risk/export/", risk_views.risk_export, name="risk-export"),
    path("whatif/scenarios/", scenario_views.scenarios, name="scenarios"),
    path("whatif/scenarios/save/", scenario_views.save, name="scenario-save"),
    path("whatif/scenarios/compare/", scenario_views.compare, name="scenario-compare"),
    path("whatif/scenarios/<int:pk>/delete/", scenario_views.delete, name="scenario-delete"),
    path("whatif/job/", whatif_jobs.queue, name="whatif-job"),
    path("plotly-<str:version>.min.js", views.plotly_js, name="plotly"),
]
