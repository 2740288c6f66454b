"""Targets as dated data (targets/*.yaml), and each unit judged against its own (docs/figures.md §4).

A unit's targets are those naming it; failing those, its level's (the province's plan for communes
or districts); failing those, the programme's. A unit is never judged against another unit's value.

>>> import polars as pl
>>> plan = [Target("t", "p", "commune", None, "poverty_rate", REDUCTION, 0.015, 2025, "plan")]
>>> units = pl.DataFrame({"code": ["a", "b"], "level": ["commune"] * 2})
>>> trend = pl.DataFrame({"code": ["a", "b"], "rate": ["poverty_rate"] * 2, "first_rate": [0.2, 0.2],
...                       "last_rate": [0.14, 0.19], "reduction": [0.02, 0.005], "projected": [0.12, 0.185]})
>>> judge(units, trend, plan)["met"].to_list()
[True, False]
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import yaml

REDUCTION, BELOW, HALVE = "reduction_per_year", "below", "halve"
KINDS = (REDUCTION, BELOW, HALVE)


@dataclass(frozen=True)
class Target:
    id: str
    programme: str
    level: str | None
    unit: str | None
    rate: str
    kind: str
    value: float
    year: int
    source: str


def targets_dir() -> Path:
    """$POVMIS_TARGETS_DIR, else the project's own ``targets/`` (beside ``standards/``)."""
    configured = os.environ.get("POVMIS_TARGETS_DIR")
    return Path(configured) if configured else Path(__file__).resolve().parents[4] / "targets"


def load_targets(directory: Path | None = None, *, in_year: int | None = None) -> list[Target]:
    """Every target of every file in the directory, checked: a bad entry names its file and position.

    With ``in_year``, only the files whose programme's ``period`` (from, to) covers that year, and those
    that give no period.
    """
    found: list[Target] = []
    for path in sorted((directory or targets_dir()).glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if in_year is not None and not _covers(document.get("period"), in_year, path.name):
            continue
        for index, entry in enumerate(document.get("targets", []), start=1):
            found.append(_target(entry, f"{path.name}, target {index}"))
    return found


def _covers(period: object, year: int, where: str) -> bool:
    if period is None:
        return True
    if not isinstance(period, dict) or not {"from", "to"} <= set(period):
        raise ValueError(f"{where}: period must be {{from: YEAR, to: YEAR}}")
    return int(period["from"]) <= year <= int(period["to"])


def _target(entry: dict[str, object], where: str) -> Target:
    try:
        target = Target(
            id=str(entry["id"]), programme=str(entry["programme"]),
            level=None if entry.get("level") is None else str(entry["level"]),
            unit=None if entry.get("unit") is None else str(entry["unit"]),
            rate=str(entry["rate"]), kind=str(entry["kind"]), value=float(str(entry["value"])),
            year=int(str(entry["year"])), source=str(entry["source"]),
        )  # fmt: skip
    except (KeyError, ValueError) as error:
        raise ValueError(
            f"{where}: missing or invalid {error}; give id, programme, rate, kind, value, year, source"
        ) from error
    if target.kind not in KINDS:
        raise ValueError(f"{where}: kind {target.kind!r} is not one of {', '.join(KINDS)}")
    return target


def applicable(targets: list[Target], code: str, level: str) -> list[Target]:
    """The unit's own targets, rate by rate: those naming it, else its level's, else the programme's."""
    chosen: list[Target] = []
    for rate in dict.fromkeys(t.rate for t in targets):
        same = [t for t in targets if t.rate == rate]
        for group in (
            [t for t in same if t.unit == code],
            [t for t in same if t.unit is None and t.level == level],
            [t for t in same if t.unit is None and t.level is None],
        ):
            if group:
                chosen.extend(group)
                break
    return chosen


def judge(units: pl.DataFrame, trends: pl.DataFrame, targets: list[Target]) -> pl.DataFrame:
    """Each unit (code, level) with each of its targets: the figure compared and whether it is met.

    ``trends`` has code, rate (the rate's name), first_rate, last_rate, reduction and projected. ``met``
    is null while a unit has a single review (no trend yet).
    """
    rows = [
        (code, t.id, t.rate, t.kind, t.value, t.year, t.source)
        for code, level in units.select("code", "level").iter_rows()
        for t in applicable(targets, code, level)
    ]
    schema = {"code": pl.String, "target": pl.String, "rate": pl.String, "kind": pl.String,
              "value": pl.Float64, "target_year": pl.Int64, "source": pl.String}  # fmt: skip
    pairs = pl.DataFrame(rows, schema=schema, orient="row")
    kind = pl.col("kind")
    actual = (
        pl.when(kind == REDUCTION).then(pl.col("reduction"))
        .when(kind == BELOW).then(pl.col("projected"))
        .otherwise(pl.col("projected") / pl.col("first_rate"))
    )  # fmt: skip
    met = (
        pl.when(kind == REDUCTION)
        .then(actual >= pl.col("value"))
        .when(kind == BELOW)
        .then(actual < pl.col("value"))
        .otherwise(actual <= pl.col("value"))
    )
    return (
        pairs.join(trends, on=["code", "rate"], how="left")
        .with_columns(actual=actual)
        .with_columns(met=met)
        .join(units, on="code", how="left")
    )
