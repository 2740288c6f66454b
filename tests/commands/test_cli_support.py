"""`povmis support entitlements` and `povmis support reconcile`, run as a user runs them.

Each amount is the law's, at the date the law gives, with its source named in the test.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

POVMIS = Path(sys.executable).parent / "povmis"
DATA = Path(__file__).parents[1] / "data" / "support"
HOUSEHOLDS, MEMBERS, DELIVERIES = DATA / "households.csv", DATA / "members.csv", DATA / "deliveries.csv"


def run(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(POVMIS), *map(str, arguments)], capture_output=True, text=True, check=False)


def entitled(tmp_path: Path, on: str, *options: str) -> dict[tuple[str, str, str], tuple[str, str, str, str]]:
    """(household, member, policy) -> (rule, share, amount_vnd, interest_ratio) from the command's output."""
    output = tmp_path / f"entitlements-{on}.csv"
    result = run("support", "entitlements", HOUSEHOLDS, "--members", MEMBERS, "--on", on, "-o", output, *options)
    assert result.returncode == 0, result.stderr
    with output.open(encoding="utf-8") as handle:
        return {
            (row["household_id"], row["member_id"], row["policy"]): (
                row["rule"],
                row["share"],
                row["amount_vnd"],
                row["interest_ratio"],
            )
            for row in csv.DictReader(handle)
        }


def test_near_poor_health_insurance_is_70_percent_on_the_last_day_of_decree_146(tmp_path: Path) -> None:
    # Decree 146/2018/NĐ-CP Art. 8(1)(b): at least 70% for the near-poor, in force until 14 Aug 2025,
    # poor commune or not.
    rows = entitled(tmp_path, "2025-08-14")
    assert rows[("H02", "M0201", "health_insurance")] == ("near_poor_146", "0.7", "", "")
    assert rows[("H03", "M0301", "health_insurance")] == ("near_poor_146", "0.7", "", "")


def test_near_poor_in_a_poor_commune_get_100_percent_from_decree_188s_first_day(tmp_path: Path) -> None:
    # Decree 188/2025/NĐ-CP, in force 15 Aug 2025: 70%, and 100% where the household lives in a poor commune.
    rows = entitled(tmp_path, "2025-08-15")
    assert rows[("H02", "M0201", "health_insurance")] == ("near_poor_poor_commune_188", "1.0", "", "")
    assert rows[("H03", "M0301", "health_insurance")] == ("near_poor_188", "0.7", "", "")


def test_poor_members_ethnic_minority_in_extremely_difficult_communes_and_agricultural_average(tmp_path: Path) -> None:
    # Law on Health Insurance Art. 12 and Decree 146/2018: poor 100%, ethnic-minority people in extremely
    # difficult communes 100%, agricultural households with an average living standard 30%.
    rows = entitled(tmp_path, "2024-06-30")
    assert rows[("H01", "M0102", "health_insurance")] == ("poor", "1.0", "", "")
    assert rows[("H05", "M0501", "health_insurance")] == ("ethnic_minority_extremely_difficult_commune", "1.0", "", "")
    assert rows[("H04", "M0401", "health_insurance")] == ("agricultural_average_146", "0.3", "", "")
    assert ("H08", "M0801", "health_insurance") not in rows  # not poor, urban: nothing


def test_lao_cai_top_up_makes_near_poor_health_insurance_100_percent(tmp_path: Path) -> None:
    # Lào Cai Resolution 09/2019/NQ-HĐND adds 30% to the national 70%: a layer, the national file untouched.
    rows = entitled(tmp_path, "2024-06-30", "--province", "lao-cai")
    assert rows[("H03", "M0301", "health_insurance")] == ("lao_cai_near_poor_top_up", "1.0", "", "")
    assert entitled(tmp_path, "2024-06-30")[("H03", "M0301", "health_insurance")][0] == "near_poor_146"


def test_preferential_credit_cap_and_interest_ratios(tmp_path: Path) -> None:
    # Social Policy Bank: up to VND 100,000,000 from 1 Mar 2019; near-poor at most 130% of the poor
    # households' rate (Decision 15/2013/QĐ-TTg); newly escaped 125% (Decision 28/2015/QĐ-TTg).
    rows = entitled(tmp_path, "2025-05-31")
    assert rows[("H01", "", "credit")] == ("poor", "", "100000000", "1.0")
    assert rows[("H02", "", "credit")] == ("near_poor", "", "100000000", "1.3")
    assert rows[("H06", "", "credit")] == ("newly_escaped", "", "100000000", "1.25")


