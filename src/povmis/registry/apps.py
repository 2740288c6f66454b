from __future__ import annotations

from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "povmis.registry"
    label = "registry"
    verbose_name = "Registry"

    def ready(self) -> None:
        # Registers the diacritics-folding SQL function on every new SQLite connection (search.py).
        from povmis.registry import search  # noqa: F401, PLC0415 -- imported for its signal receiver

        # The regular review's section of the work list registers itself (views/work.py register).
        from povmis.registry.views import application_work  # noqa: F401, PLC0415  # registers once apps are ready
