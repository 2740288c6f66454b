"""Reading a programme file's values; each error names the key, and ``unknown`` is a value of its own.

A programme is often only partly published (the 2026-2035 programme's contents are not yet known), so
any value may be the word ``unknown``: it loads as ``UNKNOWN`` and is listed, never guessed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from povmis.core.schema import StandardError, expect

UNKNOWN: Final = "unknown"
CONFIDENCES = ("C", "S", "R", "U")


class ProgrammeError(StandardError):
    """A programme, indicator or schedule file that cannot be used; the message names file and key."""


def is_unknown(value: Any) -> bool:
    return isinstance(value, str) and value.strip().lower() == UNKNOWN


def mapping(raw: Any, key: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ProgrammeError(f"{key}: expected a mapping of keys")
    return raw


def items(raw: Any, key: str) -> list[Any]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ProgrammeError(f"{key}: expected a list (or the word unknown)")
    return raw


def date_value(value: Any, key: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as error:
        raise ProgrammeError(f"{key}: expected a date YYYY-MM-DD, got {value!r}") from error


def vnd(value: Any, key: str) -> int | None:
    """An amount of money in whole VND, or None where the file says unknown."""
    if is_unknown(value):
        return None
    expect(isinstance(value, int) and not isinstance(value, bool) and value >= 0, key, "must be whole VND (an integer)")
    return int(value)


def confidence(raw: dict[str, Any], key: str) -> str:
    value = raw.get("confidence", "R")
    expect(value in CONFIDENCES, f"{key}.confidence", f"must be one of {', '.join(CONFIDENCES)}")
    return str(value)
