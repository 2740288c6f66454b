"""The expected disbursement path through a plan year, from ``schedule.yaml`` (or a province's own).

>>> import datetime as dt
>>> schedule = load_schedule("ntp-spr-2021-2025")
>>> schedule.expected_share(dt.date(2025, 6, 30)), schedule.expected_share(dt.date(2025, 1, 1))
(0.4, 0.0)
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from povmis.core.programmes.definition import programmes_dir, read_yaml
from povmis.core.programmes.fields import ProgrammeError, confidence, items, mapping
from povmis.core.schema import StandardError, text

NEXT_YEAR = "next-"


@dataclass(frozen=True)
class PathPoint:
    month: int
    day: int
    # True for a point in the next year (the spending deadline, 31 January).
    next_year: bool
    share: float

    def date_in(self, plan_year: int) -> dt.date:
        return dt.date(plan_year + self.next_year, self.month, self.day)


@dataclass(frozen=True)
class Schedule:
    legal_reference: str
    confidence: str
    tolerance: float
    warn_weeks_before_deadline: int
    points: tuple[PathPoint, ...]

    def expected_share(self, on: dt.date, plan_year: int | None = None) -> float:
        """The share of the year's capital the path expects paid by ``on`` (straight between points)."""
        year = plan_year or on.year
        previous_on, previous_share = dt.date(year, 1, 1), 0.0
        if on < previous_on:
            return 0.0
        for point in self.points:
            point_on = point.date_in(year)
            if on <= point_on:
                span = (point_on - previous_on).days
                done = (on - previous_on).days / span if span else 1.0
                return round(previous_share + (point.share - previous_share) * done, 6)
            previous_on, previous_share = point_on, point.share
        return previous_share

    def deadline(self, plan_year: int) -> dt.date:
        return self.points[-1].date_in(plan_year)


def load_schedule(programme_id: str, province: str | None = None, directory: Path | None = None) -> Schedule:
    """The province's schedule where it has one (``schedule-<province>.yaml``), else the default."""
    folder = (directory or programmes_dir()) / programme_id
    own = folder / f"schedule-{province}.yaml" if province else None
    path, document, _ = read_yaml(own if own and own.is_file() else folder / "schedule.yaml", "schedule.yaml")
    try:
        return parse_schedule(document)
    except StandardError as error:
        raise ProgrammeError(f"{path}: {error}") from error


def parse_schedule(document: Any) -> Schedule:
    document = mapping(document, "top level")
    points = tuple(_point(raw, f"points[{i}]") for i, raw in enumerate(items(document.get("points"), "points")))
    if not points:
        raise ProgrammeError("points: at least one point of the path is required")
    for i, (before, after) in enumerate(itertools.pairwise(points)):
        if after.date_in(2001) <= before.date_in(2001) or after.share < before.share:
            raise ProgrammeError(f"points[{i + 1}]: dates must increase and shares must not fall")
    tolerance = document.get("tolerance")
    weeks = document.get("warn_weeks_before_deadline")
    if not isinstance(tolerance, int | float) or not 0 <= tolerance < 1:
        raise ProgrammeError("tolerance: expected a fraction between 0 and 1")
    if not isinstance(weeks, int) or weeks < 0:
        raise ProgrammeError("warn_weeks_before_deadline: expected a whole number of weeks")
    return Schedule(
        text(document, "legal_reference", "legal_reference"),
        confidence(document, "top level"),
        float(tolerance),
        weeks,
        points,
    )


def _point(raw: Any, key: str) -> PathPoint:
    raw = mapping(raw, key)
    on, share = str(raw.get("by", "")), raw.get("share")
    if not isinstance(share, int | float) or not 0 <= share <= 1:
        raise ProgrammeError(f"{key}.share: expected a fraction between 0 and 1")
    try:
        # Parsed in a leap year so that 02-29 reaches the clear message below, not a date error.
        day = dt.date.fromisoformat(f"2000-{on.removeprefix(NEXT_YEAR)}")
    except ValueError as error:
        raise ProgrammeError(f"{key}.by: expected MM-DD or next-MM-DD, got {on!r}") from error
    if day.month == 2 and day.day == 29:
        raise ProgrammeError(f"{key}.by: 29 February is not a day of every year; use 02-28")
    return PathPoint(day.month, day.day, on.startswith(NEXT_YEAR), float(share))
