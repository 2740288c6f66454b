from __future__ import annotations

from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "povmis.monitoring"
    label = "monitoring"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Counts are written when results are stored, never while a page is being served.
        from povmis.monitoring import risk, risk_work  # noqa: PLC0415  # models are ready only now
        from povmis.monitoring.summaries import (  # noqa: PLC0415  # models are ready only now
            on_results_amended,
            on_results_stored,
        )
        from povmis.registry.signals import (  # noqa: PLC0415  # models are ready only now
            results_amended,
            results_stored,
        )
        from povmis.registry.views.work import register  # noqa: PLC0415  # models are ready only now

        results_stored.connect(on_results_stored, dispatch_uid="monitoring-counts")
        results_amended.connect(on_results_amended, dispatch_uid="monitoring-counts-again")
        # The risk is trained in the worker, queued when a classification is stored.
        results_stored.connect(risk.on_results_stored, dispatch_uid="monitoring-risk")
        results_amended.connect(risk.on_results_amended, dispatch_uid="monitoring-risk-again")
        register(risk_work.households_at_risk)