def test_newly_escaped_credit_ends_three_years_after_escaping(tmp_path: Path) -> None:
    # Decision 28/2015/QĐ-TTg: households that escaped poverty within the last 3 years. H06 escaped on
    # 2022-06-01: still within on 2025-05-31, no longer on 2025-06-01.
    assert ("H06", "", "credit") in entitled(tmp_path, "2025-05-31")
    assert ("H06", "", "credit") not in entitled(tmp_path, "2025-06-01")


def test_vocational_training_amounts_by_group(tmp_path: Path) -> None:
    # Decision 46/2015/QĐ-TTg Art. 5: disabled 6,000,000; poor ethnic-minority 4,000,000; poor or
    # ethnic-minority 3,000,000; near-poor 2,500,000; other rural workers 2,000,000 a course.
    rows = entitled(tmp_path, "2024-06-30")
    courses = {key[1]: value[2] for key, value in rows.items() if key[2] == "vocational_training"}
    assert courses == {
        "M0301": "6000000",  # disabled, near-poor household
        "M0701": "4000000",  # poor ethnic-minority household
        "M0101": "3000000",  # poor household
        "M0501": "3000000",  # ethnic minority, average household
        "M0201": "2500000",  # near-poor
        "M0302": "2500000",  # near-poor, 15 years old
        "M0401": "2000000",  # rural worker, average household
        "M0601": "2000000",  # rural worker, not poor
    }  # M0702 is 14; M0801 is urban and not poor; M0102 and M0602 do not want training


def test_housing_project_5_is_40_million_in_poor_districts_and_only_within_the_programme(tmp_path: Path) -> None:
    # Decision 90/QĐ-TTg Project 5, Circular 01/2022/TT-BXD: VND 40 million to build for poor and
    # near-poor households in poor districts whose house is not durable; H02 is near-poor outside one.
    rows = entitled(tmp_path, "2024-06-30")
    housing = {key[0]: value for key, value in rows.items() if key[2] == "housing"}
    assert housing == {"H01": ("build", "", "40000000", ""), "H07": ("build", "", "40000000", "")}
    assert not [key for key in entitled(tmp_path, "2022-01-17") if key[2] == "housing"]  # before Decision 90


def test_nutrition_is_for_children_under_16(tmp_path: Path) -> None:
    # Decision 90/QĐ-TTg Project 3 sub-project 2: children under 16 of poor, near-poor, newly escaped households.
    rows = entitled(tmp_path, "2024-06-30")
    assert sorted(key[1] for key in rows if key[2] == "nutrition") == ["M0102", "M0302", "M0702"]


EXPECTED_2024 = {
    "credit": (5, 1, 4, 0, 0, 0, 0, 0.2),
    "electricity": (2, 0, 2, 0, 0, 0, 0, 0.0),
    "health_insurance": (9, 3, 6, 0, 1, 1, 1, 0.333333),
    "housing": (2, 1, 1, 0, 1, 1, 1, 0.5),
    "job_referral": (7, 0, 7, 0, 0, 0, 0, 0.0),
    "legal_aid": (4, 0, 4, 0, 0, 0, 0, 0.0),
    "livelihood_model": (5, 0, 5, 0, 0, 0, 0, 0.0),
    "nutrition": (3, 0, 3, 0, 0, 0, 0, 0.0),
    "production_support": (5, 0, 5, 0, 0, 0, 0, 0.0),
    "study_support": (3, 0, 3, 0, 0, 0, 0, 0.0),
    "tuition": (3, 0, 3, 0, 0, 0, 0, 0.0),
    "vocational_training": (8, 0, 8, 0, 0, 0, 0, 0.0),
    "work_abroad": (5, 0, 5, 0, 0, 0, 0, 0.0),
}
KEYS = ("entitled", "delivered", "missed", "already_supported", "ineligible", "twice", "unmatched", "coverage")


