"""The registry's pages: the review season, households, imports, applications, the work list and the logs."""

from __future__ import annotations

from django.urls import path

from povmis.registry.views import (
    applications,
    cycle_actions,
    cycles,
    households,
    imports,
    monthly_report,
    printable,
    reads,
    work,
)

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
    path("households/", households.household_list, name="household-list"),
    path("households/<str:code>/", households.household_detail, name="household-detail"),
    path("households/<str:code>/propose/", households.propose, name="household-propose"),
    path("changes/<int:pk>/decide/", households.decide, name="change-decide"),
    path("applications/", applications.application_list, name="application-list"),
    path("applications/<int:pk>/", applications.application_detail, name="application-detail"),
    path("applications/<int:pk>/act/", applications.application_act, name="application-act"),
    path("applications/<int:pk>/decision/", applications.decision_print, name="application-decision"),
    path("applications/<int:pk>/certificate/", applications.certificate_print, name="application-certificate"),
    path("applications/<int:pk>/decision.pdf", applications.decision_pdf, name="application-decision-pdf"),
    path("applications/<int:pk>/certificate.pdf", applications.certificate_pdf, name="application-certificate-pdf"),
    path("applications/monthly-report/", monthly_report.report_page, name="monthly-report"),
    path("applications/monthly-report.xlsx", monthly_report.report_xlsx, name="monthly-report-xlsx"),
    path("audit/reads/", reads.read_log_page, name="read-log"),
    path("audit/changes/", reads.audit_log_page, name="audit-log"),
]
