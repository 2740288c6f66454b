"""The 2027-2030 standard, the layers and the what-if as a user runs them: the installed `povmis` command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from pyxform.xls2xform import convert

from povmis.core.documentation import questionnaire_markdown
from povmis.core.standard import load_standard
from povmis.registry.xlsform import read_sheets, xlsform_sheets

ROOT = Path(__file__).resolve().parents[2]
POVMIS = Path(sys.executable).parent / "povmis"
SAMPLE = ROOT / "standards" / "vn-2022-2025" / "sample"


def povmis(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(POVMIS), *arguments], capture_output=True, text=True, check=False, timeout=120)


def test_the_committed_2027_form_is_the_one_the_standard_generates_and_converts_without_warnings(tmp_path):
    form = ROOT / "forms" / "household-survey-2027-2030.xlsx"
    assert read_sheets(form) == xlsform_sheets(load_standard("vn-2027-2030")), (
        "regenerate with: povmis standard xlsform --standard vn-2027-2030 -o forms/household-survey-2027-2030.xlsx"
    )
    written = tmp_path / "form.xlsx"
    assert povmis("standard", "xlsform", "--standard", "vn-2027-2030", "-o", str(written)).returncode == 0
    warnings: list[str] = []
    assert 'id="povmis_household_vn_2027_2030"' in convert(str(written), warnings=warnings).xform
    assert warnings == []


def test_the_committed_2027_survey_layout_is_the_one_the_standard_generates():
    committed = (ROOT / "docs" / "questionnaire-2027-2030.md").read_text(encoding="utf-8")
    assert committed == questionnaire_markdown(load_standard("vn-2027-2030")), (
        "regenerate with: povmis standard questionnaire vn-2027-2030 -o docs/questionnaire-2027-2030.md"
    )


def test_classify_under_the_2027_standard_gives_the_decrees_classes_at_its_lines(tmp_path):
    base = {"area": "rural", "housing_area_m2": 40, "wall_durable": 1, "column_durable": 1, "roof_durable": 1,
            "water_source": "piped", "latrine": "septic", "uses_telecom": 1, "uses_digital_services": 1,
            "waste_disposal": "collected"}  # fmt: skip
    poor = {"water_source": "surface_water", "latrine": "simple_pit", "waste_disposal": "dumped"}
    rows = [
        {**base, "household_id": "at_rural_line", "income_per_capita": 2_200_000},
        {**base, **poor, "household_id": "at_rural_line_3_deprived", "income_per_capita": 2_200_000},
        {**base, **poor, "household_id": "above_rural_line", "income_per_capita": 2_200_001},
        {**base, "household_id": "at_urban_line", "area": "urban", "income_per_capita": 2_800_000},
        {**base, "household_id": "above_urban_line", "area": "urban", "income_per_capita": 2_800_001},
    ]
    members = [
        {"household_id": row["household_id"], "member_id": "1", "age": 40, "health_insurance": 1,
         "education_level": "upper_secondary", "labour_status": "stable", "monthly_social_benefit": 0,
         "malnourished": None, "in_school": None}
        for row in rows
    ]  # fmt: skip
    pl.DataFrame(rows).write_csv(tmp_path / "households.csv")
    pl.DataFrame(members, schema_overrides={"malnourished": pl.Int8, "in_school": pl.Int8}).write_csv(
        tmp_path / "members.csv"
    )
    out = tmp_path / "classes.csv"
    done = povmis("classify", str(tmp_path / "households.csv"), "--members", str(tmp_path / "members.csv"),
                  "--standard", "vn-2027-2030", "-o", str(out), "--quiet", "--strict")  # fmt: skip
    assert done.returncode == 0, done.stderr
    classes = pl.read_csv(out).select("household_id", "class").rows()
    assert classes == [
        ("at_rural_line", "near_poor"),
        ("at_rural_line_3_deprived", "poor"),
        ("above_rural_line", "not_poor"),
        ("at_urban_line", "near_poor"),
        ("above_urban_line", "not_poor"),
    ]


def test_standard_list_and_check_know_the_layer():
    listed = povmis("standard", "list")
    assert "vn-dongnai-2022-2025" in listed.stdout
    assert "vn-2027-2030" in listed.stdout
    checked = povmis("standard", "check", "vn-dongnai-2022-2025")
    assert checked.returncode == 0
    assert checked.stdout.startswith("vn-dongnai-2022-2025: valid (12 indicators")


def test_whatif_on_survey_files_prints_the_matrix_as_json():
    done = povmis("whatif", "--households", str(SAMPLE / "households.csv"), "--members", str(SAMPLE / "members.csv"),
                  "--set", "line.rural=2200000", "--json")  # fmt: skip
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    assert body["households"] == sum(sum(row.values()) for row in body["matrix"].values())
    assert body["changed"] == sum(n for old, row in body["matrix"].items() for new, n in row.items() if old != new)
    unchanged = json.loads(povmis("whatif", "--households", str(SAMPLE / "households.csv"), "--members",
                                  str(SAMPLE / "members.csv"), "--json").stdout)  # fmt: skip
    assert unchanged["changed"] == 0


def test_whatif_on_survey_files_prices_the_changes_under_the_support_policies_of_the_day():
    done = povmis("whatif", "--households", str(SAMPLE / "households.csv"), "--members", str(SAMPLE / "members.csv"),
                  "--set", "line.rural=2200000", "--on", "2025-12-31", "--json")  # fmt: skip
    assert done.returncode == 0, done.stderr
    # The household the higher line makes near-poor: a preferential loan's cap, the electricity support,
    # and its three members' health insurance share (1,263,600 VND a person for the year at the 2024 base salary).
    assert json.loads(done.stdout)["cost"] == {
        "credit": 100_000_000, "electricity": 46_000, "health_insurance": 3 * 1_263_600, "total": 103_836_800,
    }  # fmt: skip
    printed = povmis("whatif", "--households", str(SAMPLE / "households.csv"), "--members", str(SAMPLE / "members.csv"),
                     "--set", "line.rural=2200000", "--on", "2025-12-31")  # fmt: skip
    assert "health_insurance 3,790,800, total 103,836,800" in printed.stdout.replace("\n", "")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--set", "line.rurl=1"], "line.rurl"),
        (["--set", "cutoff"], "expected KEY=VALUE"),
        (["--standard", "vn-2099"], "no such standard"),
    ],
)
def test_whatif_refuses_a_bad_variant_naming_it(arguments, message):
    done = povmis("whatif", "--households", str(SAMPLE / "households.csv"), "--members", str(SAMPLE / "members.csv"),
                  *arguments)  # fmt: skip
    assert done.returncode == 1
    assert message in done.stderr
