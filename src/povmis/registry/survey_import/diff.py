"""The side-by-side view of an import's changed households: each answer that differs, old and new."""

from __future__ import annotations

import json
from typing import Any

import polars as pl

PLACE = ("commune_code", "village_code", "head_name")
CHANGE_SCHEMA: dict[str, pl.DataType] = {
    "household_id": pl.String(),
    "member_id": pl.String(),
    "column": pl.String(),
    "old": pl.String(),
    "new": pl.String(),
}


def diff_changed(
    changed: pl.DataFrame, members: pl.DataFrame, stored: pl.DataFrame, stored_members: pl.DataFrame
) -> pl.DataFrame:
    """One row per differing answer; a member added or removed shows as the column ``member``.

    Only changed households reach this function (few, even in a large re-import), so a plain loop
    over their answers is fine here.
    """
    if changed.is_empty():
        return pl.DataFrame(schema=CHANGE_SCHEMA)
    rows: list[tuple[str, str | None, str, str | None, str | None]] = []
    before = {row["household_id"]: row for row in stored.iter_rows(named=True)}
    new_members = _members_by_household(members.filter(pl.col("household_id").is_in(changed["household_id"].implode())))
    old_members = _members_by_household(stored_members)
    for row in changed.iter_rows(named=True):
        code = row["household_id"]
        old = before[code]
        for column in PLACE:
            if old[column] != row[column]:
                rows.append((code, None, column, old[column], row[column]))
        rows += [(code, None, c, o, n) for c, o, n in _answer_diff(old["answers"], row["answers"])]
        rows += _member_diff(code, old_members.get(code, {}), new_members.get(code, {}))
    return pl.DataFrame(rows, schema=CHANGE_SCHEMA, orient="row")


def _members_by_household(frame: pl.DataFrame) -> dict[str, dict[str, tuple[str | None, str]]]:
    grouped: dict[str, dict[str, tuple[str | None, str]]] = {}
    for row in frame.select("household_id", "member_id", "national_id", "answers").iter_rows():
        grouped.setdefault(row[0], {})[row[1]] = (row[2] or None, row[3])
    return grouped


def _answer_diff(old: str | None, new: str) -> list[tuple[str, str | None, str | None]]:
    before: dict[str, Any] = json.loads(old) if old else {}
    after: dict[str, Any] = json.loads(new)
    return [
        (key, _text(before.get(key)), _text(after.get(key)))
        for key in sorted(after.keys() | before.keys())
        if before.get(key) != after.get(key)
    ]


def _member_diff(
    code: str, old: dict[str, tuple[str | None, str]], new: dict[str, tuple[str | None, str]]
) -> list[tuple[str, str | None, str, str | None, str | None]]:
    rows: list[tuple[str, str | None, str, str | None, str | None]] = []
    for member in sorted(old.keys() | new.keys()):
        if member not in new:
            rows.append((code, member, "member", "present", None))
        elif member not in old:
            rows.append((code, member, "member", None, "present"))
        else:
            if old[member][0] != new[member][0]:
                rows.append((code, member, "national_id", old[member][0], new[member][0]))
            rows += [(code, member, c, o, n) for c, o, n in _answer_diff(old[member][1], new[member][1])]
    return rows


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
