"""Coverage targets of support (targets/support/*.yaml): a plan's "100% of ..." promises, judged on counts.

>>> import polars as pl
>>> plan = Plan("p", "656", 2025, "plan", (CoverageTarget("t", "credit", ("poor",), 1.0, {"en": "all"}),))
>>> counts = pl.DataFrame({"policy": ["credit"], "unit_path": ["66/656/1/"], "class": ["poor"],
...                        "entitled": [4], "delivered": [3]})
>>> judge(plan, counts)["coverage"].to_list()
[0.75]
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import yaml


@dataclass(frozen=True)
class CoverageTarget:
    id: str
    policy: str
    classes: tuple[str, ...]
    coverage: float  # delivered / entitled, 0 to 1
    label: dict[str, str]


@dataclass(frozen=True)
class Plan:
    id: str
    unit: str  # the code of the unit the promises are made for
    year: int
    source: str
    targets: tuple[CoverageTarget, ...]


def support_targets_dir() -> Path:
    """$POVMIS_TARGETS_DIR/support, else the project's own ``targets/support/``."""
    configured = os.environ.get("POVMIS_TARGETS_DIR")
    base = Path(configured) if configured else Path(__file__).resolve().parents[4] / "targets"
    return base / "support"


def load_plans(directory: Path | None = None) -> list[Plan]:
    """Every plan file, checked: a missing or bad key names its file and target."""
    return [_plan(path) for path in sorted((directory or support_targets_dir()).glob("*.yaml"))]


def _plan(path: Path) -> Plan:
    document: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    try:
        targets = tuple(_target(entry) for entry in document["targets"])
        return Plan(str(document["plan"]), str(document["unit"]), int(document["year"]), str(document["source"]),
                    targets)  # fmt: skip
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(
            f"{path.name}: missing or invalid {error}; give plan, unit, year, source and targets "
            "(id, policy, classes, coverage, label)"
        ) from error


def _target(entry: dict[str, Any]) -> CoverageTarget:
    coverage = float(entry["coverage"])
    if not 0 <= coverage <= 1:
        raise ValueError(f"coverage {coverage} of {entry['id']} (a fraction, 0 to 1)")
    return CoverageTarget(str(entry["id"]), str(entry["policy"]), tuple(entry["classes"]), coverage,
                          dict(entry["label"]))  # fmt: skip


def judge(plan: Plan, counts: pl.DataFrame) -> pl.DataFrame:
    """Each target with the entitled and delivered inside the plan's unit and its classes, and the coverage.

    ``counts`` has policy, unit_path (a commune's), class, entitled and delivered. ``coverage`` is null
    where nobody is entitled; ``met`` is null then too.
    """
    inside = counts.filter(pl.col("unit_path").str.contains(f"(^|/){plan.unit}/", literal=False))
    rows = []
    for target in plan.targets:
        chosen = inside.filter((pl.col("policy") == target.policy) & pl.col("class").is_in(target.classes))
        entitled, delivered = int(chosen["entitled"].sum()), int(chosen["delivered"].sum())
        rows.append((target.id, target.policy, target.coverage, entitled, delivered))
    schema = {"id": pl.String, "policy": pl.String, "target": pl.Float64, "entitled": pl.Int64, "delivered": pl.Int64}
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    coverage = pl.when(pl.col("entitled") > 0).then(pl.col("delivered") / pl.col("entitled"))
    return frame.with_columns(coverage=coverage).with_columns(met=pl.col("coverage") >= pl.col("target"))
