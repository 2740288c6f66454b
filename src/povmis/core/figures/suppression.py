"""Small-cell suppression of a published table: primary, complementary, and the rates that would tell.

A count of 1 to ``minimum - 1`` households could point at a family, so it is not published (primary
suppression; zero tells nothing and stays). A suppressed cell must not be recoverable by
subtraction either: wherever the table states that one cell is the sum of others (a district is the
sum of its communes, the area's total the sum of its districts, "poor and near-poor" the sum of
poor and near-poor), a relation with exactly one hidden cell gets a second one, the smallest
non-zero published cell of that relation (complementary suppression), until no relation has
exactly one. A rate computed from a hidden count is hidden with it.

This stops recovery from any single relation, the attack a reader of a printed table makes; it is
not a guarantee against combining several relations at once (docs/privacy.md).

>>> import polars as pl
>>> table = pl.DataFrame({"code": ["", "A", "B", "C"], "poor": [20, 2, 9, 9]})
>>> parents = {"A": "", "B": "", "C": ""}
>>> suppress(table, ["poor"], minimum=5, sums=[], parents=parents)["poor"].to_list()
[20, None, None, 9]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

Cell = tuple[int, str]  # (row index, column)


def suppress(
    table: pl.DataFrame,
    counts: Sequence[str],
    *,
    minimum: int,
    sums: Sequence[tuple[str, Sequence[str]]] = (),
    parents: Mapping[str, str] | None = None,
    follows: Mapping[str, Sequence[str]] | None = None,
    key: str = "code",
) -> pl.DataFrame:
    """``table`` with its small counts and the cells that would reveal them set to null.

    ``sums`` are row relations, each a column and the columns one equation ties it to (a sum, or an
    identity such as end = start - out + in: one hidden cell in any linear relation is recoverable);
    ``parents`` maps a row's ``key`` to the key of the row it adds up into, for every count column;
    ``follows`` maps a column (a rate, or persons beside households) to the counts that, hidden, hide
    it in the same row. ``minimum`` below 2 suppresses nothing.
    """
    if minimum < 2 or table.is_empty():  # a count of one is the smallest that can point at a family
        return table
    values = {column: table[column].to_list() for column in counts}
    hidden: set[Cell] = {
        (row, column)
        for column in counts
        for row, value in enumerate(values[column])
        if value is not None and 0 < value < minimum
    }
    relations = _relations(table, counts, sums, parents or {}, key)
    follows = follows or {}
    while True:
        added = {_complement(relation, hidden, values) for relation in relations}
        added |= {(row, column) for column, sources in follows.items() for row, hid in hidden if hid in sources}
        fresh = {cell for cell in added if cell is not None} - hidden
        if not fresh:
            break
        hidden |= fresh
    return table.with_columns(_masked(table, column, hidden) for column in {*counts, *follows})


def _relations(
    table: pl.DataFrame,
    counts: Sequence[str],
    sums: Sequence[tuple[str, Sequence[str]]],
    parents: Mapping[str, str],
    key: str,
) -> list[list[Cell]]:
    """Each relation as the list of its cells (the sum and its parts: one hidden cell among them tells)."""
    row_of = {code: row for row, code in enumerate(table[key].to_list())}
    children: dict[int, list[int]] = {}
    for code, parent in parents.items():
        if code in row_of and parent in row_of:
            children.setdefault(row_of[parent], []).append(row_of[code])
    relations = [
        [(row, total), *((row, part) for part in parts)] for row in range(table.height) for total, parts in sums
    ]
    relations += [
        [(parent, column), *((child, column) for child in kids)]
        for parent, kids in children.items()
        for column in counts
    ]
    return relations


def _complement(relation: list[Cell], hidden: set[Cell], values: dict[str, list[int | None]]) -> Cell | None:
    """The cell to hide so that ``relation`` does not reveal its one hidden cell, or None."""
    if sum(cell in hidden for cell in relation) != 1:
        return None
    candidates = [cell for cell in relation if cell not in hidden and (values[cell[1]][cell[0]] or 0) > 0]
    if not candidates:
        return None  # every other cell is zero: the hidden one is the sum (or zero), which zeros already tell
    return min(candidates, key=lambda cell: (values[cell[1]][cell[0]] or 0, cell[0]))


def _masked(table: pl.DataFrame, column: str, hidden: set[Cell]) -> pl.Series:
    rows = sorted(row for row, name in hidden if name == column)
    index = pl.Series("row", rows, dtype=pl.UInt32)
    return table[column].scatter(index, None) if rows else table[column]
