"""Who reads what through the API: the same scoping as the pages, persona by persona.

An outsider, or a cadre of another commune, must not be able to read one household of Tân Lợi by
any route: not by its code, not by searching, not in results, summaries, changes or units. Outside
the area the answer is 404 or an empty list, never 403, so that even existence does not leak.
"""

from __future__ import annotations

import pytest

from povmis.registry.models import ChangeRequest
from povmis.registry.samples import household, member, survey
from povmis.registry.services import import_survey

pytestmark = pytest.mark.django_db

# Every way of reading something about Tân Lợi (24121) and its households H1 "Y Nguyễn" and H5 "Bà Hoa".
READ_ROUTES = [
    "/api/households/H1",
    "/api/households/H1?cycle=2024",
    "/api/households/H1/changes",
    "/api/households?commune=24121",
    "/api/households?q=H1",
    "/api/households?q=Nguy",
    "/api/households?cycle=2024&class=poor",
    "/api/cycles/2024/results",
    "/api/cycles/2024/results?q=Hoa",
    "/api/cycles/2024/summary",
    "/api/cycles/2024",
    "/api/units/24121",
    "/api/units/24121-01",
    "/api/units?parent=24121",
    "/api/changes?household=H1",
    "/api/imports?cycle=2024",
]


@pytest.fixture
def proposal(classified):
    """A correction proposed for H1, so that the change routes have something to hide."""
    return ChangeRequest.objects.create(
        household=classified.households["H1"],
        cycle=classified.cycle,
        field="income_per_capita",
        old_value="1200000",
        proposed_value="1100000",
        reason="payslip",
        requested_by=classified.personas["cadre"],
    )


def leaks(body: bytes) -> bool:
    text = body.decode()
    return any(secret in text for secret in ('"H1"', '"H5"', "Y Nguyễn", "Bà Hoa", "24121"))


@pytest.mark.parametrize("persona", ["outsider", "other_cadre"])
@pytest.mark.parametrize("route", READ_ROUTES)
def test_nobody_outside_the_commune_reads_its_households_by_any_route(proposal, as_persona, persona, route):
    response = as_persona(persona).get(route)
    assert response.status_code in {200, 404}
    assert not leaks(response.content), response.content


@pytest.mark.parametrize("persona", ["outsider", "other_cadre"])
def test_a_household_outside_the_area_is_not_found_rather_than_forbidden(proposal, as_persona, persona):
    client = as_persona(persona)
    assert client.get("/api/households/H1").status_code == 404
    assert client.get("/api/households/NO-SUCH").status_code == 404
    assert client.get("/api/changes?household=H1").json() == {"items": [], "count": 0}
    decision = client.post(f"/api/changes/{proposal.pk}/decision", {"approve": True}, content_type="application/json")
    assert (decision.status_code, decision.json()) == (404, {"detail": "Not found."})
    proposed = client.post(
        "/api/households/H1/changes",
        {"year": 2024, "field": "income_per_capita", "value": "1", "reason": "x"},
        content_type="application/json",
    )
    assert proposed.status_code == 404
    advanced = client.post("/api/cycles/2024/communes/24121/advance", {}, content_type="application/json")
    assert advanced.status_code == 404


def test_an_outsider_sees_no_cycle_unit_or_household_at_all(classified, as_persona):
    outsider = as_persona("outsider")
    assert outsider.get("/api/cycles").json() == []
    assert outsider.get("/api/units").json() == {"items": [], "count": 0}
    assert outsider.get("/api/households").json() == {"items": [], "count": 0}
    assert outsider.get("/api/cycles/2024/results").status_code == 404


def test_a_commune_cadre_reads_only_their_own_commune(classified, as_persona):
    cadre = as_persona("cadre")
    assert [h["code"] for h in cadre.get("/api/households").json()["items"]] == ["H1", "H5"]
    assert [h["code"] for h in cadre.get("/api/households?q=Y").json()["items"]] == ["H1"]
    assert cadre.get("/api/households/H3").status_code == 404
    results = cadre.get("/api/cycles/2024/results").json()
    assert [r["household_code"] for r in results["items"]] == ["H1", "H5"]
    summary = cadre.get("/api/cycles/2024/summary").json()
    assert (summary["total"], summary["by_class"]) == (2, {"not_poor": 1, "poor": 1})
    assert {count["commune_code"] for count in summary["counts"]} == {"24121"}
    assert [u["code"] for u in cadre.get("/api/units").json()["items"]] == ["24121", "24121-01"]


def test_a_district_officer_reads_every_commune_of_their_district_and_no_other(classified, as_persona):
    district = as_persona("district")
    assert [h["code"] for h in district.get("/api/households").json()["items"]] == ["H1", "H2", "H5"]
    assert district.get("/api/households/H3").status_code == 404
    summary = district.get("/api/cycles/2024/summary").json()
    assert [(c["commune_code"], c["household_class"], c["households"]) for c in summary["counts"]] == [
        ("24121", "not_poor", 1),
        ("24121", "poor", 1),
        ("24124", "near_poor", 1),
    ]


def test_an_import_is_listed_only_within_the_area_of_the_cadre_who_committed_it(classified, as_persona):
    changed = survey(
        [household(household_id="H5", head_name="Bà Hoa", income_per_capita="5100000")], [member(household_id="H5")]
    )
    import_survey(changed, year=2024, user=classified.personas["cadre"], commit=True)
    seen = {name: as_persona(name).get("/api/imports").json()["count"] for name in classified.personas}
    assert seen == {
        "cadre": 1,
        "cadre2": 1,
        "other_cadre": 0,
        "district": 1,
        "province": 1,
        "steering": 1,
        "auditor": 2,
        "admin": 2,
        "outsider": 0,
    }


@pytest.mark.parametrize("persona", ["province", "steering", "auditor", "admin"])
def test_province_wide_roles_read_the_whole_province(classified, as_persona, persona):
    listed = as_persona(persona).get("/api/households").json()
    assert [h["code"] for h in listed["items"]] == ["H1", "H2", "H3", "H5"]
