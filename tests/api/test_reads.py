"""Reading the registry through the API: households explained, results, the summary and its drill-down."""

from __future__ import annotations

import pytest

from povmis.registry.search import fold

pytestmark = pytest.mark.django_db


def codes(response, key="code"):
    assert response.status_code == 200, response.content
    return [item[key] for item in response.json()["items"]]


def test_a_household_is_explained_indicator_by_indicator_with_its_history(classified, as_persona):
    body = as_persona("cadre").get("/api/households/H1").json()
    assert (body["code"], body["commune_code"], body["village_code"], body["year"]) == ("H1", "24121", "24121-01", 2024)
    assert body["answers"]["water_source"] == "surface_water"
    assert [(m["member_code"], m["answers"]["health_insurance"]) for m in body["members"]] == [("1", 0)]
    classification = body["classification"]
    assert (classification["household_class"], classification["deprivation_count"], classification["transition"]) == (
        "poor",
        3,
        "near_poor_to_poor",
    )
    assert classification["reason_en"] == (
        "income 1,200,000 ≤ rural poverty line 1,500,000; lacks: health insurance, domestic water, hygienic latrine"
    )
    deprived = [(i["id"], i["reason_en"]) for i in classification["indicators"] if i["deprived"]]
    assert deprived == [
        ("health_insurance", "a member aged 6 or over has no health insurance"),
        ("water", "no safe domestic water source"),
        ("latrine", "no hygienic latrine"),
    ]
    assert len(classification["indicators"]) == 12
    assert body["history"] == [
        {"year": 2023, "has_answers": False, "household_class": "near_poor", "deprivation_count": 1, "transition": ""},
        {
            "year": 2024,
            "has_answers": True,
            "household_class": "poor",
            "deprivation_count": 3,
            "transition": "near_poor_to_poor",
        },
    ]


def test_a_household_in_an_earlier_review_shows_that_reviews_class(classified, as_persona):
    body = as_persona("cadre").get("/api/households/H1?cycle=2023").json()
    assert (body["year"], body["answers"], body["members"]) == (2023, None, [])
    assert body["classification"]["household_class"] == "near_poor"


def test_an_unknown_review_year_is_not_found(classified, as_persona):
    response = as_persona("cadre").get("/api/households/H1?cycle=1999")
    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})


def test_households_filter_by_commune_village_cycle_and_class(classified, as_persona):
    admin = as_persona("admin")
    assert codes(admin.get("/api/households?commune=24121")) == ["H1", "H5"]
    assert codes(admin.get("/api/households?village=24121-01")) == ["H1", "H5"]
    assert codes(admin.get("/api/households?cycle=2024&class=near_poor")) == ["H2", "H3"]
    assert codes(admin.get("/api/households?cycle=2023")) == []  # nobody answered in 2023
    listed = admin.get("/api/households?cycle=2024&commune=24124").json()["items"]
    assert listed == [
        {
            "code": "H2",
            "head_name": "Ông Ba",
            "commune_code": "24124",
            "commune_name": "Tân An",
            "village_code": None,
            "village_name": None,
            "household_class": "near_poor",
        }
    ]


def test_filtering_by_class_without_a_review_year_is_refused(classified, as_persona):
    response = as_persona("admin").get("/api/households?class=poor")
    assert (response.status_code, response.json()) == (400, {"detail": "give the review year to filter by class"})


def test_search_matches_the_start_of_a_code_or_part_of_the_heads_name(classified, as_persona):
    admin = as_persona("admin")
    assert codes(admin.get("/api/households?q=h5")) == ["H5"]
    assert codes(admin.get("/api/households?q=Hoa")) == ["H5"]
    assert codes(admin.get("/api/households?q=Y")) == ["H1", "H3"]


@pytest.mark.parametrize("typed", ["nguyen", "NGUYỄN", "Nguye\u0302\u0303n", "y nguyen"])
def test_search_ignores_diacritics_case_and_how_the_marks_were_typed(classified, as_persona, typed):
    """Y Nguyễn is found however the name is typed: without marks, in capitals, or with decomposed marks."""
    assert codes(as_persona("admin").get("/api/households", {"q": typed})) == ["H1"]


def test_search_folds_every_mark_and_the_letter_d_with_a_stroke(classified, as_persona):
    assert fold("ĐẶNG Thị Ơn") == "dang thi on"
    assert codes(as_persona("admin").get("/api/households", {"q": "kbuor"})) == ["H3"]
    assert codes(as_persona("admin").get("/api/households", {"q": "ong ba"})) == ["H2"]


def test_a_folded_search_finds_nothing_outside_the_area(classified, as_persona):
    assert codes(as_persona("other_cadre").get("/api/households", {"q": "nguyen"})) == []


def test_lists_are_paginated_with_a_total(classified, as_persona):
    body = as_persona("admin").get("/api/households?limit=2&offset=1").json()
    assert ([item["code"] for item in body["items"]], body["count"]) == (["H2", "H3"], 4)
    assert as_persona("admin").get("/api/households?limit=501").status_code == 422


def test_results_filter_by_class_and_commune(classified, as_persona):
    admin = as_persona("admin")
    assert codes(admin.get("/api/cycles/2024/results?class=near_poor"), "household_code") == ["H2", "H3"]
    assert codes(admin.get("/api/cycles/2024/results?commune=24121"), "household_code") == ["H1", "H5"]
    first = admin.get("/api/cycles/2024/results?class=poor").json()["items"][0]
    assert (first["household_code"], first["deprived"], first["transition"]) == (
        "H1",
        ["health_insurance", "water", "latrine"],
        "near_poor_to_poor",
    )


def test_every_summary_count_drills_down_to_exactly_its_households(classified, as_persona):
    admin = as_persona("admin")
    summary = admin.get("/api/cycles/2024/summary").json()
    assert (summary["total"], summary["by_class"]) == (4, {"near_poor": 2, "not_poor": 1, "poor": 1})
    for count in summary["counts"]:
        listed = admin.get(count["results_url"]).json()
        assert listed["count"] == count["households"]
        assert {item["commune_code"] for item in listed["items"]} == {count["commune_code"]}
        assert {item["household_class"] for item in listed["items"]} == {count["household_class"]}


def test_units_come_in_tree_order_and_filter_by_level_and_parent(classified, as_persona):
    admin = as_persona("admin")
    assert codes(admin.get("/api/units")) == ["66", "643", "24121", "24121-01", "24124", "652", "24400"]
    assert codes(admin.get("/api/units?level=commune")) == ["24121", "24124", "24400"]
    assert codes(admin.get("/api/units?parent=643")) == ["24121", "24124"]
    unit = admin.get("/api/units/24121").json()
    assert (unit["parent_code"], unit["path"], [child["code"] for child in unit["children"]]) == (
        "643",
        "66/643/24121/",
        ["24121-01"],
    )


def test_a_cycle_lists_the_stage_of_each_commune(classified, as_persona):
    cycles = as_persona("admin").get("/api/cycles").json()
    assert [cycle["year"] for cycle in cycles] == [2024, 2023]
    body = as_persona("district").get("/api/cycles/2024").json()
    assert [(c["commune_code"], c["stage"], c["next_stage"]) for c in body["communes"]] == [
        ("24121", "survey", "village_meeting"),
        ("24124", "survey", "village_meeting"),
    ]
