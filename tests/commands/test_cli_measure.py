"""`povmis measure mpi` and `povmis measure fgt`, driven as a user would, on published examples."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polars as pl
from click.testing import CliRunner

from povmis.commands.measure import measure

REFERENCE = Path(__file__).parents[1] / "data" / "reference"
MPINDEX = REFERENCE / "af-4x4-mpindex-simple-g0.csv"
INDICATORS = ["--indicator", "a1", "--indicator", "a2", "--indicator", "b1", "--indicator", "b2"]

# mpindex's published H = 0.5, A = 0.75, M0 = 0.375 at k = 1/2 (yng-me/mpindex,
# tests/testthat/test-compute-mpi.R). The rest is hand-derived from the Alkire-Foster definitions:
# scores are 0, 1/2, 1, 1/4, so persons 2 and 3 are poor; censored headcounts a1 2/4, a2 1/4, b1 1/4,
# b2 2/4; contributions 1/4 x those / 0.375 = 1/3, 1/6, 1/6, 1/3. Region X (persons 1, 2): H 1/2,
# A 1/2, M0 1/4, contribution 0.5 x 0.25 / 0.375 = 1/3; Y (3, 4): H 1/2, A 1, M0 1/2, contribution 2/3.
MPINDEX_JSON = """\
{
  "A": 0.75,
  "H": 0.5,
  "M0": 0.375,
  "groups": {
    "X": {
      "A": 0.5,
      "H": 0.5,
      "M0": 0.25,
      "contribution": 0.333333333333,
      "population_share": 0.5
    },
    "Y": {
      "A": 1.0,
      "H": 0.5,
      "M0": 0.5,
      "contribution": 0.666666666667,
      "population_share": 0.5
    }
  },
  "indicators": {
    "a1": {
      "censored_headcount": 0.5,
      "contribution": 0.333333333333,
      "uncensored_headcount": 0.5,
      "weight": 0.25
    },
    "a2": {
      "censored_headcount": 0.25,
      "contribution": 0.166666666667,
      "uncensored_headcount": 0.5,
      "weight": 0.25
    },
    "b1": {
      "censored_headcount": 0.25,
      "contribution": 0.166666666667,
      "uncensored_headcount": 0.25,
      "weight": 0.25
    },
    "b2": {
      "censored_headcount": 0.5,
      "contribution": 0.333333333333,
      "uncensored_headcount": 0.5,
      "weight": 0.25
    }
  },
  "k": 0.5
}
"""

# Handbook on Poverty and Inequality (World Bank 2009) ch. 4, country C against a line of 125:
# FGT0 0.5, FGT1 0.08, FGT2 0.0136 (also PovertyAndInequalityMeasures.jl's test). Gini hand-derived:
# 2 x (100 + 2x110 + 3x150 + 4x160) / (4 x 520) - 5/4 = 11/104 = 0.105769230769...
COUNTRY_C_JSON = """\
{
  "at_or_below": false,
  "fgt0": 0.5,
  "fgt1": 0.08,
  "fgt2": 0.0136,
  "gini": 0.105769230769,
  "line": 125.0
}
"""


def country_c(directory: Path) -> Path:
    path = directory / "country-c.csv"
    pl.DataFrame({"person": [1, 2, 3, 4], "expenditure": [100, 110, 150, 160]}).write_csv(path)
    return path


def test_mpi_json_is_the_documented_dictionary_of_the_mpindex_example() -> None:
    result = CliRunner().invoke(measure, ["mpi", str(MPINDEX), *INDICATORS, "--k", "0.5", "--by", "region", "--json"])

    assert (result.exit_code, result.output) == (0, MPINDEX_JSON)


def test_mpi_weights_and_cutoff_may_be_given_as_fractions() -> None:
    weighted = [arg if arg == "--indicator" else f"{arg}=1/4" for arg in INDICATORS]

    result = CliRunner().invoke(measure, ["mpi", str(MPINDEX), *weighted, "--k", "1/2", "--by", "region", "--json"])

    assert (result.exit_code, result.output) == (0, MPINDEX_JSON)


def test_mpi_weight_that_is_not_a_number_is_a_usage_error() -> None:
    result = CliRunner().invoke(measure, ["mpi", str(MPINDEX), "--indicator", "a1=much", "--k", "1"])

    assert result.exit_code == 2
    assert "Invalid value for --indicator: 'much' is not a number such as 0.25 or 1/3" in result.output


def test_mpi_reads_parquet_and_xlsx_alike(tmp_path: Path) -> None:
    frame = pl.read_csv(MPINDEX)
    frame.write_parquet(tmp_path / "profile.parquet")
    frame.write_excel(tmp_path / "profile.xlsx")

    outputs = [
        CliRunner().invoke(
            measure, ["mpi", str(tmp_path / name), *INDICATORS, "--k", "0.5", "--by", "region", "--json"]
        )
        for name in ("profile.parquet", "profile.xlsx")
    ]

    assert [(o.exit_code, o.output) for o in outputs] == [(0, MPINDEX_JSON), (0, MPINDEX_JSON)]


def test_mpi_without_json_prints_readable_tables() -> None:
    result = CliRunner().invoke(measure, ["mpi", str(MPINDEX), *INDICATORS, "--k", "0.5"])

    assert result.exit_code == 0
    assert "0.5000" in result.output
    assert "0.7500" in result.output
    assert "0.3750" in result.output
    assert "contribution" in result.output


def test_mpi_missing_column_names_the_file_and_the_column_and_says_how_to_fix_it() -> None:
    result = CliRunner().invoke(measure, ["mpi", str(MPINDEX), "--indicator", "water", "--k", "0.5"])

    assert result.exit_code == 2
    assert "af-4x4-mpindex-simple-g0.csv has no column 'water'" in result.output
    assert "Its columns are: id, region, a1, a2, b1, b2" in result.output
    assert "Traceback" not in result.output


def test_mpi_value_other_than_0_or_1_names_the_file_spreadsheet_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "survey.csv"
    shutil.copy(MPINDEX, path)
    path.write_text(path.read_text().replace("4,Y,0,1,0,0", "4,Y,0,1,0,2"))

    result = CliRunner().invoke(measure, ["mpi", str(path), *INDICATORS, "--k", "0.5"])

    assert result.exit_code == 1
    assert result.output == (
        "Error: survey.csv, row 5 (counting the header as row 1), column 'b2': 2 is not 0 or 1. "
        "Correct that cell and run the command again.\n"
    )


def test_mpi_refuses_weights_that_do_not_sum_to_one() -> None:
    weighted = [arg if arg == "--indicator" else f"{arg}=0.2" for arg in INDICATORS]

    result = CliRunner().invoke(measure, ["mpi", str(MPINDEX), *weighted, "--k", "0.5"])

    assert result.exit_code == 2
    assert "the indicator weights sum to 0.8; they must sum to 1" in result.output


def test_fgt_json_is_the_documented_dictionary_of_handbook_country_c(tmp_path: Path) -> None:
    path = country_c(tmp_path)

    result = CliRunner().invoke(measure, ["fgt", str(path), "--income", "expenditure", "--line", "125", "--json"])

    assert (result.exit_code, result.output) == (0, COUNTRY_C_JSON)


def test_fgt_by_group_with_weights_reproduces_each_handbook_country() -> None:
    """Handbook ch. 4 with the Julia package's weighted copies: A_2 must equal A, C_10000 equal C."""
    path = REFERENCE / "wb-handbook-ch4-fgt-distributions.csv"
    args = ["fgt", str(path), "--income", "expenditure", "--line", "125", "--by", "distribution"]

    result = CliRunner().invoke(measure, [*args, "--weight", "weight", "--json"])

    groups = json.loads(result.output)["groups"]
    assert (groups["A_2"]["fgt0"], groups["A"]["fgt0"]) == (0.5, 0.5)
    assert {key: groups["C_10000"][key] for key in ("fgt0", "fgt1", "fgt2")} == {
        "fgt0": 0.5,
        "fgt1": 0.08,
        "fgt2": 0.0136,
    }


