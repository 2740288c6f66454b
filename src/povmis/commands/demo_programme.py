"""The demo's programme stage: the poverty programme's synthetic plans, payments and outputs for 2021-2025.

Generated in ``core.programmes.synthetic`` (seeded) and recorded through the programme's own import
services, as a finance office would, so the figures the pages show are computed from the recorded
lines like any province's. Adds a finance officer and a project owner (Project 4, the laggard) to
the demo's accounts.
"""

from __future__ import annotations

import polars as pl
from django.contrib.auth.models import User

from povmis.accounts.models import Role, RoleKind
from povmis.core.programmes.definition import load_programme
from povmis.core.programmes.files import PAYMENT_COLUMNS, TRANSFER_COLUMNS
from povmis.core.programmes.lines import LINE_KEY
from povmis.core.programmes.synthetic import SyntheticPlan, synthetic_plan
from povmis.programme import services
from povmis.units.models import AdminUnit
from povmis.units.services import successors

PROGRAMME = "ntp-spr-2021-2025"
PROVINCE_CODE = "66"
# username: (role, programme, project): who reads and records the programme in the demo.
PROGRAMME_ACCOUNTS = {
    "finance": (RoleKind.FINANCE_OFFICER, "", ""),
    "project4": (RoleKind.PROJECT_OWNER, PROGRAMME, "4"),
}


def build_programme(admin: User, password: str, seed: int = 1, districts: list[str] | None = None) -> SyntheticPlan:
    """Record the synthetic plan for ``districts`` (default: every district of the geography) and the accounts."""
    codes = districts or sorted(AdminUnit.objects.filter(level="district").values_list("code", flat=True))
    plan = synthetic_plan(load_programme(PROGRAMME), codes, seed=seed)
    before, transfers, after = _moved(plan.plans, plan.payments)
    for action, frame, name in (
        (services.import_plans, plan.plans, "plans.csv"),
        (services.import_payments, before, "payments.csv"),
        (services.import_transfers, transfers, "transfers.csv"),
        (services.import_payments, after, "payments-after-the-move.csv"),
        (services.import_outputs, plan.outputs, "outputs.csv"),
    ):
        result = action(_csv(frame), name, by=admin, commit=True)
        if not result.committed:
            raise RuntimeError(f"the demo's {name} was refused: {result.issues.head(3).to_dicts()}")
    _accounts(password)
    return plan


def _moved(plans: pl.DataFrame, payments: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """``(payments before, transfers, payments after)`` the districts ceased (1 July 2025 in the demo's geography).

    As the province did: on the day a district ceased its lines' unspent capital is transferred, whole, to
    the first of its successor communes, which pays the rest of the year from its own line. Without a
    succession (a geography whose districts remain) every payment stays as it was. ``payments`` carry
    their line's ``plan_year``.
    """
    key = list(LINE_KEY)
    ended = (
        successors(payments["unit"].unique().to_list())
        .sort("successor")
        .group_by("unit")
        .agg(pl.col("ended_on").first(), pl.col("successor").first())
    )
    dated = payments.join(ended, on="unit", how="left")
    late = pl.col("ended_on").is_not_null() & (pl.col("paid_on") >= pl.col("ended_on"))
    moved = dated.filter(late).select(key).unique()
    given = plans.join(moved, on=key).group_by(key).agg(pl.col("amount_vnd").sum())
    spent = dated.filter(~late).join(moved, on=key).group_by(key).agg(pl.col("amount_vnd").sum().alias("spent"))
    transfers = (
        given.join(spent, on=key, how="left").join(ended, on="unit")
        .select(*LINE_KEY[:7], from_unit="unit", to_unit="successor", decision=pl.lit("DEMO-ĐC/2025"),
                amount_vnd=pl.col("amount_vnd") - pl.col("spent").fill_null(0), decided_on="ended_on")
        .filter(pl.col("amount_vnd") > 0)
    )  # fmt: skip
    after = dated.filter(late).with_columns(unit="successor").select(PAYMENT_COLUMNS)
    return dated.filter(~late).select(PAYMENT_COLUMNS), transfers.select(TRANSFER_COLUMNS), after


def _csv(frame: pl.DataFrame) -> bytes:
    return frame.with_columns(pl.col(pl.Date).dt.strftime("%Y-%m-%d")).write_csv().encode()


def _accounts(password: str) -> None:
    province = AdminUnit.objects.filter(code=PROVINCE_CODE).first()
    for username, (kind, programme, project) in PROGRAMME_ACCOUNTS.items():
        user, _created = User.objects.get_or_create(username=username)
        user.set_password(password)
        user.save()
        Role.objects.update_or_create(
            user=user, defaults={"kind": kind, "unit": province, "programme": programme, "project": project}
        )
