from __future__ import annotations

from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "povmis.support"
    label = "support"
    verbose_name = "Support"

    def ready(self) -> None:
        # Entitlements are written when results are stored, never while a page is being served.
        from povmis.registry.signals import (  # noqa: PLC0415  # models are ready only now
            decision_recorded,
            results_amended,
            results_stored,
        )
        from povmis.registry.views.households import (  # noqa: PLC0415  # models are ready only now
            register_support_section,
        )
        from povmis.registry.views.work import register  # noqa: PLC0415  # models are ready only now
        from povmis.support.counts import (  # noqa: PLC0415  # models are ready only now
            on_decision_recorded,
            on_results_amended,
            on_results_stored,
        )
        from povmis.support.household import household_support  # noqa: PLC0415  # models are ready only now
        from povmis.support.work import not_yet_supported  # noqa: PLC0415  # models are ready only now

        results_stored.connect(on_results_stored, dispatch_uid="support-entitlements")
        results_amended.connect(on_results_amended, dispatch_uid="support-entitlements-again")
        decision_recorded.connect(on_decision_recorded, dispatch_uid="support-counts-decision")
        register(not_yet_supported)
        register_support_section(household_support)
