from __future__ import annotations

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "povmis.reports"
    label = "reports"
    verbose_name = "Reports"
