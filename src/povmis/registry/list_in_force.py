"""The list in force on a date: the periodic review's classes, changed by the monthly decisions up to that date.

The periodic review of year Y is in force from the day its cycle was closed, at the latest from 1 January
of the next year (before that, the year before's is); every recognition counts from its decision's date,
and a later periodic list supersedes the decisions taken before it came in force (the review looked at
the household again). Read as frames, combined by :func:`povmis.core.procedures.list_in_force.classes_as_of`:
one join, however many households. The support's history (support.history) follows the same rule.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
from django.db.models import Q

from povmis.bulk import fetch_frame
from povmis.core.procedures import list_in_force
from povmis.registry.cycle_data import like_prefix, review_results
from povmis.registry.models import Application, ClassificationRun, Household, ReviewCycle
from povmis.units.models import AdminUnit

A, H, U = (model._meta.db_table for model in (Application, Household, AdminUnit))

DECISION_SCHEMA: dict[str, pl.DataType] = {
    "household_id": pl.String(),
    "commune_code": pl.String(),
    "commune_name": pl.String(),
    "unit_path": pl.String(),
    "decided_on": pl.String(),  # ISO text from either database, typed below
    "previous_class": pl.String(),
    "decided_class": pl.String(),
    "decided_status": pl.String(),  # a status recognised on application: it moves nothing on the list
}


def in_force_from(cycle: ReviewCycle) -> dt.date:
    """The day a review's list came in force: its closing, at the latest 1 January of the next year."""
    following = dt.date(cycle.year + 1, 1, 1)
    return following if cycle.closed_at is None else min(cycle.closed_at.date(), following)


def periodic_year(day: dt.date) -> int | None:
    """The year of the periodic review whose list is in force on ``day`` (None: no classified review yet)."""
    classified = ClassificationRun.objects.values("cycle_id")
    in_force = ReviewCycle.objects.filter(pk__in=classified).filter(
        Q(year__lt=day.year) | Q(year=day.year, closed_at__date__lte=day)
    )
    latest = in_force.order_by("-year").first()
    return None if latest is None else latest.year


def baseline(day: dt.date, area: str = "") -> pl.DataFrame:
    """``household_id`` and ``class`` of the periodic list in force on ``day`` within ``area``."""
    year = periodic_year(day)
    if year is None:
        return pl.DataFrame(schema={"household_id": pl.String, "class": pl.String})
    results = review_results(year, area, verify=False)
    return results.select("household_id", pl.col("class").cast(pl.String))


def decisions(area: str = "", *, until: dt.date | None = None) -> pl.DataFrame:
    """Every decided application inside ``area`` (recognitions and refusals), one row each."""
    sql = (
        f"SELECT h.code, c.code, c.name, c.path, CAST(a.decided_on AS TEXT), a.previous_class, a.decided_class, "  # noqa: S608  # table names from model metadata, values as parameters
        "a.decided_status "
        f"FROM {A} a JOIN {H} h ON h.id = a.household_id JOIN {U} c ON c.id = h.commune_id "
        "WHERE a.decided_on IS NOT NULL AND a.decided_on <= %s AND c.path LIKE %s ESCAPE '\\'"
    )
    frame = fetch_frame(sql, [(until or dt.date.max).isoformat(), like_prefix(area)], DECISION_SCHEMA)
    return frame.with_columns(
        pl.col("decided_on").str.slice(0, 10).str.to_date(),
        pl.col("previous_class", "decided_class", "decided_status").replace("", None),
    )


def classes_as_of(day: dt.date, area: str = "") -> pl.DataFrame:
    """``household_id`` and ``class`` of every household on the list in force on ``day`` within ``area``."""
    year = periodic_year(day)
    since = None if year is None else in_force_from(ReviewCycle.objects.get(year=year))
    return list_in_force.classes_as_of(baseline(day, area), decisions(area, until=day), day, since)


def class_of(household: Household, day: dt.date) -> str | None:
    """One household's class on the list in force on ``day`` (None: on no list)."""
    found = classes_as_of(day, household.commune.path).filter(pl.col("household_id") == household.code)
    return found["class"][0] if found.height else None
