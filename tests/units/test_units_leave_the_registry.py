"""The units' move from the registry to their own app keeps every row: a unit, a household and a role."""

from __future__ import annotations

import pytest

from tests.migrations import latest, migrate

# The last migrations before the move; units 0001 and the state-only migrations after it come next.
BEFORE = [
    ("registry", "0014_village_meetings_and_complaints"),
    ("accounts", "0007_rolechange"),
    ("monitoring", "0004_saved_scenarios"),
    ("programme", "0003_plan_decision_transfers"),
    ("units", None),
]


@pytest.mark.django_db(transaction=True)
def test_a_unit_its_household_and_a_role_survive_the_move_to_the_units_app() -> None:
    old = migrate(BEFORE)
    unit_type = old.get_model("contenttypes", "ContentType").objects.get_for_model(
        old.get_model("registry", "AdminUnit")
    )
    province = old.get_model("registry", "AdminUnit").objects.create(
        code="66", name="Đắk Lắk", level="province", path="66/"
    )
    commune = old.get_model("registry", "AdminUnit").objects.create(
        code="24121", name="Tân Lợi", level="commune", parent=province, path="66/24121/"
    )
    old.get_model("registry", "UnitSuccession").objects.create(
        predecessor=province, successor=commune, kind="renamed", effective="2025-07-01"
    )
    household = old.get_model("registry", "Household").objects.create(code="H-1", commune=commune, head_name="Y Bhăm")
    user = old.get_model("auth", "User").objects.create(username="cadre")
    old.get_model("accounts", "Role").objects.create(user=user, kind="commune_cadre", unit=commune)

    new = migrate(latest())

    unit = new.get_model("units", "AdminUnit").objects.get(code="24121")
    assert (unit.pk, unit.name, unit.path, unit.parent.code) == (commune.pk, "Tân Lợi", "66/24121/", "66")
    assert new.get_model("units", "UnitSuccession").objects.get().successor == unit
    assert new.get_model("registry", "Household").objects.get(pk=household.pk).commune == unit
    assert new.get_model("accounts", "Role").objects.get(user__username="cadre").unit == unit
    moved = new.get_model("contenttypes", "ContentType").objects.get(pk=unit_type.pk)
    assert (moved.app_label, moved.model) == ("units", "adminunit")
