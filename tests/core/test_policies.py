"""Policy files: every shipped one loads, a bad one fails naming its key, a top-up is a layer."""

from __future__ import annotations

import datetime as dt
import doctest
import importlib
import shutil
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from povmis.core.conditions import compile_condition
from povmis.core.policies.entitlements import entitlements
from povmis.core.policies.policy import PolicyError, available_policies, load_policies, load_policy, policies_dir

SHIPPED = [
    "credit", "electricity", "health_insurance", "housing", "job_referral", "legal_aid", "livelihood_model",
    "nutrition", "production_support", "study_support", "tuition", "vocational_training", "work_abroad",
]  # fmt: skip


def test_every_policy_the_programme_names_is_shipped_with_names_in_three_languages() -> None:
    assert available_policies() == SHIPPED
    for policy in load_policies():
        assert set(policy.name) >= {"vi", "en", "id"}
        assert policy.legal_reference
        assert policy.rules


def test_within_years_counts_back_from_the_date_judged_on() -> None:
    frame = pl.DataFrame(
        {
            "escaped": [dt.date(2022, 6, 1), dt.date(2022, 6, 2), dt.date(2025, 6, 2), None],
            "on": [dt.date(2025, 6, 1)] * 4,
        }
    )
    flags = frame.select(compile_condition({"column": "escaped", "within_years": 3}).alias("x"))["x"].to_list()
    assert flags == [False, True, False, None]


def _copy(tmp_path: Path, name: str) -> Path:
    root = tmp_path / "policies"
    shutil.copytree(policies_dir() / name, root / name)
    return root / name / "policy.yaml"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "amount_vnd: 40000000",
            "amount_vnd: 40000000.5",
            "rules[0].benefit.amount_vnd: must be a positive whole number",
        ),
        ("level: household", "level: family", "level: must be one of household, member"),
        (
            "effective: {from: 2022-01-18, to: 2025-12-31}",
            "effective: {from: 2022-01-18, to: 2021-12-31}",
            "rules[0].effective: 'to' must not be before 'from'",
        ),
        (
            "{column: poor_district, eq: true}",
            "{column: poor_district, equals: true}",
            "rules[0].eligible.all[1]: a comparison needs exactly one of",
        ),
        ("confidence: C\nlevel", "confidence: X\nlevel", "confidence: must be one of C, S, R, U"),
    ],
)
def test_a_bad_policy_file_fails_naming_the_file_and_the_key(tmp_path: Path, old: str, new: str, message: str) -> None:
    path = _copy(tmp_path, "housing")
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PolicyError, match="housing/policy.yaml: ") as error:
        load_policy("housing", path.parents[1])
    assert message in str(error.value)


def test_a_top_up_that_reuses_a_national_rule_id_is_refused(tmp_path: Path) -> None:
    path = _copy(tmp_path, "health_insurance")
    layer = path.parents[1] / "top-ups" / "somewhere" / "health_insurance.yaml"
    layer.parent.mkdir(parents=True)
    layer.write_text(
        "extends: health_insurance\nlegal_reference: r\nrules:\n  - id: poor\n    label: {vi: a, en: b}\n"
        "    legal_reference: r\n    confidence: S\n    effective: {from: 2020-01-01}\n    eligible: {}\n"
        "    benefit: {share: 1.0}\n",
        encoding="utf-8",
    )
    with pytest.raises(PolicyError, match=r"rules: ids \['poor'\] are already national rules"):
        load_policy("health_insurance", path.parents[1], "somewhere")


def test_a_top_up_changes_the_content_hash_so_a_stored_entitlement_names_the_layer() -> None:
    national, lao_cai = load_policy("health_insurance"), load_policy("health_insurance", province="lao-cai")
    assert national.content_hash != lao_cai.content_hash
    assert lao_cai.layers == ("lao-cai",)
    assert lao_cai.rules[1:] == national.rules


def test_entitlements_over_one_household_equal_its_row_in_the_province() -> None:
    households = pl.DataFrame(
        {
            "household_id": ["a", "b"],
            "class": ["poor", "near_poor"],
            "area": ["rural", "urban"],
            "agricultural": [True, False],
            "ethnic_minority": [False, False],
            "poor_district": [True, False],
            "poor_commune": [False, False],
            "extremely_difficult_commune": [False, False],
            "escaped_poverty_on": [None, None],
            "escaped_near_poverty_on": [None, None],
        },
        schema_overrides={"escaped_poverty_on": pl.Date, "escaped_near_poverty_on": pl.Date},
    )
    policies, on = load_policies(), dt.date(2024, 1, 1)
    province = entitlements(households, None, policies, on)
    one = entitlements(households.filter(pl.col("household_id") == "b"), None, policies, on)
    assert_frame_equal(one, province.filter(pl.col("household_id") == "b"))
    # Housing reads a deprivation the table lacks: unknown, so nobody is entitled on it.
    assert "housing" not in province["policy"].to_list()


@pytest.mark.parametrize("module", ["policy", "inputs", "entitlements"])
def test_docstring_examples_of_the_policies_run_as_written(module: str) -> None:
    assert doctest.testmod(importlib.import_module(f"povmis.core.policies.{module}")).failed == 0
