"""What an import does: the effect shown before a commit, and the rows a commit writes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl

Progress = Callable[[str], None]
STATUSES = ("new", "changed", "unchanged", "rejected")


@dataclass
class ImportEffect:
    """What an import does (dry) or did (committed): per-household status, changes side by side, issues."""

    year: int
    files: list[str]
    sha256: str
    status: pl.DataFrame  # household_id, status
    changes: pl.DataFrame  # household_id, member_id, column, old, new
    issues: pl.DataFrame  # file, table, row, household_id, member_id, column, value, severity, messages
    committed: bool = False
    batch_id: int | None = None
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Rows:
    """The rows to write: new and changed households (with status and ids), all accepted members, and the
    units the file names (code, id, level, path, parent_code), as the checks read them."""

    households: pl.DataFrame
    members: pl.DataFrame
    file_name: str
    sha256: str
    units: pl.DataFrame
