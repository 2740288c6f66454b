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
from povmis.core.programmes.files import PAYMENT_COLUMNS
from povmis.core.programmes.synthetic import SyntheticPlan, synthetic_plan
from povmis.programme import services
from povmis.units.models import AdminUnit

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
    for action, frame, name in (
        (services.import_plans, plan.plans, "plans.csv"),
        (services.import_payments, plan.payments.select(PAYMENT_COLUMNS), "payments.csv"),
        (services.import_outputs, plan.outputs, "outputs.csv"),
    ):
        result = action(_csv(frame), name, by=admin, commit=True)
        if not result.committed:
            raise RuntimeError(f"the demo's {name} was refused: {result.issues.head(3).to_dicts()}")
    _accounts(password)
    return plan


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
