"""Report exports: the list page, one workbook per review, and the steering committee's summary."""

from __future__ import annotations

from django.urls import path

from povmis.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/tables.xlsx", views.tables_xlsx, name="xlsx"),
    path("summary.pdf", views.summary_pdf, name="pdf"),
]
