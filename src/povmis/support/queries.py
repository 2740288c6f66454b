"""Support read as frames, always inside the user's area: entitlements, deliveries and the reconciliation.

A review's reconciliation covers its calendar year: the deliveries of that year against the households
of its list, entitled as judged on 31 December (the date its stored entitlements were computed on), and
each delivery judged on its own date. The pages, the API and the work list call these functions, so
they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.db.models import QuerySet

from povmis.accounts.scoping import Access, AnyUser, area_path, scope
from povmis.bulk import fetch_frame
from povmis.core.policies.reconcile import COUNTS, Reconciliation, counted_from, reconcile
from povmis.core.policies.targets import Plan, judge, load_plans
from povmis.registry.cycle_data import like_prefix
from povmis.registry.models import ClassificationRun, Household, ReviewCycle
from povmis.support.entitlements import review_policies
from povmis.support.history import review_history
from povmis.support.models import Delivery, Entitlement, ReconciliationCount
from povmis.support.names import language
from povmis.support.subjects import Subjects, judged_on, member_code, member_key, review_subjects
from povmis.units.models import AdminUnit

DELIVERY_SCHEMA = {
    "row": pl.Int64, "household_id": pl.String, "national_id": pl.String, "member_id": pl.String,
    "policy": pl.String, "delivered_on": pl.Date, "amount_vnd": pl.Int64, "quantity": pl.Int64,
    "programme": pl.String, "project": pl.String, "agency": pl.String, "reference": pl.String,
}  # fmt: skip


COUNTS_TABLE = ReconciliationCount._meta.db_table
COUNT_SCHEMA: dict[str, pl.DataType] = {
    "policy": pl.String(), "unit_path": pl.String(), "class": pl.String(),
    **{name: pl.Int64() for name in COUNTS},
}  # fmt: skip


@dataclass(frozen=True)
class ReviewReconciliation:
    year: int
    start: dt.date
    end: dt.date
    result: Reconciliation
    households: pl.DataFrame  # the subjects: household_id, unit_path, class, deprived_* ...


def classified_years(user: AnyUser) -> list[int]:
    """The reviews with a classification run, newest first (none for a user who may read no household)."""
    if area_path(user, Access.READ) is None:
        return []
    years = ClassificationRun.objects.values_list("cycle__year", flat=True).distinct()
    return sorted(set(years), reverse=True)


def latest_year(user: AnyUser) -> int | None:
    years = classified_years(user)
    return years[0] if years else None


def reconciliation(user: AnyUser, year: int) -> ReviewReconciliation | None:
    """The ``year`` review's reconciliation inside the user's area, per policy, commune (``unit_path``) and class."""
    area = area_path(user, Access.READ)
    if area is None or year not in classified_years(user):
        return None
    return area_reconciliation(year, area)


def counts(user: AnyUser, year: int) -> pl.DataFrame | None:
    """The ``year`` review's stored counts inside the user's area (None: a review outside their reach)."""
    area = area_path(user, Access.READ)
    if area is None or year not in classified_years(user):
        return None
    return stored_counts(year, area)


def area_reconciliation(year: int, area: str, subjects: Subjects | None = None) -> ReviewReconciliation:
    """The ``year`` review's reconciliation inside ``area`` (a unit path; "" for the province), for any reader.

    ``subjects``: the review's subjects inside ``area``, when the caller has them already (see support.counts).
    """
    subjects = subjects or review_subjects(year, area)
    start, end = dt.date(year, 1, 1), judged_on(year)
    policies = review_policies()
    # The earlier deliveries a limit's own period counts too (a house under the 2021-2025 programme).
    recorded = Delivery.objects.filter(
        household__commune__path__startswith=area, delivered_on__range=(counted_from(policies, start), end)
    )
    result = reconcile(
        subjects.households, subjects.members, delivery_frame(recorded), policies, start, end,
        by=("unit_path", "class"), history=review_history(year, area, end, subjects.results),
    )  # fmt: skip
    return ReviewReconciliation(year, start, end, result, subjects.households)


def deliveries(user: AnyUser, start: dt.date | None = None, end: dt.date | None = None) -> pl.DataFrame:
    """The deliveries recorded in the user's area, in the layout the core's reconciliation reads."""
    return delivery_frame(delivery_rows(user, start, end))


def delivery_frame(rows: QuerySet[Delivery]) -> pl.DataFrame:
    values = rows.order_by("delivered_on", "pk").values_list(
        "pk", "household__code", "national_id", "member_code", "policy", "delivered_on", "amount_vnd", "quantity",
        "programme", "project", "agency", "reference",
    )  # fmt: skip
    frame = pl.DataFrame(list(values), schema=DELIVERY_SCHEMA, orient="row")
    frame = frame.with_columns(pl.col("national_id", "member_id").replace("", None))
    return frame.with_columns(member_id=member_key(pl.col("household_id"), pl.col("member_id")))


def delivery_rows(user: AnyUser, start: dt.date | None = None, end: dt.date | None = None) -> QuerySet[Delivery]:
    rows = scope(user, Delivery.objects.select_related("household"))
    if start is not None:
        rows = rows.filter(delivered_on__gte=start)
    if end is not None:
        rows = rows.filter(delivered_on__lte=end)
    return rows.order_by("delivered_on", "pk")


def entitlements(user: AnyUser, year: int, household: str | None = None) -> QuerySet[Entitlement]:
    """The stored entitlements of the ``year`` review in the user's area (of one household if named)."""
    area = area_path(user, Access.READ)
    rows = Entitlement.objects.filter(cycle__year=year).select_related("household")
    if area is None:
        return rows.none()
    rows = rows.filter(household__in=scope(user, Household.objects.all()))
    return rows.filter(household__code=household) if household is not None else rows


