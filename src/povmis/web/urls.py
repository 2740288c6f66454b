"""The pages that are no domain's: a job's progress, API tokens and user accounts."""

from __future__ import annotations

from django.urls import path

from povmis.web import jobs, tokens, users

urlpatterns = [
    path("jobs/<int:pk>/", jobs.job_detail, name="job-detail"),
    path("jobs/<int:pk>/status/", jobs.job_status, name="job-status"),
    path("jobs/<int:pk>/retry/", jobs.job_retry, name="job-retry"),
    path("jobs/<int:pk>/download/", jobs.job_download, name="job-download"),
    path("accounts/tokens/", tokens.token_list, name="api-tokens"),
    path("accounts/users/", users.user_list, name="user-list"),
    path("accounts/users/new/", users.user_new, name="user-new"),
    path("accounts/users/<int:pk>/", users.user_edit, name="user-edit"),
    path("accounts/tokens/<int:pk>/revoke/", tokens.revoke, name="api-token-revoke"),
]
