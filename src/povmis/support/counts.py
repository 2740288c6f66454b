"""A review's reconciliation counts, stored per policy, commune and class, so that the overview only reads them.

The counts are written from the same core function whose lists the missed and ineligible pages show
(queries.area_reconciliation), whenever what they count changes: a review's entitlements stored, a
correction judged again (its communes only), deliveries recorded (their communes and years only). The
counts of a commune depend on that commune's households and deliveries alone, so a commune's rows are
replaced without touching the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import polars as pl
from django.db import transaction

from povmis.bulk import insert_frame
from povmis.core.policies.reconcile import COUNTS
from povmis.registry.models import ClassificationRun, Household, ReviewCycle
from povmis.support.entitlements import store_commune_entitlements, store_entitlements
from povmis.support.models import ReconciliationCount
from povmis.support.queries import area_reconciliation
from povmis.support.subjects import Subjects, review_subjects
from povmis.units.models import AdminUnit


def store_counts(year: int, areas: Iterable[str] = ("",), subjects: Subjects | None = None) -> int:
    """Recompute and store the ``year`` review's counts inside each of ``areas`` (unit paths; "" for all).

    ``subjects``: the whole review's, when the caller has them already (only with the one area "").
    """
    cycle = ReviewCycle.objects.get(year=year)
    written = 0
    with transaction.atomic():
        for area in areas:
            counts = area_reconciliation(year, area, subjects if area == "" else None).result.counts
            rows = counts.select(
                pl.lit(cycle.pk, dtype=pl.Int64).alias("cycle_id"),
                "policy",
                "unit_path",
                pl.col("class").cast(pl.String).fill_null("").alias("household_class"),
                *COUNTS,
            )
            ReconciliationCount.objects.filter(cycle=cycle, unit_path__startswith=area).delete()
            written += insert_frame(ReconciliationCount, rows)
    return written


def store_counts_of_deliveries(days: pl.DataFrame) -> None:
    """After deliveries were recorded: ``days`` has each new row's ``delivered_on`` and ``unit_path`` (commune).

    A delivery counts in its year and, through a limit's own period (a house, a trade), in the later
    years' "already supported" and "twice": those years' counts of its communes are stored again too.
    """
    classified = sorted(set(ClassificationRun.objects.values_list("cycle__year", flat=True)))
    touched = days.select(year=pl.col("delivered_on").dt.year(), unit_path="unit_path").unique()
    for year in classified:
        communes = touched.filter(pl.col("year") <= year)["unit_path"].unique().sort().to_list()
        if communes:
            store_counts(year, communes)


def store_review(year: int, results: pl.DataFrame | None = None) -> int:
    """The ``year`` review's entitlements, then its counts; returns the entitlements written.

    Both judge the same subjects, read once; from ``results`` (the whole review's, as the classification
    just stored them) when given, rather than read back.
    """
    subjects = review_subjects(year, results=results)
    written = store_entitlements(year, subjects)
    store_counts(year, subjects=subjects)
    return written


def on_results_stored(
    sender: Any, *, run: ClassificationRun, results: pl.DataFrame | None = None, **kwargs: Any
) -> None:
    store_review(run.cycle.year, results)


def on_results_amended(sender: Any, *, run: ClassificationRun, households: Sequence[int], **kwargs: Any) -> None:
    """Judge again only the communes of the households classified again (an approved correction)."""
    paths = sorted(set(AdminUnit.objects.filter(households__pk__in=households).values_list("path", flat=True)))
    with transaction.atomic():
        store_commune_entitlements(run.cycle.year, run.cycle_id, paths)
        store_counts(run.cycle.year, paths)


def communes_of(household_pks: pl.Series) -> pl.DataFrame:
    """household pk -> its commune's path (``household_id``, ``unit_path``)."""
    pairs = Household.objects.filter(pk__in=household_pks.unique().to_list()).values_list("pk", "commune__path")
    return pl.DataFrame(list(pairs), schema={"household_id": pl.Int64, "unit_path": pl.String}, orient="row")


def on_decision_recorded(sender: Any, *, household: Household, decided_on: dt.date, **kwargs: Any) -> None:
    """A monthly decision changes the list in force from its date: count its commune again from that year."""
    classified = set(ClassificationRun.objects.values_list("cycle__year", flat=True))
    for year in sorted(y for y in classified if y >= decided_on.year):
        store_counts(year, [household.commune.path])
