from __future__ import annotations

from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "povmis.units"
    label = "units"
    verbose_name = "Administrative units"
