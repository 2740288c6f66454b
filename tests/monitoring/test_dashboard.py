"""The dashboard's figures for the two hand-computed reviews of conftest.py, seen by each persona."""

from __future__ import annotations

import pytest
from django.test import Client

from povmis.monitoring.models import Summary, UnitCount
from povmis.registry.models import Household, ReviewCycle
from povmis.registry.services import classify_cycle

pytestmark = pytest.mark.django_db
PAGES = ("overview", "targets", "deprivations", "transitions", "map", "households")


def client_for(world, persona: str) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(world.personas[persona])
    return client


def get(world, persona: str, page: str, **params: str):
    response = client_for(world, persona).get(f"/monitoring/{'' if page == 'overview' else page + '/'}", params)
    assert response.status_code == 200, response.content[:500]
    return response


RATE_KEYS = ("year", "households", "poor", "near_poor", "poor_rate", "near_poor_rate", "em_poor_rate", "kinh_poor_rate")


def shown(value):
    """A figure as the page prints it (two decimals): the context carries it unrounded."""
    return round(value, 2) if isinstance(value, float) else value


def rates_of(response) -> list[tuple]:
    return [tuple(shown(row[key]) for key in RATE_KEYS) for row in response.context["yearly"]]


def test_the_import_records_whether_each_household_is_ethnic_minority(classified):
    assert dict(Household.objects.filter(code__in=["A1", "A2", "A4", "B1"]).values_list("code", "ethnic_minority")) == {
        "A1": True,
        "A2": False,
        "A4": None,
        "B1": True,
    }


def test_the_province_sees_the_rates_and_reductions_computed_by_hand(classified):
    response = get(classified, "province", "overview")
    assert rates_of(response) == [
        (2023, 6, 3, 1, 50.0, 16.67, 100.0, 33.33),
        (2024, 6, 1, 2, 16.67, 33.33, 50.0, 0.0),
    ]
    assert {key: shown(value) for key, value in response.context["reduction"].items()} == {
        "poor_rate": 33.33,
        "near_poor_rate": -16.67,
        "poor_near_rate": 16.67,
        "em_poor_rate": 50.0,
        "kinh_poor_rate": 33.33,
    }
    children = response.context["children"]
    units = [(row["name"], [shown(cell["rate"]) for cell in row["cells"]], shown(row["reduction"])) for row in children]
    assert units == [("Buôn Ma Thuột", [50.0, 25.0], 25.0), ("Krông Pắc", [50.0, 0.0], 50.0)]


def test_a_commune_cadre_dashboard_counts_only_its_commune(classified):
    response = get(classified, "cadre", "overview")
    assert rates_of(response) == [
        (2023, 4, 2, 1, 50.0, 25.0, 100.0, 50.0),
        (2024, 4, 1, 1, 25.0, 25.0, 100.0, 0.0),
    ]
    assert response.context["children"] == []
    assert b"Ea Kly" not in response.content


def test_a_district_officer_sees_its_communes(classified):
    response = get(classified, "district", "overview")
    assert [row["name"] for row in response.context["children"]] == ["Tân Lợi"]
    assert rates_of(response)[0] == (2023, 4, 2, 1, 50.0, 25.0, 100.0, 50.0)


def test_the_province_can_narrow_to_a_district_but_a_cadre_cannot_reach_another_commune(classified):
    narrowed = get(classified, "province", "overview", unit="652")
    assert rates_of(narrowed) == [(2023, 2, 1, 0, 50.0, 0.0, 100.0, 0.0), (2024, 2, 0, 1, 0.0, 50.0, 0.0, 0.0)]
    for page in PAGES:
        path = f"/monitoring/{'' if page == 'overview' else page + '/'}"
        assert client_for(classified, "cadre").get(path, {"unit": "24400"}).status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_an_outsider_sees_no_page(classified, page):
    response = client_for(classified, "outsider").get(f"/monitoring/{'' if page == 'overview' else page + '/'}")
    assert response.status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(classified):
    assert Client().get("/monitoring/").status_code == 302


def codes(response) -> list[str]:
    return [result.household.code for result in response.context["page"]]


