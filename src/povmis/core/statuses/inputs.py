"""The tables a status is evaluated on, typed and checked: every bad cell named by file, row and column.

An empty cell is an unknown (the status is then unknown, never held); a cell that does not read as its
input's type, or a code outside the input's list, refuses the whole file.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from povmis.core.policies.inputs import Problem, SupportInputError, refuse, typed_cells
from povmis.core.statuses.rule import Input, StatusRule

KINDS = {"integer": "int?", "boolean": "bool?", "code": "text?"}


class StatusInputError(SupportInputError):
    """A table the statuses cannot be evaluated on; the message names the file, the rows, the columns and the fix."""


def status_table(frame: pl.DataFrame, rules: Sequence[StatusRule], table: str, source: str) -> pl.DataFrame:
    """``frame`` with the rules' inputs of ``table`` typed; its keys are checked to be present and non-empty."""
    inputs = {i.id: i for rule in rules for i in rule.inputs.get(table, ())}
    keys = ["household_id"] + (["member_id"] if table == "member" else [])
    optional = {"persons"} if table == "household" else set()  # counted from the members when absent
    missing = [name for name in [*keys, *inputs] if name not in frame.columns and name not in optional]
    if missing:
        needs = ", ".join(sorted({rule.id for rule in rules for i in rule.inputs.get(table, ()) if i.id in missing}))
        raise StatusInputError(
            f"{source}: missing column(s) {', '.join(missing)}" + (f", read by {needs}" if needs else "")
            + "; the layout is in docs/statuses.md"
        )  # fmt: skip
    kinds = dict.fromkeys(keys, "text") | {name: KINDS[i.type] for name, i in inputs.items() if name in frame.columns}
    try:
        typed, problems = typed_cells(frame, kinds, source)
    except SupportInputError as error:
        raise StatusInputError(str(error)) from error
    problems.extend(_outside_codes(typed, [i for i in inputs.values() if i.type == "code"]))
    if problems:
        try:
            refuse(source, problems)
        except SupportInputError as error:
            raise StatusInputError(str(error)) from error
    return typed


def _outside_codes(typed: pl.DataFrame, inputs: Sequence[Input]) -> list[Problem]:
    problems: list[Problem] = []
    for found in inputs:
        name, codes = found.id, list(found.codes)
        bad = typed.with_row_index("row", offset=2).filter(pl.col(name).is_not_null() & ~pl.col(name).is_in(codes))
        fix = f"write one of {', '.join(codes)}"
        problems.extend((int(row), name, value, fix) for row, value in bad.select("row", name).head(20).rows())
    return problems
