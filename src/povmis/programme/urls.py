"""The programme's pages."""

from __future__ import annotations

from django.urls import path

from povmis.programme import views

app_name = "programme"
urlpatterns = [
    path("", views.disbursement, name="disbursement"),
]
