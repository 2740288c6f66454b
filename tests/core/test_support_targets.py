"""The province's coverage promises as dated data, judged as delivered / entitled inside their unit."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from povmis.core.policies.targets import judge, load_plans


def test_lak_districts_2025_plan_tracks_health_insurance_credit_and_training_at_100_percent() -> None:
    (plan,) = load_plans()
    assert (plan.id, plan.unit, plan.year) == ("lak-2025", "656", 2025)
    assert "huyện Lắk" in plan.source
    assert [(t.policy, t.classes, t.coverage) for t in plan.targets] == [
        ("health_insurance", ("poor",), 1.0),
        ("credit", ("poor", "near_poor", "average", "not_poor"), 1.0),
        ("vocational_training", ("poor",), 1.0),
    ]


def test_a_target_counts_only_its_unit_and_its_classes() -> None:
    (plan,) = load_plans()
    counts = pl.DataFrame(
        {
            "policy": ["health_insurance", "health_insurance", "health_insurance", "credit"],
            "unit_path": ["66/656/65601/", "66/656/65601/", "66/643/64301/", "66/656/65602/"],
            "class": ["poor", "near_poor", "poor", "near_poor"],
            "entitled": [10, 5, 7, 4],
            "delivered": [9, 5, 7, 4],
        }
    )
    judged = judge(plan, counts).select("id", "entitled", "delivered", "coverage", "met").rows()
    assert judged == [
        ("lak-2025-health-insurance-poor", 10, 9, 0.9, False),
        ("lak-2025-credit", 4, 4, 1.0, True),
        ("lak-2025-vocational-training", 0, 0, None, None),
    ]


def test_a_plan_file_without_its_source_is_refused_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_text("plan: p\nunit: '656'\nyear: 2025\ntargets: []\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"^plan.yaml: missing or invalid 'source'"):
        load_plans(tmp_path)