def test_fgt_at_or_below_counts_incomes_on_the_line(tmp_path: Path) -> None:
    path = country_c(tmp_path)
    args = ["fgt", str(path), "--income", "expenditure", "--line", "110", "--json"]

    below = json.loads(CliRunner().invoke(measure, args).output)
    at_or_below = json.loads(CliRunner().invoke(measure, [*args, "--at-or-below"]).output)

    # Hand-derived: only 100 is below 110; 100 and 110 are at or below it.
    assert (below["fgt0"], at_or_below["fgt0"], at_or_below["at_or_below"]) == (0.25, 0.5, True)


def test_fgt_without_json_prints_a_table(tmp_path: Path) -> None:
    result = CliRunner().invoke(measure, ["fgt", str(country_c(tmp_path)), "--income", "expenditure", "--line", "125"])

    assert result.exit_code == 0
    assert "poor = below 125" in result.output
    assert "0.0800" in result.output


def test_fgt_missing_income_column_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(measure, ["fgt", str(country_c(tmp_path)), "--income", "income", "--line", "125"])

    assert result.exit_code == 2
    assert "country-c.csv has no column 'income'" in result.output


def test_an_unknown_file_type_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "survey.txt"
    path.write_text("y\n1\n")

    result = CliRunner().invoke(measure, ["fgt", str(path), "--income", "y", "--line", "1"])

    assert result.exit_code == 2
    assert "give a .csv, .parquet or .xlsx file" in result.output
