"""What-if: a past round's answers under a variant of its standard, and who would change class and why.

The variant is another standard, a layer, or the round's own standard with ``--set`` changes
(core/variants.py); both sides go through the same evaluator as the official classification
(core/comparison.py), over the whole table at once. Nothing here reads or writes official results.

>>> import polars as pl
>>> from povmis.core.standard import load_standard
>>> standard = load_standard("vn-2022-2025")
>>> flags = {flag: [0, 0] for flag in standard.flags}
>>> households = pl.DataFrame({"household_id": ["a", "b"], "area": ["rural", "rural"],
...                            "income_per_capita": [1_400_000, 2_000_000], **flags})
>>> result = what_if(households, None, standard, {"line.rural": 2_200_000})
>>> result.summary()["changed"], result.matrix()
(1, {'near_poor': {'near_poor': 1}, 'average': {'near_poor': 1}})
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import polars as pl

from povmis.core.comparison import RECLASSIFIED, WHY, StandardComparison, compare_standards
from povmis.core.standard import Standard
from povmis.core.variants import variant

UNCLASSIFIED = "unclassified"


class Costing(Protocol):
    """What the changed classes would cost under the support policies in force (core/whatif_cost.py).

    Given the what-if's households (``old_class``, ``new_class`` and the grouping columns), it returns
    amounts in integer VND by policy. Without one the what-if reports ``cost`` as null rather than a
    number it cannot stand behind.
    """

    def __call__(self, households: pl.DataFrame) -> dict[str, int]: ...


@dataclass(frozen=True)
class WhatIf:
    comparison: StandardComparison
    changes: Mapping[str, Any]
    cost: dict[str, int] | None

    @property
    def households(self) -> pl.DataFrame:
        return self.comparison.households

    def summary(self) -> dict[str, Any]:
        frame = self.households
        return {
            "households": frame.height,
            "changed": int((frame["transition"] == RECLASSIFIED).sum()),
            "why": {name: int(frame[f"why_{name}"].sum()) for name in WHY},
        }

    def matrix(self, frame: pl.DataFrame | None = None) -> dict[str, dict[str, int]]:
        """{old class: {new class: households}}, every household counted once (unclassified as such)."""
        counts = _classes(self.households if frame is None else frame).group_by("old", "new").len()
        order = {c: i for i, c in enumerate([*self.comparison.old.class_ids, *self.comparison.new.class_ids])}
        matrix: dict[str, dict[str, int]] = {}
        for old, new, count in sorted(counts.iter_rows(), key=lambda r: (order.get(r[0], 99), order.get(r[1], 99))):
            matrix.setdefault(old, {})[new] = int(count)
        return matrix

    def breakdown(self, by: str) -> pl.DataFrame:
        """Households and changed households per value of ``by`` (a unit, ethnicity, area), with old x new counts."""
        frame = _classes(self.households).with_columns(pl.col("transition") == RECLASSIFIED)
        return (
            frame.group_by(by, "old", "new")
            .agg(pl.len().alias("households"), pl.col("transition").all().alias("changed"))
            .sort(by, "old", "new", nulls_last=True)
        )

    def as_json(self, groups: Mapping[str, str] | None = None) -> dict[str, Any]:
        """The what-if as plain data: the CLI's --json, the API and the page all give this."""
        comparison = self.comparison
        return {
            **self.summary(),
            "matrix": self.matrix(),
            "base": {"id": comparison.old.id, "hash": comparison.old.content_hash},
            "variant": {
                "id": comparison.new.id,
                "hash": comparison.new.content_hash,
                "layer_over": comparison.new.layer_over,
                "changes": dict(self.changes),
            },
            "not_assessed": list(comparison.not_assessed),
            "by": {name: _rows(self.breakdown(column)) for name, column in (groups or {}).items()},
            "cost": self.cost,
        }


def what_if(
    households: pl.DataFrame,
    members: pl.DataFrame | None,
    base: Standard,
    changes: Mapping[str, Any] | None = None,
    *,
    against: Standard | None = None,
    costing: Costing | None = None,
) -> WhatIf:
    """Classify under ``base`` and under the variant (``against``, else ``base``) with ``changes`` applied."""
    target = variant(against or base, changes or {})
    comparison = compare_standards(households, members, base, target)
    cost = costing(comparison.households) if costing is not None else None
    return WhatIf(comparison, dict(changes or {}), cost)


def _classes(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        pl.col("old_class").cast(pl.String).fill_null(UNCLASSIFIED).alias("old"),
        pl.col("new_class").cast(pl.String).fill_null(UNCLASSIFIED).alias("new"),
    )


def _rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    return [
        {k: (str(v) if v is not None and not isinstance(v, int | bool) else v) for k, v in row.items()}
        for row in frame.iter_rows(named=True)
    ]


__all__ = ["Costing", "WhatIf", "what_if"]
