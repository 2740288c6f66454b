"""The programme's pages."""

from __future__ import annotations

from django.urls import path

from povmis.programme import views

app_name = "programme"
urlpatterns = [
    path("", views.disbursement, name="disbursement"),
    path("payments/", views.record_payment, name="record-payment"),
    path("outputs/<str:indicator>/households/", views.households, name="households"),
]