def test_reconciliation_counts_follow_the_definitions_of_the_support_spec() -> None:
    # Housing: H01 got a Project 5 house and a Decision 1719 house (twice, same purpose across
    # programmes); H04 is average (ineligible); H99 is unknown (unmatched); H07 was missed. Health
    # insurance: M0201's second card is twice, M0801 is not poor (ineligible), ID 999999999999 is unknown.
    # Credit: H06 escaped poverty in 2022 (newly escaped on the loan's date); H01's loan of 2023 is outside.
    result = run(
        "support",
        "reconcile",
        HOUSEHOLDS,
        DELIVERIES,
        "--members",
        MEMBERS,
        "--from",
        "2024-01-01",
        "--to",
        "2024-12-31",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    policies = {policy: dict(zip(KEYS, figures, strict=True)) for policy, figures in EXPECTED_2024.items()}
    total = dict(zip(KEYS, (61, 5, 56, 0, 2, 2, 2, 0.081967), strict=True))
    assert json.loads(result.stdout) == {"policies": policies, "total": total}


def test_a_house_built_earlier_in_the_programme_is_already_supported_not_missed_and_a_second_one_is_twice(
    tmp_path: Path,
) -> None:
    # Decision 90/QĐ-TTg Project 5: one house per household in the programme 2021-2025
    # (policies/housing/policy.yaml, limit.period). H01 got its house in 2024 and H07 in 2023; in the 2025
    # reconciliation neither is missed, and H07's second house in 2025 is one beyond the limit. Decision
    # 46/2015: one trade per person; M0201's course of 2022 makes it already supported in 2025.
    deliveries = tmp_path / "deliveries.csv"
    deliveries.write_text(
        DELIVERIES.read_text(encoding="utf-8")
        + "H07,,,housing,2023-07-01,40000000,1,ntp-spr-2021-2025,5,district,P5-0007\n"
        + "H07,,,housing,2025-04-01,40000000,1,ntp-em-1719,,district,EM-0007\n"
        + "H02,,M0201,vocational_training,2022-03-01,2500000,1,ntp-spr-2021-2025,4,labour,VT-0201\n",
        encoding="utf-8",
    )
    result = run("support", "reconcile", HOUSEHOLDS, deliveries, "--members", MEMBERS,
                 "--from", "2025-01-01", "--to", "2025-12-31", "--json")  # fmt: skip
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)["policies"]
    assert figures["housing"] == dict(zip(KEYS, (2, 1, 0, 1, 0, 1, 0, 0.5), strict=True))
    assert figures["vocational_training"]["already_supported"] == 1
    assert figures["vocational_training"]["missed"] == figures["vocational_training"]["entitled"] - 1
    # The same file over 2024: H07's house of 2023 makes it already supported there too, not missed.
    earlier = run("support", "reconcile", HOUSEHOLDS, deliveries, "--members", MEMBERS,
                  "--from", "2024-01-01", "--to", "2024-12-31", "--json")  # fmt: skip
    assert json.loads(earlier.stdout)["policies"]["housing"] == dict(zip(KEYS, (2, 1, 0, 1, 1, 1, 1, 0.5), strict=True))


def test_reconciliation_workbook_lists_the_missed_the_ineligible_with_reasons_twice_and_unmatched(
    tmp_path: Path,
) -> None:
    output = tmp_path / "reconciliation.xlsx"
    result = run(
        "support",
        "reconcile",
        HOUSEHOLDS,
        DELIVERIES,
        "--members",
        MEMBERS,
        "--from",
        "2024-01-01",
        "--to",
        "2024-12-31",
        "-o",
        output,
    )
    assert result.returncode == 0, result.stderr
    ineligible = pl.read_excel(output, sheet_name="ineligible")
    assert ineligible.select("reference", "reason").rows() == [
        ("BHYT-0801", "class not_poor on 2024-01-15: no rule of health_insurance applies"),
        ("P5-0002", "class average on 2024-05-01: no rule of housing applies"),
    ]
    assert pl.read_excel(output, sheet_name="twice")["reference"].to_list() == ["BHYT-0201b", "EM-0001"]
    unmatched = pl.read_excel(output, sheet_name="unmatched")
    assert unmatched.select("row", "reference", "reason").rows() == [
        (5, "P5-0003", "names no known household or member"),
        (11, "BHYT-9999", "names no known member (a member-level policy)"),
    ]
    missed = pl.read_excel(output, sheet_name="missed").filter(pl.col("policy") == "housing")
    assert missed["household_id"].to_list() == ["H07"]


def test_a_delivery_file_with_bad_rows_is_refused_naming_file_row_and_column_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    bad = tmp_path / "deliveries.csv"
    bad.write_text(
        "household_id,policy,delivered_on,amount_vnd\n"
        "H01,housing,2024-13-01,40000000\n"
        "H01,houses,2024-01-01,1.5\n"
        ",credit,2024-01-01,\n",
        encoding="utf-8",
    )
    output = tmp_path / "out.xlsx"
    result = run("support", "reconcile", HOUSEHOLDS, bad, "--from", "2024-01-01", "--to", "2024-12-31", "-o", output)
    assert result.returncode == 1
    assert f"{bad}, row 2, column delivered_on: '2024-13-01' — write a date as YYYY-MM-DD" in result.stderr
    assert f"{bad}, row 3, column amount_vnd: '1.5' — write a whole number without separators" in result.stderr
    assert f"{bad}, row 3, column policy: 'houses' — unknown policy" in result.stderr
    assert f"{bad}, row 4, column household_id: None — names nobody" in result.stderr
    assert not output.exists()


