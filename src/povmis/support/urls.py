"""Support's pages."""

from __future__ import annotations

from django.urls import path

from povmis.support import views

app_name = "support"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("missed/<str:policy>/", views.missed, name="missed"),
    path("missed/<str:policy>/export.xlsx", views.missed_export, name="missed-export"),
    path("ineligible/<str:policy>/", views.ineligible, name="ineligible"),
    path("deliveries/new/", views.record_delivery, name="record-delivery"),
    path("deliveries/import/", views.import_deliveries, name="import-deliveries"),
]
