"""The review season's pages."""

from __future__ import annotations

from django.urls import path

from povmis.web import cycle_actions, cycles, households, imports, jobs, printable, reads, tokens, users, work

urlpatterns = [
    path("", work.home, name="home"),
    path("cycles/", cycles.cycle_list, name="cycle-list"),
    path("cycles/open/", cycle_actions.open_review, name="cycle-open"),
    path("cycles/<int:year>/", cycles.cycle_progress, name="cycle-progress"),
    path("cycles/<int:year>/close/", cycle_actions.close_review, name="cycle-close"),
    path("cycles/<int:year>/classify/", cycles.classify, name="cycle-classify"),
    path("cycles/<int:year>/<str:commune>/advance/", cycles.advance, name="cycle-advance"),
    path("cycles/<int:year>/<str:commune>/village-meeting/", printable.village_meeting, name="print-village-meeting"),
    path("cycles/<int:year>/<str:commune>/public-notice/", printable.public_notice, name="print-public-notice"),
    path("imports/", imports.upload, name="import-upload"),
    path("imports/<str:token>/", imports.result, name="import-result"),
    path("imports/<str:token>/status/", imports.status, name="import-status"),
    path("imports/<str:token>/errors.xlsx", imports.errors_xlsx, name="import-errors"),
    path("imports/<str:token>/errors.xlsx/job/", imports.errors_job, name="import-errors-job"),
    path("imports/<str:token>/commit/", imports.commit, name="import-commit"),
    path("jobs/<int:pk>/", jobs.job_detail, name="job-detail"),
    path("jobs/<int:pk>/status/", jobs.job_status, name="job-status"),
    path("jobs/<int:pk>/retry/", jobs.job_retry, name="job-retry"),
    path("jobs/<int:pk>/download/", jobs.job_download, name="job-download"),
    path("households/", households.household_list, name="household-list"),
    path("households/<str:code>/", households.household_detail, name="household-detail"),
    path("households/<str:code>/propose/", households.propose, name="household-propose"),
    path("changes/<int:pk>/decide/", households.decide, name="change-decide"),
    path("accounts/tokens/", tokens.token_list, name="api-tokens"),
    path("accounts/users/", users.user_list, name="user-list"),
    path("accounts/users/new/", users.user_new, name="user-new"),
    path("accounts/users/<int:pk>/", users.user_edit, name="user-edit"),
    path("audit/reads/", reads.read_log_page, name="read-log"),
    path("audit/changes/", reads.audit_log_page, name="audit-log"),
    path("accounts/tokens/<int:pk>/revoke/", tokens.revoke, name="api-token-revoke"),
]
