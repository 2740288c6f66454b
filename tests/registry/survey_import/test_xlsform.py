"""The survey form is generated from the standard, converts cleanly, and its submissions import as they are."""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from pyxform.xls2xform import convert

from povmis.core.questionnaire import Question
from povmis.core.standard import load_standard
from povmis.registry.models import HouseholdSurvey
from povmis.registry.samples import household, member
from povmis.registry.services import import_survey
from povmis.registry.survey_import import read_workbook
from povmis.registry.xlsform import FormError, read_sheets, write_xlsform, xlsform_sheets, xpath

ROOT = Path(__file__).resolve().parents[3]
FORM = ROOT / "forms" / "household-survey.xlsx"


def test_the_committed_form_is_the_one_the_standard_generates():
    assert read_sheets(FORM) == xlsform_sheets(load_standard("vn-2022-2025")), (
        "regenerate with: povmis standard xlsform --standard vn-2022-2025 -o forms/household-survey.xlsx"
    )


@pytest.mark.parametrize("standard_id", ["vn-2022-2025", "vn-2016-2020"])
def test_the_form_converts_to_an_xform_without_warnings(standard_id, tmp_path):
    path = tmp_path / "form.xlsx"
    write_xlsform(load_standard(standard_id), path)
    warnings: list[str] = []
    result = convert(str(path), warnings=warnings)
    assert warnings == []
    assert f'id="povmis_household_{standard_id.replace("-", "_")}"' in result.xform


def _survey_rows(standard_id: str) -> dict[str, dict[str, str]]:
    sheets = xlsform_sheets(load_standard(standard_id))
    header = sheets["survey"][0]
    return {row[1]: dict(zip(header, row, strict=False)) for row in sheets["survey"][1:]}


def test_each_question_carries_the_standards_type_range_relevance_and_required_flag():
    rows = _survey_rows("vn-2022-2025")
    assert rows["income_per_capita"] == {
        "type": "integer",
        "name": "income_per_capita",
        "label::Vietnamese (vi)": "Thu nhập bình quân đầu người/tháng",
        "label::English (en)": "Monthly income per person",
        "hint::Vietnamese (vi)": "đồng/người/tháng",
        "hint::English (en)": "VND per person per month",
        "required": "yes",
        "relevant": "",
        "constraint": ". >= 0 and . <= 1000000000",
        "constraint_message::Vietnamese (vi)": "Từ 0 đến 1.000.000.000 đồng/người/tháng",
        "constraint_message::English (en)": "From 0 to 1,000,000,000 VND per person per month",
    }
    assert (rows["in_school"]["type"], rows["in_school"]["relevant"]) == (
        "select_one yes_no",
        "(${age} >= 3) and (${age} <= 30)",
    )
    assert (rows["education_level"]["type"], rows["education_level"]["relevant"]) == (
        "select_one education_level",
        "${age} >= 16",
    )
    assert [name for name, row in rows.items() if row["type"].startswith(("begin", "end"))] == [
        "location",
        "household",
        "members",
    ]


def test_the_choices_are_the_standards_codes_in_order():
    standard = load_standard("vn-2022-2025")
    choices = xlsform_sheets(standard)["choices"][1:]
    latrine = [row[1] for row in choices if row[0] == "latrine"]
    assert latrine == list(next(q for q in standard.questionnaire.household if q.id == "latrine").codes)
    assert [row for row in choices if row[0] == "yes_no"] == [
        ["yes_no", "1", "Có", "Yes"],
        ["yes_no", "0", "Không", "No"],
    ]


def test_every_kind_of_condition_becomes_the_same_xpath_logic():
    questions = {
        "age": Question("age", "integer", {"vi": "Tuổi", "en": "Age"}),
        "latrine": Question("latrine", "code", {"vi": "", "en": ""}, codes=("septic", "pit")),
        "has_tv": Question("has_tv", "boolean", {"vi": "", "en": ""}),
    }
    condition = {
        "any": [
            {"not": {"column": "latrine", "in": ["septic"]}},
            {"at_least": 2, "of": [{"column": "has_tv", "eq": 1}, {"column": "age", "gt": 60}]},
        ]
    }
    assert xpath(condition, questions) == (
        "(not((${latrine} = 'septic'))) or ((number(${has_tv} = '1') + number(${age} > 60)) >= 2)"
    )


def test_a_code_without_a_label_stops_the_generator(tmp_path):
    text = (ROOT / "standards" / "vn-2022-2025" / "standard.yaml").read_text(encoding="utf-8")
    (tmp_path / "standard.yaml").write_text(text.replace("codes: [rural, urban]", "codes: [rural, urban, peri_urban]"))
    with pytest.raises(FormError, match="area: the code 'peri_urban' has no label; add it to CODE_LABELS"):
        xlsform_sheets(load_standard(str(tmp_path / "standard.yaml")))


def _export(households: list[dict[str, str]], members: list[list[dict[str, str]]]) -> bytes:
    """What KoboToolbox exports for the form: submissions, then the members repeat, by _index/_parent_index."""
    paths, group = {}, ""
    for row in xlsform_sheets(load_standard("vn-2022-2025"))["survey"][1:]:
        if row[0].startswith("begin"):
            group = row[1]
        elif row[0].startswith("end"):
            group = ""
        else:
            paths[row[1]] = f"{group}/{row[1]}"
    main = pl.DataFrame([
        {**{paths[k]: v for k, v in h.items()}, "_id": str(100 + i), "_uuid": f"uuid-{i}", "_index": str(i + 1)}
        for i, h in enumerate(households)
    ])  # fmt: skip
    repeat = pl.DataFrame([
        {**{paths[k]: v for k, v in m.items() if k != "household_id"}, "_index": str(j),
         "_parent_table_name": "Phiếu rà soát hộ gia đình", "_parent_index": str(i + 1)}
        for j, (i, m) in enumerate(((i, m) for i, ms in enumerate(members) for m in ms), start=1)
    ])  # fmt: skip
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer) as workbook:
        main.write_excel(workbook, worksheet="Phiếu rà soát hộ gia đình")
        repeat.write_excel(workbook, worksheet="members")
    return buffer.getvalue()


@pytest.mark.django_db
def test_a_submissions_export_of_the_form_imports_as_it_is(world):
    content = _export(
        [household(), household(household_id="H4", village_code="", head_name="Bà Hoa", income_per_capita="900000")],
        [[member(), member(member_id="2", age="12", in_school="1", malnourished="0", education_level="",
                          labour_status="")], [member(household_id="H4")]],
    )  # fmt: skip
    survey = read_workbook(content, "export.xlsx")
    effect = import_survey(survey, year=2024, user=world.personas["cadre"], commit=True)
    assert (effect.counts, effect.issues.height) == ({"new": 2, "changed": 0, "unchanged": 0, "rejected": 0}, 0)
    stored = {
        s.household.code: (s.answer_dict["income_per_capita"], sorted(s.members.values_list("member_code", flat=True)))
        for s in HouseholdSurvey.objects.select_related("household")
    }
    assert stored == {"H1": (1200000, ["1", "2"]), "H4": (900000, ["1"])}
