"""Administrative units from CSV, and the crosswalk that shows an old figure on today's boundaries.

On 1 July 2025 Viet Nam abolished districts and merged communes (and Đắk Lắk absorbed Phú Yên): a
2021 commune figure is carried to the 2025 commune that absorbed it by following the succession
records, splitting by population share where a unit was divided.

Who may load units is the caller's to decide (:func:`povmis.registry.services.load_units` lets only
an administrator): the units sit below the accounts that know the roles.
"""

from __future__ import annotations

import datetime as dt
import io
import operator
from functools import reduce
from pathlib import Path

import polars as pl
from django.db import transaction
from django.db.models import Q

from povmis.bulk import refresh_statistics
from povmis.errors import ServiceError
from povmis.units.codes import check_codes
from povmis.units.models import AdminUnit, Level, UnitSuccession

LEVEL_ORDER = [Level.PROVINCE, Level.DISTRICT, Level.COMMUNE, Level.VILLAGE]
UNIT_COLUMNS = [
    "code",
    "name",
    "level",
    "parent_code",
    "is_urban",
    "is_disadvantaged",
    "valid_from",
    "valid_to",
]
SUCCESSION_COLUMNS = ["predecessor_code", "successor_code", "kind", "effective", "share"]
TRUE = {"1", "true", "yes", "có", "x"}


def _read(source: Path | str, columns: list[str]) -> pl.DataFrame:
    text = source.read_text(encoding="utf-8") if isinstance(source, Path) else source
    frame = pl.read_csv(io.StringIO(text), infer_schema=False)
    missing = [c for c in columns[:3] if c not in frame.columns]
    if missing:
        raise ServiceError(f"missing column(s) {', '.join(missing)}; expected {', '.join(columns)}")
    return frame.with_columns(pl.lit(None, pl.String).alias(c) for c in columns if c not in frame.columns)


def _name(source: Path | str) -> str:
    return source.name if isinstance(source, Path) else "units CSV"


def load_units(source: Path | str) -> int:
    """Create or update units from CSV (``UNIT_COLUMNS``); parents may come anywhere in the file."""
    frame = _read(source, UNIT_COLUMNS)
    check_codes(frame, ["code", "parent_code"], _name(source))
    rank = {level: i for i, level in enumerate(LEVEL_ORDER)}
    rows = sorted(frame.iter_rows(named=True), key=lambda row: rank.get(row["level"], len(rank)))
    with transaction.atomic():
        for row in rows:
            if row["level"] not in rank:
                raise ServiceError(f"{row['code']}: unknown level {row['level']!r}")
            parent = AdminUnit.objects.get(code=row["parent_code"]) if row["parent_code"] else None
            unit, _created = AdminUnit.objects.get_or_create(
                code=row["code"], defaults={"name": row["name"], "level": row["level"], "parent": parent}
            )
            unit.name, unit.level, unit.parent = row["name"], row["level"], parent
            unit.is_urban = (row["is_urban"] or "").lower() in TRUE
            unit.is_disadvantaged = (row["is_disadvantaged"] or "").lower() in TRUE
            unit.valid_from = dt.date.fromisoformat(row["valid_from"]) if row["valid_from"] else dt.date(2000, 1, 1)
            unit.valid_to = dt.date.fromisoformat(row["valid_to"]) if row["valid_to"] else None
            unit.save()
        refresh_statistics(AdminUnit)
    return len(rows)


def load_successions(source: Path | str) -> int:
    frame = _read(source, SUCCESSION_COLUMNS)
    check_codes(frame, ["predecessor_code", "successor_code"], _name(source))
    with transaction.atomic():
        for row in frame.iter_rows(named=True):
            UnitSuccession.objects.update_or_create(
                predecessor=AdminUnit.objects.get(code=row["predecessor_code"]),
                successor=AdminUnit.objects.get(code=row["successor_code"]),
                defaults={
                    "kind": row["kind"],
                    "effective": dt.date.fromisoformat(row["effective"]),
                    "share": float(row["share"]) if row["share"] else 1.0,
                },
            )
    return frame.height


