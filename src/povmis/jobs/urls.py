"""A job's pages: its progress, its state as JSON for the page's reload, running it again, its file."""

from __future__ import annotations

from django.urls import path

from povmis.jobs import views

urlpatterns = [
    path("jobs/<int:pk>/", views.job_detail, name="job-detail"),
    path("jobs/<int:pk>/status/", views.job_status, name="job-status"),
    path("jobs/<int:pk>/retry/", views.job_retry, name="job-retry"),
    path("jobs/<int:pk>/download/", views.job_download, name="job-download"),
]
