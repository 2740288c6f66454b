"""Bad files, as a careless user or an attacker brings them: each refused by file, row and column, nothing written.

Runs on SQLite and on PostgreSQL alike (the refusals come before the database is touched, so the
message is the same on both); every case asserts that the registry's counts did not move.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from collections.abc import Iterator

import polars as pl
import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from povmis.core.validate import InputError
from povmis.registry.models import AuditEntry, Household, HouseholdSurvey, ImportBatch
from povmis.registry.samples import csv_bytes, household, member
from povmis.registry.services import import_survey
from povmis.registry.survey_import import read_csv_pair, read_workbook

NAME = "Đàm Văn Tâm"


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    """The refusals are asserted in English; the interface's default language is Vietnamese."""
    with translation.override("en"):
        yield


def _counts() -> tuple[int, int, int, int]:
    return (
        Household.objects.count(),
        HouseholdSurvey.objects.count(),
        AuditEntry.objects.count(),
        ImportBatch.objects.count(),
    )


def _csv(rows: list[dict[str, str]], encoding: str = "utf-8", separator: str = ",") -> bytes:
    text = pl.DataFrame(rows, schema=dict.fromkeys(rows[0], pl.String)).write_csv(separator=separator)
    return text.encode(encoding)


MEMBERS = csv_bytes([member()])


def _refused(households: bytes, members: bytes = MEMBERS, *, match: str) -> None:
    before = _counts()
    with pytest.raises(InputError, match=match):
        read_csv_pair(households, "households.csv", members, "members.csv")
    assert _counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["cp1258", "cp1252"])
def test_a_file_saved_in_a_windows_encoding_is_refused_naming_row_and_column(world, encoding):
    name = NAME if encoding == "cp1258" else "Nguyên Thành"
    content = _csv([household(head_name="Ama Ha"), household(household_id="H4", head_name=name)], encoding)
    _refused(content, match=r"households\.csv, row 3, column head_name: the text is not UTF-8.*CSV UTF-8")


@pytest.mark.django_db
def test_invalid_utf8_is_refused_not_replaced(world):
    content = _csv([household()]).replace(b"Y Nguy", b"Y \xff\xfeNguy")
    _refused(content, match=r"households\.csv, row 2, column head_name: the text is not UTF-8 \(byte 0xFF\)")


@pytest.mark.django_db
def test_utf8_with_a_bom_lands_and_decomposed_diacritics_are_stored_composed(world):
    decomposed = unicodedata.normalize("NFD", NAME)
    assert decomposed != NAME
    content = b"\xef\xbb\xbf" + _csv([household(head_name=decomposed)])
    survey = read_csv_pair(content, "households.csv", b"\xef\xbb\xbf" + MEMBERS, "members.csv")
    effect = import_survey(survey, year=2024, user=world.personas["cadre"], commit=True)
    assert effect.counts["new"] + effect.counts["changed"] == 1, effect.issues
    assert Household.objects.get(code="H1").head_name == NAME
    again = read_csv_pair(_csv([household(head_name=NAME)]), "households.csv", MEMBERS, "members.csv")
    assert import_survey(again, year=2024, user=world.personas["cadre"]).counts["unchanged"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize(("separator", "said"), [(";", "semicolons"), ("\t", "tabs")])
def test_another_delimiter_is_named_not_reported_as_missing_columns(world, separator, said):
    _refused(_csv([household()], separator=separator), match=rf"households\.csv, row 1: .*separated by {said}")


@pytest.mark.django_db
def test_empty_and_zero_byte_files_are_refused(world):
    _refused(b"", match=r"households\.csv: the file is empty \(0 bytes\)")
    _refused(b"\n\n  \n", match=r"households\.csv: the file has no header")
    _refused(_csv([household()]), b"", match=r"members\.csv: the file is empty")


@pytest.mark.django_db
def test_fifty_thousand_columns_are_refused_before_parsing(world):
    header = ",".join(f"c{i}" for i in range(50_000)).encode()
    _refused(header + b"\n" + b"," * 49_999 + b"\n", match=r"households\.csv, row 1: 50,000 columns")


@pytest.mark.django_db
def test_a_200_mb_single_line_is_refused_before_parsing(world):
    content = b"household_id,head_name\nH1," + b"x" * (200 * 1024 * 1024)
    _refused(content, match=r"households\.csv, row 2: a line of 209,715,2\d\d bytes")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "column"),
    [
        ({"head_name": "N" * 300}, "head_name"),
        ({"household_id": "H" * 100}, "household_id"),
    ],
)
def test_over_long_values_are_refused_against_the_model_field_lengths(world, changes, column):
    _refused(
        _csv([household(), household(**{"household_id": "H4", **changes})]), match=rf"row 3, column {column}: longer"
    )


@pytest.mark.django_db
def test_a_30_digit_national_id_is_refused(world):
    members = csv_bytes([member(), member(member_id="2", national_id="1" * 30)])
    _refused(_csv([household()]), members, match=r"members\.csv, row 3, column national_id: longer than the 20")


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["H/1", "H 1", "H?1", "H#1", "H%1", "H\x01", "H\u200b1"])
def test_a_household_code_that_would_break_a_url_is_refused(world, code):
    content = _csv([household(), household(household_id=code)])
    _refused(content, match=r"households\.csv, row 3, column household_id: a code may not contain")


