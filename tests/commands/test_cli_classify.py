"""`povmis classify` as a user runs it: the summary it prints, the files it writes, the errors it gives."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from click.testing import CliRunner

from povmis.cli import main
from povmis.core.standard import standards_dir

SAMPLE = standards_dir() / "vn-2022-2025" / "sample"
SUMMARY = """\
 Multidimensional poverty standard
      2022-2025 (vn-2022-2025)
┏━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━┓
┃ class     ┃ households ┃   share ┃
┡━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━┩
│ poor      │          3 │  30.00% │
│ near_poor │          2 │  20.00% │
│ average   │          3 │  30.00% │
│ not_poor  │          2 │  20.00% │
│ total     │         10 │ 100.00% │
└───────────┴────────────┴─────────┘
"""


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner(mix_stderr=False).invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_classify_prints_the_summary_by_class_and_writes_classes_with_reasons(tmp_path: Path) -> None:
    out = tmp_path / "classified.csv"
    code, stdout, _ = _run(
        "classify",
        str(SAMPLE / "households.csv"),
        "--members",
        str(SAMPLE / "members.csv"),
        "--standard",
        "vn-2022-2025",
        "-o",
        str(out),
        "--quiet",
    )
    assert code == 0
    assert "\n".join(line.rstrip() for line in stdout.splitlines()) + "\n" == SUMMARY + f"written: {out}\n"
    written = pl.read_csv(out)
    assert written.filter(pl.col("household_id") == "EAS-01-003").select("class", "reason_en").row(0) == (
        "poor",
        "income 1,500,000 ≤ rural poverty line 1,500,000; lacks: employment, dependants, housing quality",
    )
    assert {
        "household_id",
        "class",
        "class_rule",
        "deprivation_count",
        "deprived_latrine",
        "reason_vi",
    } <= set(written.columns)


def test_classify_writes_parquet_and_xlsx_by_extension(tmp_path: Path) -> None:
    for name in ("classified.parquet", "classified.xlsx"):
        code, _, _ = _run(
            "classify",
            str(SAMPLE / "households.csv"),
            "--members",
            str(SAMPLE / "members.csv"),
            "-o",
            str(tmp_path / name),
            "--quiet",
        )
        assert code == 0
    assert (
        pl.read_parquet(tmp_path / "classified.parquet")["class"].to_list()
        == pl.read_excel(tmp_path / "classified.xlsx")["class"].to_list()
    )


def test_invalid_answers_are_listed_with_file_row_and_column(tmp_path: Path) -> None:
    members = pl.read_csv(SAMPLE / "members.csv", infer_schema=False)
    members = members.with_columns(
        pl.when(pl.int_range(pl.len()) == 4).then(pl.lit("151")).otherwise(pl.col("age")).alias("age")
    )
    members_path = tmp_path / "members.csv"
    members.write_csv(members_path)
    out = tmp_path / "classified.csv"
    code, _, stderr = _run(
        "classify", str(SAMPLE / "households.csv"), "--members", str(members_path), "-o", str(out), "--quiet"
    )
    assert code == 0
    assert f"{members_path}: row 6, column age: '151': above the maximum 120 / lớn hơn mức tối đa 120" in stderr
    issues = pl.read_csv(tmp_path / "classified-issues.csv")
    assert issues.select("file", "row", "column", "value").to_dicts() == [
        {"file": str(members_path), "row": 6, "column": "age", "value": 151},
    ]
    code, _, stderr = _run(
        "classify",
        str(SAMPLE / "households.csv"),
        "--members",
        str(members_path),
        "-o",
        str(out),
        "--quiet",
        "--strict",
    )
    assert code == 1


def test_a_missing_column_is_a_clear_error_without_a_traceback(tmp_path: Path) -> None:
    households = pl.read_csv(SAMPLE / "households.csv", infer_schema=False).drop("latrine")
    path = tmp_path / "households.csv"
    households.write_csv(path)
    code, _, stderr = _run(
        "classify",
        str(path),
        "--members",
        str(SAMPLE / "members.csv"),
        "-o",
        str(tmp_path / "out.csv"),
        "--quiet",
    )
    assert code == 1
    assert stderr == (
        "Error: households: missing column(s) latrine; add them with the names shown "
        "(the layout is in docs/questionnaire.md)\n"
    )


def test_an_unknown_standard_is_a_clear_error(tmp_path: Path) -> None:
    code, _, stderr = _run(
        "classify", str(SAMPLE / "households.csv"), "--standard", "vn-1990", "-o", str(tmp_path / "out.csv")
    )
    assert code == 1
    assert stderr.startswith("Error: vn-1990: no such standard (known: ")