def crosswalk(on: dt.date) -> pl.DataFrame:
    """old_code → new_code with the share of the old unit that lies in the new one, as of ``on``.

    Every unit maps to itself when it did not change; chains (merged, then merged again) are followed.
    """
    edges: dict[str, list[tuple[str, float]]] = {}
    for old, new, share in UnitSuccession.objects.filter(effective__lte=on).values_list(
        "predecessor__code", "successor__code", "share"
    ):
        edges.setdefault(old, []).append((new, share))
    rows: list[tuple[str, str, float]] = []
    for code in AdminUnit.objects.values_list("code", flat=True):
        rows += [(code, target, share) for target, share in _follow(code, edges, 1.0, set())]
    return pl.DataFrame(rows, schema={"old_code": pl.String, "new_code": pl.String, "share": pl.Float64}, orient="row")


def _follow(
    code: str, edges: dict[str, list[tuple[str, float]]], share: float, seen: set[str]
) -> list[tuple[str, float]]:
    if code not in edges or code in seen:
        return [(code, share)]
    return [hit for new, part in edges[code] for hit in _follow(new, edges, share * part, seen | {code})]


def on_current_boundaries(frame: pl.DataFrame, code_column: str, values: list[str], on: dt.date) -> pl.DataFrame:
    """Re-aggregate counts kept by old unit codes onto the units in force on ``on``."""
    walk = crosswalk(on).rename({"old_code": code_column})
    return (
        frame.join(walk, on=code_column, how="left")
        .with_columns(pl.col("new_code").fill_null(pl.col(code_column)), pl.col("share").fill_null(1.0))
        .group_by("new_code")
        .agg((pl.col(v) * pl.col("share")).sum().alias(v) for v in values)
        .sort("new_code")
    )


SUCCESSOR_SCHEMA = {"unit": pl.String, "ended_on": pl.Date, "successor": pl.String, "successor_name": pl.String}


def successors(codes: list[str]) -> pl.DataFrame:
    """For each unit among ``codes`` that has ended: the day it ceased (``valid_to``) and every unit in force
    today that took it over (``SUCCESSOR_SCHEMA``, one row per successor).

    A unit's successors are where its own succession records lead; the 2025 reform abolished the
    district level without a record per district, so a district's successors are also the units
    its communes went to.
    """
    ceased = AdminUnit.objects.filter(code__in=codes, valid_to__isnull=False)
    ended = list(ceased.values_list("code", "valid_to", "path"))
    if not ended:
        return pl.DataFrame(schema=SUCCESSOR_SCHEMA)
    prefixes = [path for _code, _end, path in ended]
    inside = AdminUnit.objects.filter(reduce(operator.or_, (Q(path__startswith=prefix) for prefix in prefixes)))
    members = pl.DataFrame(list(inside.values_list("code", "path")), schema={"member": pl.String, "path": pl.String},
                           orient="row")  # fmt: skip
    dissolved = pl.DataFrame(ended, schema={"unit": pl.String, "ended_on": pl.Date, "prefix": pl.String}, orient="row")
    walk = crosswalk(dt.date.max).filter(pl.col("old_code") != pl.col("new_code"))
    current = dict(AdminUnit.objects.filter(valid_to__isnull=True).values_list("code", "name"))
    return (
        dissolved.join(members, how="cross")
        .filter(pl.col("path").str.starts_with(pl.col("prefix")))
        .join(walk, left_on="member", right_on="old_code")
        .filter(pl.col("new_code").is_in(list(current)))
        .select("unit", "ended_on", successor="new_code")
        .unique()
        .with_columns(successor_name=pl.col("successor").replace_strict(current, return_dtype=pl.String))
        .sort("unit", "successor")
    )
