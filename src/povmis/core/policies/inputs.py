"""The tables the support commands read, typed and checked, every bad cell named by file, row and column.

A file is read as text (a household code keeps its zeros) and typed here. Nothing is guessed: a value
that does not parse is an error, reported with the fix, and the whole file is refused.

>>> import polars as pl
>>> typed = typed_table(pl.DataFrame({"age": ["15"], "disabled": ["1"]}), {"age": "int", "disabled": "bool"}, "m.csv")
>>> typed.row(0)
(15, True)
"""

from __future__ import annotations

import polars as pl

CLASSES = ("poor", "near_poor", "average", "not_poor")
AREAS = ("rural", "urban")
TRUE, FALSE = ("true", "1", "yes"), ("false", "0", "no")
MAX_LISTED = 20  # a file with a wrong column has an error on every row: the first ones say enough

HOUSEHOLD_COLUMNS = {
    "household_id": "text",
    "class": "class",
    "area": "area",
    "agricultural": "bool",
    "ethnic_minority": "bool",
    "poor_district": "bool",
    "poor_commune": "bool",
    "extremely_difficult_commune": "bool",
    "escaped_poverty_on": "date?",
    "escaped_near_poverty_on": "date?",
}
STATUS_COLUMN = "agricultural_average"  # holds the status "agricultural household, average living standard"
MEMBER_COLUMNS = {
    "household_id": "text",
    "member_id": "text",
    "age": "int",
    "disabled": "bool",
    "wants_training": "bool",
}
FIXES = {
    "text": "write a non-empty code",
    "class": f"write one of {', '.join(CLASSES)}",
    "area": f"write one of {', '.join(AREAS)}",
    "bool": "write true or false (or 1 or 0)",
    "date": "write a date as YYYY-MM-DD",
    "int": "write a whole number without separators",
}


class SupportInputError(ValueError):
    """A table that cannot be used; the message lists the bad cells (file, row, column) and the fix."""


def household_table(frame: pl.DataFrame, source: str) -> pl.DataFrame:
    """The classified households: the columns of docs/support.md typed, and any ``deprived_*`` as 0/1.

    ``agricultural_average`` (the status beside the class, docs/statuses.md) may be left out: then nobody
    is known to hold it, and the rules that read it give no row.
    """
    if STATUS_COLUMN not in frame.columns:
        frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(STATUS_COLUMN))
    kinds = dict(HOUSEHOLD_COLUMNS) | {STATUS_COLUMN: "bool?"}
    kinds |= {name: "bool" for name in frame.columns if name.startswith("deprived_")}
    typed = typed_table(frame, kinds, source)
    flags = [name for name in typed.columns if name.startswith("deprived_")]
    typed = typed.with_columns(pl.col(flags).cast(pl.Int8))
    _unique(typed, ["household_id"], source)
    return typed


def member_table(frame: pl.DataFrame, source: str, households: pl.DataFrame) -> pl.DataFrame:
    kinds = dict(MEMBER_COLUMNS) | ({"national_id": "text?"} if "national_id" in frame.columns else {})
    typed = typed_table(frame, kinds, source)
    _unique(typed, ["member_id"], source)
    orphans = typed.with_row_index("row", offset=2).join(
        households.select("household_id"), on="household_id", how="anti"
    )
    if orphans.height:
        refuse(
            source,
            [
                (int(r), "household_id", v, "not in the households file")
                for r, v in orphans.select("row", "household_id").rows()
            ],
        )
    return typed


Problem = tuple[int, str, str | None, str]  # row in the file, column, the value, the fix


def typed_table(frame: pl.DataFrame, kinds: dict[str, str], source: str) -> pl.DataFrame:
    """Type each named column; a trailing ``?`` lets a cell be empty. Other columns pass through untouched."""
    typed, problems = typed_cells(frame, kinds, source)
    if problems:
        refuse(source, problems)
    return typed


def typed_cells(frame: pl.DataFrame, kinds: dict[str, str], source: str) -> tuple[pl.DataFrame, list[Problem]]:
    """The typed table and the cells that would not type, so a caller can add its own checks to one report."""
    missing = [name for name in kinds if name not in frame.columns]
    if missing:
        raise SupportInputError(f"{source}: missing column(s) {', '.join(missing)}; the layout is in docs/support.md")
    text = frame.with_columns(pl.col(name).cast(pl.String).str.strip_chars() for name in kinds)
    typed = text.with_columns(_parse(name, kind.rstrip("?")).alias(name) for name, kind in kinds.items())
    problems: list[Problem] = []
    for name, kind in kinds.items():
        given = pl.col(name).is_not_null() & (pl.col(name) != "")
        bad = (
            text.with_row_index("row", offset=2)
            .with_columns(parsed=typed[name])
            .filter((given & pl.col("parsed").is_null()) | (~given.fill_null(value=False) & (not kind.endswith("?"))))
        )
        fix = FIXES[kind.rstrip("?")]
        problems.extend((int(row), name, value, fix) for row, value in bad.select("row", name).head(MAX_LISTED).rows())
    return typed, problems


def _parse(name: str, kind: str) -> pl.Expr:
    cell = pl.col(name).replace("", None)
    if kind == "bool":
        lowered = cell.str.to_lowercase()
        return (
            pl.when(lowered.is_in(TRUE)).then(pl.lit(value=True)).when(lowered.is_in(FALSE)).then(pl.lit(value=False))
        )
    if kind == "date":
        return cell.str.to_date("%Y-%m-%d", strict=False)
    if kind == "int":
        return cell.cast(pl.Int64, strict=False)
    if kind == "class":
        return pl.when(cell.is_in(CLASSES)).then(cell)
    if kind == "area":
        return pl.when(cell.is_in(AREAS)).then(cell)
    return cell


def _unique(frame: pl.DataFrame, key: list[str], source: str) -> None:
    repeated = frame.with_row_index("row", offset=2).filter(pl.struct(key).is_duplicated())
    if repeated.height:
        rows = repeated.select("row", key[0]).head(MAX_LISTED).rows()
        refuse(source, [(int(r), key[0], v, "appears more than once; keep one row per code") for r, v in rows])


def refuse(source: str, problems: list[Problem]) -> None:
    problems.sort()
    lines = [
        f"{source}, row {row}, column {column}: {value!r} — {fix}" for row, column, value, fix in problems[:MAX_LISTED]
    ]
    more = f"\n… and more; fix these first ({len(problems)} listed)" if len(problems) > MAX_LISTED else ""
    raise SupportInputError(f"{source}: refused, nothing was written:\n" + "\n".join(lines) + more)