def test_a_household_file_with_a_bad_class_is_refused_and_no_entitlements_are_written(tmp_path: Path) -> None:
    households = tmp_path / "households.csv"
    text = HOUSEHOLDS.read_text(encoding="utf-8").replace("H03,near_poor", "H03,nearpoor")
    households.write_text(text, encoding="utf-8")
    output = tmp_path / "out.csv"
    result = run("support", "entitlements", households, "--on", "2024-01-01", "-o", output)
    assert result.returncode == 1
    assert (
        f"{households}, row 4, column class: 'nearpoor' — write one of poor, near_poor, average, not_poor"
        in result.stderr
    )
    assert not output.exists()


@pytest.mark.parametrize("date", ["2024-02-30", "15/08/2025"])
def test_a_date_that_is_not_a_date_is_refused(tmp_path: Path, date: str) -> None:
    result = run("support", "entitlements", HOUSEHOLDS, "--on", date, "-o", tmp_path / "out.csv")
    assert result.returncode == 2
    assert "write it as YYYY-MM-DD" in result.stderr


def test_policies_lists_every_rule_with_its_period() -> None:
    result = run("support", "policies")
    assert result.returncode == 0, result.stderr
    assert "near_poor_poor_commune_188" in result.stdout
    assert "2025-08-14" in result.stdout


def test_import_deliveries_refuses_a_bad_list_and_names_the_row_and_column(tmp_path: Path) -> None:
    # A fresh SQLite database, migrated, as a user would have one: the command runs as a subprocess.
    database = {"DATABASE_URL": f"sqlite:///{tmp_path / 'povmis.sqlite3'}"}
    environment = os.environ | database
    migrate = subprocess.run(
        [str(POVMIS), "migrate", "-v", "0"], capture_output=True, text=True, env=environment, check=False
    )
    assert migrate.returncode == 0, migrate.stderr
    users = "from django.contrib.auth.models import User; User.objects.create_user('clerk')"
    shell = subprocess.run(
        [str(POVMIS), "shell", "-c", users], capture_output=True, text=True, env=environment, check=False
    )
    assert shell.returncode == 0, shell.stderr
    bad = tmp_path / "deliveries.csv"
    bad.write_text("household_id,policy,delivered_on\nH1,housing,2024-02-30\n", encoding="utf-8")
    command = [str(POVMIS), "support", "import-deliveries", str(bad), "--user", "clerk", "--commit"]
    result = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)
    assert result.returncode == 1
    assert f"{bad}, row 2, column delivered_on: '2024-02-30' — write a date as YYYY-MM-DD" in result.stderr


def test_a_household_that_escaped_poverty_mid_period_is_judged_poor_for_deliveries_before_its_escape(
    tmp_path: Path,
) -> None:
    # H1 escaped poverty on 15 June 2024 (the file's escaped_poverty_on): legal aid (poor and near-poor only)
    # in March was its due and in August was not; credit in August is still due (newly escaped, Decision
    # 28/2015/QĐ-TTg, policies/credit/policy.yaml).
    households = tmp_path / "households.csv"
    households.write_text(
        "household_id,class,area,agricultural,ethnic_minority,poor_district,poor_commune,"
        "extremely_difficult_commune,escaped_poverty_on,escaped_near_poverty_on\n"
        "H1,not_poor,rural,false,false,false,false,false,2024-06-15,\n",
        encoding="utf-8",
    )
    deliveries = tmp_path / "deliveries.csv"
    deliveries.write_text(
        "household_id,policy,delivered_on,reference\n"
        "H1,legal_aid,2024-03-01,TGPL-1\nH1,legal_aid,2024-08-01,TGPL-2\nH1,credit,2024-08-01,NHCS-1\n",
        encoding="utf-8",
    )
    output = tmp_path / "reconciliation.xlsx"
    result = run("support", "reconcile", households, deliveries, "--from", "2024-01-01", "--to", "2024-12-31",
                 "--json", "-o", output)  # fmt: skip
    assert result.returncode == 0, result.stderr
    policies = json.loads(result.stdout)["policies"]
    assert (policies["legal_aid"]["ineligible"], policies["credit"]["ineligible"]) == (1, 0)
    ineligible = pl.read_excel(output, sheet_name="ineligible")
    assert ineligible.select("reference", "reason").rows() == [
        ("TGPL-2", "class not_poor on 2024-08-01: no rule of legal_aid applies")
    ]