def household_deliveries(user: AnyUser, code: str) -> QuerySet[Delivery]:
    return scope(user, Delivery.objects.filter(household__code=code))


def by_unit(counts: pl.DataFrame, area: str) -> pl.DataFrame:
    """The counts per policy and unit one level below ``area`` (the province's districts, say), with coverage."""
    depth = len(area.strip("/").split("/")) if area else 0
    child = pl.col("unit_path").str.split("/").list.head(depth + 1).list.join("/") + "/"
    summed = counts.with_columns(unit_path=child).group_by("policy", "unit_path").agg(pl.col(list(COUNTS)).sum())
    coverage = pl.when(pl.col("entitled") > 0).then(pl.col("delivered") / pl.col("entitled"))
    return summed.with_columns(coverage=coverage).sort("unit_path", "policy")


def unit_names(paths: list[str]) -> dict[str, str]:
    return dict(AdminUnit.objects.filter(path__in=paths).values_list("path", "name"))


def targets(counts: pl.DataFrame) -> list[tuple[Plan, pl.DataFrame]]:
    """Each plan's coverage targets judged on the reconciliation's counts (inside the user's area only)."""
    return [(plan, judge(plan, counts)) for plan in load_plans()]


def promises(user: AnyUser, area: str) -> list[tuple[Plan, pl.DataFrame | None]]:
    """Each plan's targets judged on the stored counts of its own year inside ``area`` (a unit path in the
    user's area); None for a plan whose review is not classified (or not readable by the user)."""
    years = set(classified_years(user))
    return [
        (plan, judge(plan, stored_counts(plan.year, area)) if plan.year in years else None) for plan in load_plans()
    ]


def target_rows(plan: Plan, judged: pl.DataFrame) -> list[dict[str, Any]]:
    """A plan's judged targets as rows for a page, each with its label in the reader's language."""
    lang = language()
    rows = zip(plan.targets, judged.to_dicts(), strict=True)
    return [{**row, "label": target.label.get(lang, target.label["en"])} for target, row in rows]


def missed(found: ReviewReconciliation, policy: str, unit: str = "") -> pl.DataFrame:
    """The entitled of ``policy`` who got nothing in the year, with their commune (``unit_path``)."""
    rows = found.result.missed.filter(pl.col("policy") == policy)
    places = found.households.select("household_id", "unit_path")
    listed = rows.join(places, on="household_id", how="left").filter(pl.col("unit_path").str.starts_with(unit))
    return listed.with_columns(member_id=member_code(pl.col("household_id"), pl.col("member_id")))


def ineligible(found: ReviewReconciliation, policy: str) -> pl.DataFrame:
    """The deliveries of ``policy`` to someone not entitled on the delivery's date, with the reason."""
    rows = found.result.ineligible.filter(pl.col("policy") == policy)
    return rows.with_columns(member_id=member_code(pl.col("household_id"), pl.col("member_id")))


def stored_counts(year: int, area: str) -> pl.DataFrame:
    """The stored counts inside ``area``, in the core's layout: policy, unit_path, class, COUNTS, coverage."""
    frame = fetch_frame(
        f"SELECT n.policy, n.unit_path, n.household_class, {', '.join(f'n.{name}' for name in COUNTS)} "  # noqa: S608  # names ours, values parameters
        f"FROM {COUNTS_TABLE} n JOIN {ReviewCycle._meta.db_table} c ON c.id = n.cycle_id "
        "WHERE c.year = %s AND n.unit_path LIKE %s ESCAPE '\\'",
        [year, like_prefix(area)],
        COUNT_SCHEMA,
    )
    coverage = pl.when(pl.col("entitled") > 0).then(pl.col("delivered") / pl.col("entitled"))
    return (
        frame.with_columns(pl.col("class").replace("", None))
        .with_columns(coverage=coverage)
        .sort("policy", "unit_path", "class", nulls_last=False)
    )
