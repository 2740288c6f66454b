"""Reads of the stored statuses as frames, inside the reader's area: one function per figure or list.

The commune's list page, its XLSX, the API and the household page all read through these.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import polars as pl

from povmis import spreadsheets
from povmis.accounts.scoping import Access, AnyUser, area_path
from povmis.bulk import fetch_frame
from povmis.core.statuses.figures import counts_per_unit
from povmis.registry.cycle_data import like_prefix
from povmis.registry.models import Household, ReviewCycle, Status
from povmis.units.models import AdminUnit

T, H, U, C = (model._meta.db_table for model in (Status, Household, AdminUnit, ReviewCycle))
HELD_SCHEMA: dict[str, pl.DataType] = {
    "household_id": pl.String(),
    "head_name": pl.String(),
    "unit_code": pl.String(),
    "unit_name": pl.String(),
    "member_code": pl.String(),
    "status": pl.String(),
    "source": pl.String(),
    "held_from": pl.String(),  # ISO text from either database, typed below
    "income_per_person_month": pl.Int64(),
    "rule": pl.String(),
}


def readable_area(user: AnyUser | None) -> str | None:
    """The path the user may read (None: nowhere); no user is the command line, which reads everything."""
    return "" if user is None else area_path(user, Access.READ)


def held(user: AnyUser | None, year: int, area: str = "") -> pl.DataFrame:
    """Every holder of the ``year`` review inside ``area`` and the user's own area, one row per status held."""
    reach = readable_area(user)
    if reach is None or not (area.startswith(reach) or reach.startswith(area)):
        return pl.DataFrame(schema=HELD_SCHEMA).with_columns(pl.col("held_from").str.to_date())
    inside = area if area.startswith(reach) else reach
    sql = (
        f"SELECT h.code, h.head_name, u.code, u.name, t.member_code, t.status, t.source, "  # noqa: S608  # table names from model metadata, values as parameters
        f"CAST(t.held_from AS TEXT), t.income_per_person_month, t.rule FROM {T} t "
        f"JOIN {C} c ON c.id = t.cycle_id JOIN {H} h ON h.id = t.household_id JOIN {U} u ON u.id = h.commune_id "
        "WHERE c.year = %s AND u.path LIKE %s ESCAPE '\\' ORDER BY h.code, t.member_code, t.status"
    )
    frame = fetch_frame(sql, [year, like_prefix(inside)], HELD_SCHEMA)
    return frame.with_columns(pl.col("held_from").str.slice(0, 10).str.to_date())


def counts(user: AnyUser | None, year: int, area: str = "") -> pl.DataFrame:
    """Holders per commune of the area (core.statuses.figures.counts_per_unit)."""
    return counts_per_unit(held(user, year, area))


def xlsx(frame: pl.DataFrame) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "statuses.xlsx"
        spreadsheets.write_excel(frame, path)
        return path.read_bytes()


def of_household(household: Household) -> list[Status]:
    """One household's statuses in every review, latest first (the household page; already scoped)."""
    return list(
        Status.objects.filter(household=household).select_related("cycle").order_by("-cycle__year", "member_code")
    )
