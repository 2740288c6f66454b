"""Checks shared by the measures: named columns exist, values are usable, sampling weights are sane.

Each problem is raised as an exception that carries the column (and, for a bad value, the 0-based
row), so that a caller reading a file can point at the exact cell.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import polars as pl

# Weighted scores are sums of floats such as 1/9 + 1/9 + 1/9; comparing them with a cutoff of 1/3
# without a tolerance would leave such a person out by one unit in the last place.
TOLERANCE = 1e-9


class MissingColumnError(ValueError):
    """A column the measure needs is not in the frame."""

    def __init__(self, column: str, columns: Sequence[str]) -> None:
        self.column = column
        self.columns = tuple(columns)
        super().__init__(f"no column {column!r}; the columns are: {', '.join(self.columns)}")


class InvalidValueError(ValueError):
    """A cell holds a value the measure cannot use; `row` counts data rows from 0."""

    def __init__(self, column: str, row: int, value: object, expected: str) -> None:
        self.column = column
        self.row = row
        self.value = value
        self.expected = expected
        super().__init__(f"column {column!r}, data row {row + 1}: {value!r} is not {expected}")


def require_columns(frame: pl.DataFrame, columns: Sequence[str | None]) -> None:
    for column in columns:
        if column is not None and column not in frame.columns:
            raise MissingColumnError(column, frame.columns)


def _as_number(column: str) -> pl.Expr:
    # Text that is not a number becomes null here, so it is reported rather than raising mid-query.
    return pl.col(column).cast(pl.Float64, strict=False)


def _raise_first(frame: pl.DataFrame, columns: Sequence[str], bad: Callable[[str], pl.Expr], expected: str) -> None:
    """Raise for the earliest row holding a bad value, the leftmost listed column first in that row."""
    firsts = frame.select(bad(column).arg_true().first().alias(str(i)) for i, column in enumerate(columns))
    found = [(row, i) for i, row in enumerate(firsts.row(0)) if row is not None]
    if found:
        row, i = min(found)
        raise InvalidValueError(columns[i], row, frame[columns[i]][row], expected)


def check_deprivations(frame: pl.DataFrame, columns: Sequence[str]) -> None:
    """Every deprivation cell must be 0 or 1; a blank is an error, never read as 'not deprived'."""
    _raise_first(frame, columns, lambda c: _as_number(c).is_in([0.0, 1.0]).fill_null(value=False).not_(), "0 or 1")


def check_numbers(frame: pl.DataFrame, columns: Sequence[str]) -> None:
    _raise_first(frame, columns, lambda c: _as_number(c).is_null() | _as_number(c).is_nan(), "a number")


def sampling_weights(frame: pl.DataFrame, column: str | None) -> pl.Expr:
    """The sampling weight of each row (1 without a column), checked to be non-negative numbers."""
    if column is None:
        return pl.lit(1.0)
    check_numbers(frame, [column])
    _raise_first(frame, [column], lambda c: _as_number(c) < 0, "a non-negative weight")
    if frame.height and frame.select(_as_number(column).sum()).item() <= 0:
        raise ValueError(f"the sampling weights in column {column!r} add up to zero")
    return _as_number(column)


def check_groups(frame: pl.DataFrame, column: str | None) -> None:
    if column is not None:
        _raise_first(frame, [column], lambda c: pl.col(c).is_null(), "a group (it is blank)")


def require_rows(frame: pl.DataFrame) -> None:
    if frame.height == 0:
        raise ValueError("there are no rows to measure")
