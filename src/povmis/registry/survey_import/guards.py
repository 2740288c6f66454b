"""What a survey file must be before it is parsed: its size, shape and encoding, and an XLSX's inflation.

Every check here reads the raw bytes (or an XLSX's zip directory) and none parses the file, so a
file that would take the process past its memory (a 200 MB line, 50,000 columns, a zip bomb) is
refused before a parser sees it. The limits are settings, from the environment (settings.py): the
shape and inflation limits hold for every file, the size and row limits for uploads (web and API),
where one user's file must not take the server from everyone else; the command line reads a whole
province's files from the operator's own disk.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from povmis.core.validate import InputError

BOM = b"\xef\xbb\xbf"
# A sheet's declared extent, e.g. <dimension ref="A1:AX54001"/>, in the first bytes of its XML.
DIMENSION = re.compile(rb'<dimension[^>]*\sref="[A-Z]+\d+:([A-Z]+)(\d+)"')
DIMENSION_BYTES = 4096
OTHER_DELIMITERS = {";": "semicolons (;)", "\t": "tabs"}


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int
    max_columns: int
    max_line_bytes: int
    max_inflated_bytes: int
    max_inflation_ratio: int


def limits(*, upload: bool) -> Limits:
    unbounded = 2**62
    return Limits(
        max_bytes=settings.POVMIS_UPLOAD_MAX_BYTES if upload else unbounded,
        max_rows=settings.POVMIS_UPLOAD_MAX_ROWS if upload else unbounded,
        max_columns=settings.POVMIS_UPLOAD_MAX_COLUMNS,
        max_line_bytes=settings.POVMIS_UPLOAD_MAX_LINE_BYTES,
        max_inflated_bytes=settings.POVMIS_UPLOAD_MAX_INFLATED_BYTES,
        max_inflation_ratio=settings.POVMIS_UPLOAD_MAX_INFLATION_RATIO,
    )


def check_size(size: int, name: str, *, upload: bool) -> None:
    """Refuse an empty file, or one over the size limit, from its size alone (before it is read)."""
    if size == 0:
        raise InputError(_("%(file)s: the file is empty (0 bytes); export it again") % {"file": name})
    limit = limits(upload=upload).max_bytes
    if size > limit:
        raise InputError(
            _(
                "%(file)s: %(size)s bytes is more than the %(limit)s bytes a file may have "
                "(POVMIS_UPLOAD_MAX_BYTES); split it, by commune for example"
            )
            % {"file": name, "size": f"{size:,}", "limit": f"{limit:,}"}
        )


def csv_text(content: bytes, name: str, *, upload: bool) -> bytes:
    """The CSV as NFC-normalised UTF-8 without a BOM, once its size, shape and encoding are acceptable."""
    check_size(len(content), name, upload=upload)
    content = content.removeprefix(BOM)
    bound = limits(upload=upload)
    if not content.strip():
        raise InputError(_("%(file)s: the file has no header and no rows; export it again") % {"file": name})
    rows = content.count(b"\n")
    if rows > bound.max_rows:
        raise InputError(
            _("%(file)s: %(rows)s rows is more than the %(limit)s a file may have (POVMIS_UPLOAD_MAX_ROWS); split it")
            % {"file": name, "rows": f"{rows:,}", "limit": f"{bound.max_rows:,}"}
        )
    header = content.split(b"\n", 1)[0]
    if header.count(b",") + 1 > bound.max_columns:
        raise InputError(
            _("%(file)s, row 1: %(columns)s columns is more than the %(limit)s a survey file may have")
            % {"file": name, "columns": f"{header.count(b',') + 1:,}", "limit": f"{bound.max_columns:,}"}
        )
    _check_lines(content, name, bound)
    _check_delimiter(header, name)
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(_not_utf8(content, error.start, name)) from None
    # Composed and decomposed diacritics both arrive ("ễ" as one code point or as e + two marks);
    # one form, so the same name compares equal and the same file gives the same fingerprint.
    return unicodedata.normalize("NFC", text).encode("utf-8")


def _check_lines(content: bytes, name: str, bound: Limits) -> None:
    longest = max(map(len, content.split(b"\n")))
    if longest > bound.max_line_bytes:
        lengths = [len(line) for line in content.split(b"\n")]
        row = next(i for i, length in enumerate(lengths, start=1) if length > bound.max_line_bytes)
        raise InputError(
            _(
                "%(file)s, row %(row)s: a line of %(size)s bytes is longer than the %(limit)s a row may have; "
                "is this a CSV file with one household per line?"
            )
            % {"file": name, "row": row, "size": f"{longest:,}", "limit": f"{bound.max_line_bytes:,}"}
        )


def _check_delimiter(header: bytes, name: str) -> None:
    """A file saved with another separator reads as one column: say which, not "missing columns"."""
    if b"," in header:
        return
    for delimiter, description in OTHER_DELIMITERS.items():
        if delimiter.encode() in header:
            raise InputError(
                _(
                    "%(file)s, row 1: the columns are separated by %(delimiter)s, not commas; "
                    "save the file again as 'CSV UTF-8 (comma delimited)'"
                )
                % {"file": name, "delimiter": _(description)}
            )


def _not_utf8(content: bytes, position: int, name: str) -> str:
    """Where the first byte that is not UTF-8 is, as the spreadsheet shows it (row, column)."""
    row = content.count(b"\n", 0, position) + 1
    line_start = content.rfind(b"\n", 0, position) + 1
    header = content.split(b"\n", 1)[0].decode("utf-8", errors="replace").split(",")
    index = content.count(b",", line_start, position)
    column = header[index].strip() if index < len(header) else str(index + 1)
    return _(
        "%(file)s, row %(row)s, column %(column)s: the text is not UTF-8 (byte 0x%(byte)s); the file was "
        "probably saved as Windows-1258 or Windows-1252. Nothing was imported: save it again as "
        "'CSV UTF-8' and import that file"
    ) % {"file": name, "row": row, "column": column, "byte": f"{content[position]:02X}"}


def check_workbook(content: bytes, name: str, *, upload: bool) -> None:
    """Refuse an XLSX by its size, its zip directory and its sheets' declared shape, before parsing it."""
    check_size(len(content), name, upload=upload)
    bound = limits(upload=upload)
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InputError(_("%(file)s: not a readable XLSX workbook (not a zip archive)") % {"file": name}) from None
    inflated = sum(entry.file_size for entry in entries)
    ratio = inflated / max(sum(entry.compress_size for entry in entries), 1)
    if inflated > bound.max_inflated_bytes or ratio > bound.max_inflation_ratio:
        raise InputError(
            _(
                "%(file)s: the workbook unpacks to %(size)s bytes (%(ratio)s times its size); at most %(limit)s "
                "bytes and %(max_ratio)s times are read. Nothing was imported: export the sheets again"
            )
            % {
                "file": name,
                "size": f"{inflated:,}",
                "ratio": f"{ratio:,.0f}",
                "limit": f"{bound.max_inflated_bytes:,}",
                "max_ratio": bound.max_inflation_ratio,
            }
        )
    for entry in entries:
        if entry.filename.startswith("xl/worksheets/") and entry.filename.endswith(".xml"):
            with archive.open(entry) as sheet:
                _check_dimension(sheet.read(DIMENSION_BYTES), name, entry.filename, bound)


def _check_dimension(head: bytes, name: str, sheet: str, bound: Limits) -> None:
    found = DIMENSION.search(head)
    if found is None:
        return  # not every writer declares it; the rows are counted once read
    columns = _column_number(found.group(1).decode())
    rows = int(found.group(2))
    if rows > bound.max_rows + 1 or columns > bound.max_columns:
        raise InputError(
            _(
                "%(file)s [%(sheet)s]: %(rows)s rows and %(columns)s columns is more than a survey file may "
                "have; split it"
            )
            % {"file": name, "sheet": sheet.rsplit("/", 1)[-1], "rows": f"{rows:,}", "columns": f"{columns:,}"}
        )


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number
