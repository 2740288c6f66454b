from __future__ import annotations

from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "povmis.support"
    label = "support"
    verbose_name = "Support"
