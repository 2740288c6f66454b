"""`povmis refresh_monitoring`: count the latest classification runs now, so no page view waits for it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from povmis.monitoring.summaries import ensure_summaries


class Command(BaseCommand):
    help = "Write the monitoring dashboard's counts for every classified review that has none yet."

    def handle(self, *args: Any, **options: Any) -> None:
        runs = ensure_summaries()
        self.stdout.write(f"counts ready for {len(runs)} review(s): {', '.join(map(str, runs)) or 'none'}")
