"""Signals the registry sends, so the apps above it can follow without the registry importing them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent with ``run`` (a ClassificationRun) once a review's results are stored: monitoring writes its
# counts then, so no page view ever computes them. ``results``, when sent, is the whole review's results
# as cycle_data.review_results reads them back (a frame): a receiver may take them instead of reading.
results_stored = Signal()

# Sent with ``run`` and ``households`` (their primary keys) when some of a stored run's results were
# classified again (an approved correction): monitoring counts the run again.
results_amended = Signal()

# Sent with ``household`` and ``decided_on`` once a monthly decision is recorded: the list in force
# changes from that date, so support counts the household's commune again.
decision_recorded = Signal()
