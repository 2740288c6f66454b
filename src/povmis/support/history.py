"""The lists in force during a review's year, as the history each delivery is judged on (core.policies.history).

A periodic list is in force from the day its cycle was closed (at the latest from 1 January of the next
year), as in registry.list_in_force: during the ``year``, until its review is closed, the previous
review's list stands, changed by the monthly decisions from their dates. The ``year``'s own list stands
on 31 December at the latest, the day its entitled are judged: it supersedes the decisions before it.
When no earlier review was classified the registry knows no earlier list, and the ``year``'s own list
stands for the whole year.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from povmis.core.policies.history import DECISION_SCHEMA, ESCAPE_SCHEMA, LIST_SCHEMA, History, typed
from povmis.core.procedures.list_in_force import NEAR_POOR, POOR
from povmis.core.transitions import ESCAPED_NEAR_POVERTY, ESCAPED_POVERTY, POOR_TO_NEAR_POOR
from povmis.registry.cycle_data import review_results
from povmis.registry.list_in_force import decisions, in_force_from
from povmis.registry.models import ClassificationRun, ReviewCycle
from povmis.support.subjects import judged_on


def review_history(year: int, area: str, end: dt.date, results: pl.DataFrame | None = None) -> History:
    """The lists, decisions (up to ``end``) and escapes in force during the ``year`` review's year inside ``area``.

    ``results``: the ``year`` review's own results inside ``area``, when the caller holds them already.
    """
    classified = set(ClassificationRun.objects.values_list("cycle__year", flat=True))
    cycles = ReviewCycle.objects.filter(year__in=[y for y in classified if y <= year]).order_by("year")
    lists, escapes = [], []
    for cycle in cycles:
        since = in_force_from(cycle)
        read = results if cycle.year == year and results is not None else review_results(cycle.year, area, verify=False)
        listed = read.select("household_id", pl.col("class").cast(pl.String), pl.col("transition").cast(pl.String))
        escapes.append(_review_escapes(listed, min(since, dt.date(cycle.year, 12, 31))))
        if cycle.year >= year - 1:
            # The year's own list is recognised at the end of its year (subjects.judged_on): in force on
            # 31 December at the latest, when the entitled are judged, even while its cycle is still open.
            in_force = min(since, judged_on(cycle.year)) if cycle.year == year else since
            lists.append(listed.select("household_id", "class", since=pl.lit(in_force)))
    if len(lists) == 1:  # no earlier list: this review's stands for the whole year
        lists[0] = lists[0].with_columns(since=pl.lit(dt.date.min))
    decided = decisions(area, until=end)
    return History(
        lists=pl.concat([pl.DataFrame(schema=LIST_SCHEMA), *(typed(frame, LIST_SCHEMA) for frame in lists)]),
        decisions=typed(decided, DECISION_SCHEMA),
        escapes=pl.concat([pl.DataFrame(schema=ESCAPE_SCHEMA), *escapes, _decision_escapes(decided)]),
    )


def _review_escapes(results: pl.DataFrame, on: dt.date) -> pl.DataFrame:
    poverty = pl.col("transition").is_in([ESCAPED_POVERTY, POOR_TO_NEAR_POOR])
    kind = pl.when(poverty).then(pl.lit("poverty")).when(pl.col("transition") == ESCAPED_NEAR_POVERTY)
    found = results.select("household_id", on=pl.lit(on), kind=kind.then(pl.lit("near_poverty")))
    return typed(found.filter(pl.col("kind").is_not_null()), ESCAPE_SCHEMA)


def _decision_escapes(decided: pl.DataFrame) -> pl.DataFrame:
    """A recognition that moved a household off poverty (or near-poverty) is an escape from its date."""
    before, after = pl.col("previous_class"), pl.col("decided_class")
    kind = (
        pl.when((before == POOR) & (after != POOR))
        .then(pl.lit("poverty"))
        .when((before == NEAR_POOR) & ~after.is_in([POOR, NEAR_POOR]))
        .then(pl.lit("near_poverty"))
    )
    found = decided.filter(after.is_not_null()).select("household_id", on=pl.col("decided_on"), kind=kind)
    return typed(found.filter(pl.col("kind").is_not_null()), ESCAPE_SCHEMA)