@pytest.mark.django_db
def test_a_unit_code_that_would_break_a_url_is_refused(world):
    content = _csv([household(village_code="24121/01")])
    _refused(content, match=r"households\.csv, row 2, column village_code: a code may not contain")


def _workbook(sheets: dict[str, pl.DataFrame]) -> bytes:
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer) as workbook:
        for name, frame in sheets.items():
            frame.write_excel(workbook, worksheet=name)
    return buffer.getvalue()


@pytest.mark.django_db
def test_renamed_sheets_are_named_in_the_refusal(world):
    content = _workbook({"Sheet1": pl.DataFrame([household()]), "Sheet2": pl.DataFrame([member()])})
    before = _counts()
    with pytest.raises(InputError, match=r"survey\.xlsx: expected sheets .*found 'Sheet1', 'Sheet2'"):
        read_workbook(content, "survey.xlsx")
    assert _counts() == before


@pytest.mark.django_db
def test_an_xlsx_zip_bomb_is_refused_by_its_inflation_before_parsing(world):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<sheetData>" + b"0" * (100 * 1024 * 1024))
    assert len(buffer.getvalue()) < 1024 * 1024  # a small file
    before = _counts()
    with pytest.raises(InputError, match=r"bomb\.xlsx: the workbook unpacks to 104,857,\d+ bytes \([\d,]+ times"):
        read_workbook(buffer.getvalue(), "bomb.xlsx")
    assert _counts() == before


@pytest.mark.django_db
def test_a_workbook_declaring_too_many_columns_is_refused_before_parsing(world):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", '<worksheet><dimension ref="A1:BXYZ2"/></worksheet>')
    with pytest.raises(InputError, match=r"wide\.xlsx \[sheet1\.xml\]: 2 rows and [\d,]+ columns"):
        read_workbook(buffer.getvalue(), "wide.xlsx")


# --- answers that read but are wrong: the household is rejected by row and column, nothing of it lands ---


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("households", "members", "table", "column"),
    [
        ([household(), household()], [member()], "households", "household_id"),  # duplicate household IDs
        ([household()], [member(), member(household_id="H9", member_id="1")], "members", "household_id"),  # orphan
        ([household(income_per_capita="-5")], [member()], "households", "income_per_capita"),  # negative income
        ([household(income_per_capita="much")], [member()], "households", "income_per_capita"),  # text income
    ],
)
def test_wrong_answers_reject_the_household_by_row_and_column(world, households, members, table, column):
    survey = read_csv_pair(csv_bytes(households), "households.csv", csv_bytes(members), "members.csv")
    before = _counts()
    effect = import_survey(survey, year=2024, user=world.personas["cadre"], commit=True)
    errors = effect.issues.filter(pl.col("severity") == "error")
    assert errors.filter(pl.col("column") == column).height >= 1, effect.issues
    assert errors["row"].null_count() == 0
    assert errors["file"].str.ends_with(f"{table}.csv").any()
    if table == "households":
        assert effect.counts["rejected"] >= 1
        assert _counts() == before


# --- the upload limits: after the role check, before the file is read ---


def _upload(**fields: object) -> dict[str, object]:
    return {
        "year": 2024,
        "households": SimpleUploadedFile("households.csv", csv_bytes([household(), household(household_id="H4")])),
        "members": SimpleUploadedFile("members.csv", csv_bytes([member(), member(household_id="H4")])),
        **fields,
    }


def _client(world, name: str) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(world.personas[name])
    return client


@pytest.mark.django_db
def test_the_api_refuses_an_upload_over_the_size_limit_only_to_a_role_that_may_import(world, settings):
    settings.POVMIS_UPLOAD_MAX_BYTES = 100
    before = _counts()
    refused = _client(world, "cadre").post("/api/imports", _upload())
    assert refused.status_code == 413
    assert "POVMIS_UPLOAD_MAX_BYTES" in refused.json()["detail"]
    reader = _client(world, "auditor").post("/api/imports", _upload())
    assert reader.status_code in {403, 404}
    assert "100" not in reader.content.decode()
    assert _counts() == before


@pytest.mark.django_db
def test_the_api_refuses_an_upload_over_the_row_limit_before_reading_it(world, settings):
    settings.POVMIS_UPLOAD_MAX_ROWS = 1
    before = _counts()
    refused = _client(world, "cadre").post("/api/imports", _upload(commit="true"))
    assert refused.status_code == 400
    assert "POVMIS_UPLOAD_MAX_ROWS" in refused.json()["detail"]
    assert _counts() == before


@pytest.mark.django_db
def test_the_import_page_refuses_an_oversized_upload_from_its_declared_length(world, settings):
    settings.POVMIS_UPLOAD_MAX_BYTES = 100
    before = _counts()
    client = _client(world, "cadre")
    token = client.get("/imports/").context["token"]
    answer = client.post("/imports/", _upload(token=token), follow=True)
    assert answer.status_code == 200
    assert "more than the 100 bytes" in answer.content.decode()
    reader = _client(world, "auditor").post("/imports/", _upload(token="any"))
    assert reader.status_code == 403
    assert "100 bytes" not in reader.content.decode()
    assert _counts() == before
