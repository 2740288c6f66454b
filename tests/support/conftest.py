"""The support tests' fixtures: the monitoring tests' two classified reviews (2023, 2024) of C1 and C3."""

from __future__ import annotations

from tests.monitoring.conftest import classified

__all__ = ["classified"]
