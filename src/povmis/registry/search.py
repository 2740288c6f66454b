"""Search that ignores diacritics and case: "nguyen" finds "Nguyễn", "DANG" finds "Đặng".

Names are folded to lower-case ASCII letters (Vietnamese tones and vowel marks dropped, đ to d) on both
sides of the comparison, in the database: PostgreSQL by its built-in ``translate`` over the letters that
fold, SQLite by the same Python function registered on each connection. The search text is folded here.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.db.models import CharField, Func, Value
from django.db.models.sql.compiler import SQLCompiler
from django.dispatch import receiver

SPECIAL = {"đ": "d", "Đ": "d"}  # đ is a letter of its own, not d with a mark: Unicode does not decompose it


def fold(text: str | None) -> str:
    """``text`` in lower-case ASCII letters where a Vietnamese letter had marks.

    >>> fold("Y Nguyễn Thị Đặng")
    'y nguyen thi dang'
    """
    if text is None:
        return ""
    decomposed = unicodedata.normalize("NFD", "".join(SPECIAL.get(c, c) for c in text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _letters_that_fold() -> tuple[str, str]:
    """Every precomposed Latin letter with marks (U+00C0 to U+1EFF) and A-Z, each with its folded letter."""
    source, target = [], []
    for code in [*range(ord("A"), ord("Z") + 1), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        letter = chr(code)
        folded = fold(letter)
        if folded != letter and len(folded) == 1 and folded.isascii():
            source.append(letter)
            target.append(folded)
    return "".join(source), "".join(target)


FROM_LETTERS, TO_LETTERS = _letters_that_fold()


class Folded(Func):
    """A text column folded as :func:`fold` folds, for ``Folded("head_name")`` in a filter or annotation."""

    function = "povmis_fold"  # SQLite: the Python function registered on each connection below
    output_field = CharField()

    def as_postgresql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any) -> Any:
        letters = Func(*self.source_expressions, Value(FROM_LETTERS), Value(TO_LETTERS), function="translate")
        return letters.as_sql(compiler, connection, **extra)


@receiver(connection_created)
def _register_fold(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("povmis_fold", 1, fold, deterministic=True)
