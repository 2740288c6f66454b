"""The demo's deliveries stage: each review year's support to the classified households, written in bulk.

Imported only after Django is set up (see :mod:`povmis.commands.demo`); runs once the reviews are
classified. The households' support layout is built from the survey files and the review's stored
results (class and deprivations, ``registry.cycle_data.review_results``); the deliveries come from
``core.synth.deliveries`` (seeded) and are stored by ``support.bulk``. The figures the demo shows are
the core's reconciliation of the stored rows, never the generator's intentions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from povmis.core.policies.policy import load_policies
from povmis.core.policies.reconcile import Reconciliation, reconcile
from povmis.core.standard import load_standard
from povmis.core.synth.deliveries import support_households, support_members, synthetic_deliveries
from povmis.registry.cycle_data import review_results
from povmis.registry.models import ClassificationRun
from povmis.support.bulk import store_deliveries, stored_deliveries
from povmis.support.counts import store_counts

HOUSEHOLD_ANSWERS = ("household_id", "district_code", "commune_code", "area", "ethnic_minority")
MEMBER_ANSWERS = ("household_id", "member_id", "national_id", "age", "labour_status")


@dataclass(frozen=True)
class SupportTables:
    households: pl.DataFrame
    members: pl.DataFrame


def support_tables(data: Path, year: int, seed: int) -> SupportTables:
    """The ``year`` review's households and members in the layout the policies read."""
    households = pl.read_parquet(data / str(year) / "households.parquet", columns=list(HOUSEHOLD_ANSWERS))
    members = pl.read_parquet(data / str(year) / "members.parquet", columns=list(MEMBER_ANSWERS))
    previous = _classes(year - 1).select("household_id", "class") if _classified(year - 1) else None
    return SupportTables(
        support_households(households, _classes(year), previous, year, seed), support_members(members, seed)
    )


def load_deliveries(data: Path, years: tuple[int, ...], seed: int, recorded_by: int | None) -> dict[int, int]:
    """Generate and store each year's deliveries; the rows stored per year."""
    policies = load_policies()
    given: pl.DataFrame | None = None
    stored = {}
    for year in years:
        tables = support_tables(data, year, seed)
        rows = synthetic_deliveries(tables.households, tables.members, policies, year, seed, given)
        stored[year] = store_deliveries(rows, f"the demo's {year} deliveries", recorded_by)
        subjects = rows.select("policy", subject=pl.coalesce("member_id", "household_id"))
        given = subjects if given is None else pl.concat([given, subjects])
        store_counts(year)  # written in bulk, past import_deliveries: the counts follow here
    return stored


def reconcile_year(data: Path, year: int, seed: int, by: tuple[str, ...] = ()) -> Reconciliation:
    """The core's reconciliation of the stored ``year`` deliveries against that review's entitlements."""
    tables = support_tables(data, year, seed)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return reconcile(tables.households, tables.members, stored_deliveries(start, end), load_policies(), start, end, by)


def _classes(year: int) -> pl.DataFrame:
    """The review's class and its deprivations, each indicator as ``deprived_<indicator>``."""
    results = review_results(year)
    standard = load_standard(results["standard_id"][0]) if results.height else None
    indicators = [indicator.id for indicator in standard.indicators] if standard else []
    return results.select(
        "household_id",
        pl.col("class").cast(pl.String),
        *[pl.col(name).alias(f"deprived_{name}") for name in indicators],
    )


def _classified(year: int) -> bool:
    return ClassificationRun.objects.filter(cycle__year=year).exists()