def test_every_drill_down_lists_the_households_the_figure_counted(classified):
    def listed(persona: str, **params: str) -> list[str]:
        return codes(get(classified, persona, "households", **params))

    assert listed("province", year="2023", **{"class": "poor"}) == ["A1", "A2", "B1"]
    assert listed("province", year="2023", em="1", **{"class": "poor"}) == ["A1", "B1"]
    assert listed("province", year="2023", em="0", **{"class": "poor"}) == ["A2"]
    assert listed("province", year="2024", transition="escaped_poverty") == ["A2"]
    assert listed("province", year="2023", indicator="water") == ["A1", "A2", "B1"]
    assert listed("province", year="2024", unit="652", **{"class": ["poor", "near_poor"]}) == ["B1"]
    assert listed("province", year="2023", deprivations_at_least="3") == ["A1", "A2", "B1"]


def test_drill_down_lists_are_scoped_to_the_user_area(classified):
    assert codes(get(classified, "cadre", "households", year="2023", **{"class": "poor"})) == ["A1", "A2"]
    assert codes(get(classified, "other_cadre", "households", year="2023", **{"class": "poor"})) == ["B1"]


def test_the_transitions_of_2024_are_counted_per_label(classified):
    rows = get(classified, "province", "transitions", year="2024").context["rows"]
    assert {row["transition"]: row["households"] for row in rows if row["households"]} == {
        "stayed_poor": 1,
        "escaped_poverty": 1,
        "poor_to_near_poor": 1,
        "stayed_near_poor": 1,
        "stayed_out": 2,
    }


def test_the_deprivation_profile_and_alkire_foster_measures_of_2023(classified):
    context = get(classified, "province", "deprivations", year="2023").context
    poor = {row["name"]: [cell["share"] for cell in row["cells"]] for row in context["profile_rows"]}
    assert poor["domestic water"] == [100.0, 0.0]
    assert poor["employment"] == [0.0, 0.0]
    af = context["af"]
    assert (af["cutoff"], af["k"], af["H"], af["A"], af["M0"]) == (3, 0.25, 50.0, 25.0, 0.125)
    assert {row["label"]: row["contribution"] for row in af["indicators"] if row["contribution"]} == {
        "domestic water": 33.33,
        "hygienic latrine": 33.33,
        "telecom use": 33.33,
    }


def test_every_unit_is_judged_against_its_own_targets(classified):
    context = get(classified, "province", "targets").context
    assert [(row["target"], row["met"]) for row in context["own"]] == [
        ("daklak-poverty-below-3", True),
        ("daklak-province-poverty-reduction", True),
        ("programme-em-poverty-reduction", True),
    ]
    # A1, Tân Lợi's one ethnic-minority household, stays poor: 100% both years, no reduction at all.
    assert [(row["name"], row["target"], row["actual_text"]) for row in context["warnings"]] == [
        ("Buôn Ma Thuột", "programme-em-poverty-reduction", "0.00 points a year"),
        ("Tân Lợi", "programme-em-poverty-reduction", "0.00 points a year"),
    ]
    assert context["units_judged"] == 4


def test_a_commune_falling_slower_than_its_level_target_is_off_track_and_filters_narrow_the_list(
    classified, tmp_path, monkeypatch
):
    # Tân Lợi falls 25 points a year and Ea Kly 50: a commune target of 30 points leaves only Tân Lợi behind.
    (tmp_path / "plan.yaml").write_text(
        "targets:\n  - {id: fast, programme: p, level: commune, unit: null, rate: poverty_rate,\n"
        "     kind: reduction_per_year, value: 0.3, year: 2025, source: a test plan}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("POVMIS_TARGETS_DIR", str(tmp_path))
    context = get(classified, "province", "targets").context
    assert [(row["name"], row["target"], row["actual_text"]) for row in context["warnings"]] == [
        ("Tân Lợi", "fast", "25.00 points a year")
    ]
    assert get(classified, "province", "targets", level="district").context["warnings"] == []
    assert get(classified, "cadre", "targets", unit="24121").context["own"][0]["met"] is False


def test_a_new_classification_run_gets_its_own_counts(classified):
    get(classified, "province", "overview")
    cycle = ReviewCycle.objects.get(year=2024)
    run = classify_cycle(cycle, user=classified.personas["province"])
    response = get(classified, "province", "overview")
    assert Summary.objects.filter(run=run).exists()
    assert set(UnitCount.objects.filter(year=2024).values_list("run_id", flat=True)) >= {run.pk}
    assert rates_of(response)[1] == (2024, 6, 1, 2, 16.67, 33.33, 50.0, 0.0)
