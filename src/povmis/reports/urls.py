"""Report exports: the list page, one workbook per review, and the steering committee's summary."""

from __future__ import annotations

from django.urls import path

from povmis.reports import export_jobs, programme_views, views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/tables.xlsx", views.tables_xlsx, name="xlsx"),
    path("<int:year>/tables.xlsx/job/", export_jobs.queue_tables, name="xlsx-job"),
    path("summary.pdf", views.summary_pdf, name="pdf"),
    path("summary.pdf/job/", export_jobs.queue_summary, name="pdf-job"),
    path("programme/steering.pdf", programme_views.steering, name="programme-steering"),
    path("programme/<str:period>/<str:form>.<str:extension>", programme_views.form_export, name="programme-form"),
]
