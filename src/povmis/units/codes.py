"""Codes that end up in a URL path (/households/<code>/, /units/<code>/), checked as a file is read."""

from __future__ import annotations

import polars as pl
from django.utils.translation import gettext as _

from povmis.core.validate import InputError

# A slash, '?', '#', '%', a backslash, white space or an invisible character would break the link
# or point it at another page.
URL_BREAKING = r"[/\\?#%\s\p{C}]"
ROW_OFFSET = 2  # rows as a spreadsheet shows them: the header is row 1


def check_codes(frame: pl.DataFrame, columns: list[str], file_name: str) -> None:
    """Raise on the first code in ``columns`` that would break a URL, naming file, row and column."""
    for column in columns:
        failing = frame.select(pl.col(column).str.contains(URL_BREAKING).fill_null(value=False).arg_true().first())
        row = failing.item()
        if row is not None:
            value = str(frame[column][int(row)])
            raise InputError(
                _("%(file)s, row %(row)s, column %(column)s: %(problem)s (%(value)r). Nothing was imported.")
                % {"file": file_name, "row": int(row) + ROW_OFFSET, "column": column, "problem": url_breaking(),
                   "value": value[:40]}
            )  # fmt: skip


def url_breaking() -> str:
    return _(
        "a code may not contain a slash, a backslash, '?', '#', '%', spaces or invisible characters; "
        "use letters, digits, '-', '_' and '.'"
    )
