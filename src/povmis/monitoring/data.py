"""The dashboard's data functions: counts of the latest runs for a unit and the units under it, as frames.

Every function takes a :class:`~povmis.monitoring.focus.Focus`, which is inside the user's area, and
reads only counts whose unit path starts with the focus's path: scoping is the same prefix rule as
:func:`povmis.accounts.scoping.scope`. Pages, tests and the benchmark call these same functions.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from povmis.bulk import fetch_frame
from povmis.monitoring.focus import Focus
from povmis.monitoring.models import UnitCount, UnitDeprivation, UnitFlow, UnitTransition
from povmis.monitoring.summaries import summarised_runs
from povmis.units.models import AdminUnit

U = AdminUnit._meta.db_table
UNIT_SCHEMA: dict[str, pl.DataType] = {
    "year": pl.Int64(),
    "unit_path": pl.String(),
    "depth": pl.Int64(),
    "code": pl.String(),
    "name": pl.String(),
    "level": pl.String(),
}
Figure = UnitCount | UnitTransition | UnitDeprivation | UnitFlow
EXTRA: dict[type[Figure], dict[str, pl.DataType]] = {
    UnitCount: {"ethnic_minority": pl.Boolean(), "household_class": pl.String()},
    UnitTransition: {"household_class": pl.String(), "transition": pl.String()},
    UnitDeprivation: {"household_class": pl.String(), "deprived": pl.String()},
    UnitFlow: {"household_class": pl.String(), "flow": pl.String()},
}


def like_prefix(path: str) -> str:
    return path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _read(
    model: type[Figure],
    focus: Focus,
    depths: Sequence[int],
    years: Sequence[int] | None = None,
) -> pl.DataFrame:
    """Counts of the latest runs (of ``years``, default all) for units under the focus at ``depths``."""
    runs = summarised_runs()
    chosen = [run for year, run in runs.items() if years is None or year in years]
    extra = EXTRA[model]
    schema = {**UNIT_SCHEMA, **extra, "households": pl.Int64()}
    if not chosen or not depths:
        return pl.DataFrame(schema=schema)
    extra_sql = ", ".join(f"s.{name}" for name in extra)
    sql = (
        # S608: only our own table and column names are formatted in; every value is a bound parameter.
        f"SELECT s.year, s.unit_path, s.depth, u.code, u.name, u.level, {extra_sql}, s.households "  # noqa: S608
        f"FROM {model._meta.db_table} s JOIN {U} u ON u.id = s.unit_id "
        f"WHERE s.run_id IN ({', '.join(['%s'] * len(chosen))}) AND s.unit_path LIKE %s ESCAPE '\\' "
        f"AND s.depth IN ({', '.join(['%s'] * len(depths))})"
    )
    frame = fetch_frame(sql, [*chosen, like_prefix(focus.path), *depths], schema)
    # Stored as "" (a text column); null everywhere a frame carries it, as the results read model does.
    return frame.with_columns(pl.col("household_class").replace("", None))


def own_depths(focus: Focus) -> list[int]:
    """The focus itself; everything (no unit) is the sum of the top units."""
    return [focus.depth] if focus.unit else [1]


def counts(
    focus: Focus, *, children: bool = False, descendants: bool = False, years: Sequence[int] | None = None
) -> pl.DataFrame:
    """Households by year, unit, ethnic group and class: the focus (summed over top units when it is
    everything), and its children or every unit below it when asked."""
    depths = own_depths(focus)
    if children:
        depths = [*depths, focus.depth + 1]
    if descendants:
        depths = [*depths, *range(focus.depth + 1, focus.depth + 4)]
    return _read(UnitCount, focus, sorted(set(depths)), years)


def transitions(focus: Focus, year: int) -> pl.DataFrame:
    return _read(UnitTransition, focus, own_depths(focus), [year])


def flows(focus: Focus, year: int, *, children: bool = False) -> pl.DataFrame:
    """The poor and near-poor stocks' flows of the focus (and its children) since the previous review."""
    return read_flows(focus, year, own_depths(focus) + ([focus.depth + 1] if children else []))


def read_flows(focus: Focus, year: int, depths: Sequence[int]) -> pl.DataFrame:
    return _read(UnitFlow, focus, sorted(set(depths)), [year])


def deprivations(focus: Focus, year: int) -> pl.DataFrame:
    """Households of the focus by class and set of deprivations (``deprived`` decoded to a list)."""
    frame = _read(UnitDeprivation, focus, own_depths(focus), [year])
    return frame.with_columns(pl.col("deprived").str.json_decode(pl.List(pl.String)))


def years() -> list[int]:
    return list(summarised_runs())
