"""Signals the registry sends, so the apps above it can follow without the registry importing them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent with ``run`` (a ClassificationRun) once a review's results are stored: monitoring writes its
# counts then, so no page view ever computes them.
results_stored = Signal()
