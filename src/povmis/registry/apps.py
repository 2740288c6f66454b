from __future__ import annotations

from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "povmis.registry"
    label = "registry"
    verbose_name = "Registry"

    def ready(self) -> None:
        # Registers the diacritics-folding SQL function on every new SQLite connection (search.py).
        # search is imported for its signal receiver; both need the models ready, hence inside ready().
        from povmis.registry import search, statuses  # noqa: F401, PLC0415  # imported for their receivers
        from povmis.registry.signals import results_amended, results_stored  # noqa: PLC0415 -- as above

        # A review's statuses are stored with its results, so no page ever evaluates them.
        results_stored.connect(statuses.on_results_stored, dispatch_uid="registry-statuses")
        results_amended.connect(statuses.on_results_amended, dispatch_uid="registry-statuses-again")

        # The regular review's section of the work list registers itself (views/work.py register).
        from povmis.registry.views import application_work  # noqa: F401, PLC0415  # registers once apps are ready
