"""Every state change of support, one function per use case: pages, API and CLI all call these."""

from __future__ import annotations

from povmis.support.imports import DeliveryImport, import_deliveries, record_delivery

__all__ = ["DeliveryImport", "import_deliveries", "record_delivery"]
