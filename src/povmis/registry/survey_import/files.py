"""Reading survey files into text frames: the CSV/XLSX import layout and the XLSForm submissions export.

Layout (forms/README.md): a household table (household_id, commune_code, village_code, head_name and
the standard's household answers) and a member table (household_id, member_id, national_id and the
member answers). CSV comes as two files; XLSX as one workbook with sheets ``households`` and
``members``. An export of the shipped XLSForm has the submissions on its first sheet and the
``members`` repeat on another, linked by ``_index`` / ``_parent_index``; its group prefixes
("location/commune_code") are dropped.

Everything is read as text: validation must see what the file says, not what a reader guessed.
Before a file is parsed, the guards refuse what a parser should never see (a wrong encoding, a
zip bomb, 50,000 columns); once read, the cells check refuses cells the registry cannot keep. Text is
NFC-normalised, so a name typed with composed or decomposed diacritics is the same name.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from povmis.core.validate import InputError
from povmis.registry.survey_import.cells import check_cells
from povmis.registry.survey_import.guards import check_workbook, csv_text

LOCATION = ("commune_code", "village_code", "head_name")
MEMBER_EXTRA = ("national_id",)


@dataclass(frozen=True)
class SurveyFile:
    """The raw survey: two text frames and the names of the files they came from."""

    households: pl.DataFrame
    members: pl.DataFrame
    household_file: str
    member_file: str


def read_survey(path: Path, members_path: Path | None = None) -> SurveyFile:
    """Read a survey from disk; a CSV needs its member file (given, or ``members.csv`` beside it).

    The operator's own files: the upload limits on size and rows do not apply, the shape limits do.
    """
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return read_workbook(path.read_bytes(), path.name)
    if members_path is None:
        members_path = _sibling_members(path)
    return read_csv_pair(path.read_bytes(), path.name, members_path.read_bytes(), members_path.name)


def _sibling_members(path: Path) -> Path:
    candidates = [path.with_name(path.name.replace("households", "members")), path.with_name("members.csv")]
    for candidate in candidates:
        if candidate != path and candidate.is_file():
            return candidate
    raise InputError(f"{path.name}: give the member file too (--members FILE)")


def read_csv_pair(
    households: bytes, household_name: str, members: bytes, member_name: str, *, upload: bool = False
) -> SurveyFile:
    """Two CSV files; ``upload``: they came over the network, and the upload limits apply."""
    return _checked(
        SurveyFile(
            households=_clean(_read_csv(households, household_name, upload=upload)),
            members=_clean(_read_csv(members, member_name, upload=upload)),
            household_file=household_name,
            member_file=member_name,
        )
    )


def _read_csv(content: bytes, name: str, *, upload: bool) -> pl.DataFrame:
    text = csv_text(content, name, upload=upload)
    try:
        # Strict UTF-8: csv_text has refused any other encoding, so nothing is replaced silently.
        return pl.read_csv(io.BytesIO(text), infer_schema=False)
    except pl.exceptions.PolarsError as error:
        raise InputError(f"{name}: not a readable CSV file ({error})") from error


def read_workbook(content: bytes, name: str, *, upload: bool = False) -> SurveyFile:
    check_workbook(content, name, upload=upload)
    sheets = _read_sheets(content, name)
    if "households" in sheets and "members" in sheets:
        return _checked(SurveyFile(_clean(sheets["households"]), _clean(sheets["members"]), name, name))
    return _checked(_from_xlsform_export(sheets, name))


def _checked(survey: SurveyFile) -> SurveyFile:
    check_cells(survey.households, "households", survey.household_file)
    check_cells(survey.members, "members", survey.member_file)
    return survey


def _read_sheets(content: bytes, name: str) -> dict[str, pl.DataFrame]:
    try:
        frames = pl.read_excel(io.BytesIO(content), sheet_id=0, engine="calamine", infer_schema_length=0)
    except Exception as error:  # the Excel reader raises several unrelated types for a bad file
        raise InputError(f"{name}: not a readable XLSX workbook ({error})") from error
    return {sheet: frame.select(pl.all().cast(pl.String)) for sheet, frame in frames.items()}


def _from_xlsform_export(sheets: dict[str, pl.DataFrame], name: str) -> SurveyFile:
    """An export of forms/household-survey.xlsx: submissions first, the members repeat beside them."""
    names = list(sheets)
    member_sheet = next((s for s in names if s.split("/")[-1].lower() == "members"), None)
    if not names or member_sheet is None:
        raise InputError(
            f"{name}: expected sheets 'households' and 'members' (or a survey export with 'members'), "
            f"found {', '.join(repr(sheet) for sheet in names) or 'none'}; rename the sheets"
        )
    submissions = _strip_groups(sheets[names[0]])
    members = _strip_groups(sheets[member_sheet])
    if "_index" in submissions.columns and "_parent_index" in members.columns and "household_id" not in members.columns:
        members = members.join(
            submissions.select(pl.col("_index").alias("_parent_index"), "household_id"),
            on="_parent_index",
            how="left",
        )
    return SurveyFile(_clean(submissions), _clean(members), name, f"{name} [{member_sheet}]")


def cell_text(column: str) -> pl.Expr:
    """A column's cells as the import reads them: trimmed, NFC-normalised, an empty cell a missing answer."""
    return pl.col(column).cast(pl.String).str.strip_chars().str.normalize("NFC").replace("", None).alias(column)


def _strip_groups(frame: pl.DataFrame) -> pl.DataFrame:
    """ "location/commune_code" → "commune_code": export tools prefix a question with its groups."""
    renamed: dict[str, str] = {}
    for column in frame.columns:
        short = column.split("/")[-1]
        if short not in renamed.values() and short not in frame.columns:
            renamed[column] = short
    return frame.rename(renamed)


def _clean(frame: pl.DataFrame) -> pl.DataFrame:
    """Trim headers and cells, turn empty cells into missing answers, drop empty rows at the end.

    Only trailing empty rows go (spreadsheets keep formatted blank rows): dropping one in the middle
    would shift the row numbers the error report gives back to the user.
    """
    frame = frame.rename({c: c.strip() for c in frame.columns})
    frame = frame.select(cell_text(c) for c in frame.columns)
    if not frame.width or frame.is_empty():
        return frame
    filled = frame.select(pl.any_horizontal(pl.all().is_not_null()).alias("filled"))["filled"]
    last = filled.arg_true()
    return frame.head(int(last[-1]) + 1 if last.len() else 0)
