"""A commune's annual review in the browser, from the survey file to the province's approval.

Tân Lợi's cadre uploads a survey file with errors (nothing changes, the report says where), then the
corrected file; the province classifies; the cadre explains a household's class, prints the village
meeting's list and the public notice, walks the list through the procedure while a correction is
proposed and approved by a second cadre; the district consolidates and the province approves. The
cadre never sees another commune's households, whichever way they ask.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from playwright.sync_api import Locator

from povmis.registry.models import (
    AuditEntry,
    ChangeRequest,
    CommuneReview,
    Household,
    HouseholdSurvey,
    ImportBatch,
    MemberSurvey,
    Posting,
    StageChange,
    VillageMeeting,
)
from povmis.registry.samples import csv_bytes, household, member, survey
from povmis.registry.services import import_survey
from povmis.units.models import AdminUnit
from tests.browser.conftest import Visit
from tests.conftest import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TAN_LOI, TAN_AN, EA_KLY = "24121", "24124", "24400"
HOUSEHOLDS_FILE, MEMBERS_FILE = "tan-loi-households.csv", "tan-loi-members.csv"
RESULT_PAGE = re.compile(r"/imports/[\w-]+/$")
CLASSES = ("poor", "near_poor", "average", "not_poor", "unclassified")

# What the commune already holds from the survey's first round: H1 and H5 in Thôn 1.
H1 = household(household_id="H1", head_name="Y Nguyễn")
H5 = household(household_id="H5", head_name="Bà Hoa", income_per_capita="5000000")
# The second round: H1 found without safe water or a latrine and its member without health insurance;
# H6 (Thôn 2, a mother and her 5-year-old) and H7 (no village recorded) are new.
H1_AGAIN = household(household_id="H1", head_name="Y Nguyễn", water_source="surface_water", latrine="open_defecation")
H6 = household(household_id="H6", village_code="24121-02", head_name="Bà Lan")
H7 = household(household_id="H7", village_code="", head_name="Ông Tư", income_per_capita="2000000")
H8_OF_EA_KLY = household(household_id="H8", commune_code=EA_KLY, village_code="", head_name="Y Kbuôr")
CHILD = {"age": "5", "in_school": "1", "malnourished": "0", "education_level": "", "labour_status": ""}


def test_a_commune_cadre_runs_the_communes_review_from_the_survey_file_to_the_provinces_approval(
    world, visit, tmp_path, artifacts, worker
):
    _the_commune_surveyed_its_first_households(world)
    cadre = _signed_in(visit, "cadre")
    province = _signed_in(visit, "province")

    _the_cadre_opens_the_open_reviews_progress(cadre)
    _a_file_with_errors_is_reported_row_by_row_and_changes_nothing(cadre, tmp_path, artifacts)
    _the_corrected_file_shows_its_effect_and_is_committed(cadre, tmp_path, world)
    _the_province_classifies_and_the_commune_sees_its_households_by_class(province, cadre)
    _the_cadre_reads_why_a_household_is_poor_indicator_by_indicator(cadre)
    _the_village_meeting_is_held_on_the_printed_list(cadre)
    _the_public_notice_is_posted_with_the_poor_and_near_poor_households(cadre)
    _a_correction_is_proposed_and_approved_by_a_second_cadre(cadre, _signed_in(visit, "cadre2"), province)
    _the_commune_approves_its_list(cadre)
    _the_district_consolidates_and_the_province_approves(_signed_in(visit, "district"), province)
    _the_procedure_record_names_who_moved_the_list_and_when(cadre, world)
    _another_communes_households_are_out_of_reach_by_any_route(cadre, artifacts)


# --- the journey, step by step -------------------------------------------------------------------


def _signed_in(visit: Callable[[str], Visit], who: str) -> Visit:
    session = visit(who)
    session.sign_in(who, f"pw-{who}")
    assert "/accounts/login/" not in session.page.url
    return session


def _the_cadre_opens_the_open_reviews_progress(cadre: Visit) -> None:
    _open_the_review_progress(cadre)
    assert _stage(cadre) == "survey"
    assert _commune_row(cadre, TAN_AN).count() == 0  # another commune's row is not even listed
    cadre.shot("progress-before")


def _a_file_with_errors_is_reported_row_by_row_and_changes_nothing(
    cadre: Visit, tmp_path: Path, artifacts: Path
) -> None:
    before = _what_is_stored()
    _upload(cadre, _files_with_errors(tmp_path))
    cadre.shot("dry-run-with-errors")
    assert _counts_shown(cadre) == {"new": 0, "changed": 0, "unchanged": 1, "rejected": 4}
    assert _issues_listed(cadre) == [
        [HOUSEHOLDS_FILE, "5", "household_id", "H7", "", "H7",
         "hộ không có thành viên nào", "household has no members"],
        [HOUSEHOLDS_FILE, "6", "commune_code", "H8", "", EA_KLY,
         "hộ thuộc xã ngoài địa bàn bạn phụ trách", "the household is in a commune outside your area"],
        [MEMBERS_FILE, "2", "age", "H1", "1", "130", "lớn hơn mức tối đa 120", "above the maximum 120"],
        [MEMBERS_FILE, "5", "labour_status", "H6", "2", "stable",
         "trẻ dưới 15 tuổi được ghi là có việc làm", "a child under 15 is recorded as employed"],
    ]  # fmt: skip
    assert cadre.page.locator("button[data-action=commit]").count() == 0
    report = _download(cadre, "a[data-export=errors]", artifacts)
    sheet = openpyxl.load_workbook(io.BytesIO(report.read_bytes()))["issues"]
    assert [list(row) for row in sheet.iter_rows(min_row=4, values_only=True)] == [
        [HOUSEHOLDS_FILE, 5, "household_id", "H7", None, "H7", "error",
         "hộ không có thành viên nào", "household has no members"],
        [HOUSEHOLDS_FILE, 6, "commune_code", "H8", None, EA_KLY, "error",
         "hộ thuộc xã ngoài địa bàn bạn phụ trách", "the household is in a commune outside your area"],
        [MEMBERS_FILE, 2, "age", "H1", "1", "130", "error", "lớn hơn mức tối đa 120", "above the maximum 120"],
        [MEMBERS_FILE, 5, "labour_status", "H6", "2", "stable", "error",
         "trẻ dưới 15 tuổi được ghi là có việc làm", "a child under 15 is recorded as employed"],
    ]  # fmt: skip
    assert _what_is_stored() == before


def _the_corrected_file_shows_its_effect_and_is_committed(cadre: Visit, tmp_path: Path, world: World) -> None:
    before = _what_is_stored()
    _upload(cadre, _corrected_files(tmp_path))
    cadre.shot("dry-run-corrected")
    assert _counts_shown(cadre) == {"new": 2, "changed": 1, "unchanged": 1, "rejected": 0}
    assert _issues_listed(cadre) == []
    assert _changes_listed(cadre) == [
        ["H1", "", "Loại nhà tiêu", "Tự hoại", "Không có nhà tiêu"],
        ["H1", "", "Nguồn nước sinh hoạt chính", "Nước máy", "Nước sông, suối, ao, hồ"],
        ["H1", "1", "Có thẻ bảo hiểm y tế", "Có", "Không"],
    ]
    assert _what_is_stored() == before
    cadre.page.click("button[data-action=commit]")
    _the_job_finishes_and_leads_back_to_the_review(cadre)
    cadre.shot("committed")
    surveyed = HouseholdSurvey.objects.filter(household__commune=world.c1).values_list("household__code", flat=True)
    assert sorted(surveyed) == ["H1", "H5", "H6", "H7"]
    assert _commune_row(cadre).locator("td[data-answered]").inner_text() == "4"
    assert _class_counts(cadre) == dict.fromkeys(CLASSES, 0)  # not classified yet
    assert cadre.page.locator("button[data-action=classify]").count() == 0  # the province classifies


def _the_province_classifies_and_the_commune_sees_its_households_by_class(province: Visit, cadre: Visit) -> None:
    _classify_the_review(province)
    province.shot("classified")
    assert _class_counts(province, TAN_AN) == {**dict.fromkeys(CLASSES, 0), "near_poor": 1}
    cadre.page.reload()
    cadre.shot("progress-classified")
    assert _class_counts(cadre) == {"poor": 1, "near_poor": 1, "average": 1, "not_poor": 1, "unclassified": 0}


def _the_cadre_reads_why_a_household_is_poor_indicator_by_indicator(cadre: Visit) -> None:
    _commune_row(cadre).locator("td[data-class=poor] a").click()
    cadre.page.wait_for_selector("#households")
    assert _listed_households(cadre) == ["H1"]
    cadre.page.click("#households a:text-is('H1')")
    cadre.page.wait_for_selector("#indicators")
    cadre.shot("household-explained")
    assert cadre.page.locator("#indicators tbody tr").count() == 12
    assert _deprived_indicators(cadre) == ["health_insurance", "latrine", "water"]


def _the_village_meeting_is_held_on_the_printed_list(cadre: Visit) -> None:
    _open_the_review_progress(cadre)
    _commune_row(cadre).locator(f"a[href='/cycles/2024/{TAN_LOI}/village-meeting/']").click()
    cadre.page.wait_for_selector(".print-sheet")
    cadre.shot("village-meeting-list")
    assert _printed_lists(cadre) == [("Thôn 1", ["H1", "H5"]), ("Thôn 2", ["H6"]), ("", ["H7"])]
    _open_the_review_progress(cadre)
    _move_the_commune_on(cadre, note="Biên bản họp thôn số 12")
    assert _stage(cadre) == "village_meeting"


def _the_minutes_of_each_village_meeting_are_recorded(cadre: Visit) -> None:
    """Thôn 1, Thôn 2 and the households of no village each met and agreed: the list may move on."""
    cadre.go(f"/cycles/2024/{TAN_LOI}/record/")
    villages = cadre.page.locator("select[name=village] option").evaluate_all("options => options.map(o => o.value)")
    for village in villages:
        cadre.go(f"/cycles/2024/{TAN_LOI}/record/")
        cadre.page.select_option("select[name=village]", village)
        for name, value in {"held_on": "2024-11-15", "chair": "Y Hriê", "secretary": "H'Năm", "invited": "20",
                            "attending": "18", "agree": "15", "disagree": "3"}.items():  # fmt: skip
            cadre.page.fill(f"[name={name}]", value)
        cadre.page.click("form[action$='/minutes/'] button[type=submit]")
        cadre.page.wait_for_load_state()
    cadre.shot("minutes-recorded")
    assert VillageMeeting.objects.filter(review__commune__code=TAN_LOI, passed=True).count() == len(villages) == 3
    _open_the_review_progress(cadre)


def _the_posting_is_recorded(cadre: Visit) -> None:
    cadre.go(f"/cycles/2024/{TAN_LOI}/record/")
    cadre.page.fill("[name=posted_on]", "2024-11-20")
    cadre.page.click("form[action$='/posting/'] button[type=submit]")
    cadre.page.wait_for_load_state()
    assert Posting.objects.filter(review__commune__code=TAN_LOI).exists()
    _open_the_review_progress(cadre)


def _the_public_notice_is_posted_with_the_poor_and_near_poor_households(cadre: Visit) -> None:
    _the_minutes_of_each_village_meeting_are_recorded(cadre)
    _move_the_commune_on(cadre)
    assert _stage(cadre) == "public_notice"
    _commune_row(cadre).locator(f"a[href='/cycles/2024/{TAN_LOI}/public-notice/']").click()
    cadre.page.wait_for_selector("section.notice-list")
    cadre.shot("public-notice")
    assert _notice_lists(cadre) == {"poor": [("Thôn 1", ["H1"])], "near_poor": [("Thôn 2", ["H6"])]}


def _a_correction_is_proposed_and_approved_by_a_second_cadre(cadre: Visit, reviewer: Visit, province: Visit) -> None:
    """During the notice H7's income turns out to have been counted twice; the appeals stage settles it."""
    cadre.go("/households/?q=H7")
    cadre.page.click("#households a:text-is('H7')")
    cadre.page.wait_for_selector("#indicators")
    _propose_a_correction(cadre, "income_per_capita", "1400000", "the salary was counted twice")
    cadre.shot("correction-proposed")
    proposed = ChangeRequest.objects.get()
    assert (proposed.household.code, proposed.old_value, proposed.proposed_value, proposed.status) == (
        "H7", "2000000", "1400000", "proposed"
    )  # fmt: skip
    assert cadre.page.locator(f"#requests tr[data-request='{proposed.pk}'] [data-action=approve]").count() == 0
    _the_posting_is_recorded(cadre)
    _move_the_commune_on(cadre)
    assert _stage(cadre) == "appeals"

    reviewer.go("/households/H7/?year=2024")
    reviewer.page.fill(f"#requests tr[data-request='{proposed.pk}'] input[name=note]", "checked with the household")
    reviewer.page.click(f"#requests tr[data-request='{proposed.pk}'] button[data-action=approve]")
    reviewer.page.wait_for_selector("#audit")
    reviewer.shot("correction-approved")
    assert ChangeRequest.objects.get().status == "approved"
    assert AuditEntry.objects.get(household__code="H7", field="income_per_capita").new_value == "1400000"

    # The approved correction classified H7 again at once, alone: its class is current, the list is right.
    cadre.go("/households/H7/?year=2024")
    cadre.shot("household-after-correction")
    assert cadre.page.locator("#answered-since-classified").count() == 0
    assert cadre.page.locator("#history tr.current .badge").get_attribute("class") == "badge near_poor"
    cadre.go(f"/cycles/2024/{TAN_LOI}/public-notice/")
    assert _notice_lists(cadre) == {"poor": [("Thôn 1", ["H1"])], "near_poor": [("Thôn 2", ["H6"]), ("", ["H7"])]}


def _the_commune_approves_its_list(cadre: Visit) -> None:
    _open_the_review_progress(cadre)
    _move_the_commune_on(cadre, note="Quyết định số 45/QĐ-UBND")
    assert _stage(cadre) == "commune_approved"
    assert _commune_row(cadre).locator("button[data-action=advance]").count() == 0
    cadre.shot("commune-approved")


def _the_district_consolidates_and_the_province_approves(district: Visit, province: Visit) -> None:
    _open_the_review_progress(district)
    assert _commune_row(district, TAN_AN).locator("button[data-action=advance]").count() == 0  # still at the survey
    _move_the_commune_on(district)
    assert _stage(district) == "district_consolidated"
    district.shot("consolidated")
    _open_the_review_progress(province)
    _move_the_commune_on(province)
    assert _stage(province) == "province_approved"
    province.shot("province-approved")


def _the_procedure_record_names_who_moved_the_list_and_when(cadre: Visit, world: World) -> None:
    _open_the_review_progress(cadre)
    recorded = list(
        StageChange.objects.filter(review__commune=world.c1).values_list(
            "to_stage", "changed_by__username", "changed_at", "note"
        )
    )
    assert [(stage, who, note) for stage, who, _when, note in recorded] == [
        ("village_meeting", "cadre", "Biên bản họp thôn số 12"), ("public_notice", "cadre", ""),
        ("appeals", "cadre", ""), ("commune_approved", "cadre", "Quyết định số 45/QĐ-UBND"),
        ("district_consolidated", "district", ""), ("province_approved", "province", ""),
    ]  # fmt: skip
    assert _stage_record(cadre) == [(stage, who, when) for stage, who, when, _note in recorded]
    cadre.shot("stage-record")


def _another_communes_households_are_out_of_reach_by_any_route(cadre: Visit, artifacts: Path) -> None:
    """Tân An's H2 (same district) and Ea Kly's H3: not found by URL, list, search, API or export."""
    for code in ("H2", "H3"):
        assert _status(cadre, f"/households/{code}/") == 404
        assert _status(cadre, f"/households/{code}/?year=2024") == 404
        assert _status(cadre, f"/api/households/{code}") == 404
    cadre.shot("another-communes-household")
    for commune in (TAN_AN, EA_KLY):
        assert _status(cadre, f"/cycles/2024/{commune}/village-meeting/") == 404
        assert _status(cadre, f"/cycles/2024/{commune}/public-notice/") == 404
    ours = ["H1", "H5", "H6", "H7"]
    cadre.go("/households/?year=all")
    assert _listed_households(cadre) == ours
    for search in ("H", "Ông Ba", "Y Kbuôr"):
        cadre.page.fill("input[name=q]", search)
        cadre.page.click("form.filters button[type=submit]")
        cadre.page.wait_for_selector("#households")
        assert _listed_households(cadre) == (ours if search == "H" else [])
    cadre.go(f"/households/?year=all&commune={TAN_AN}")
    assert _listed_households(cadre) == []
    assert sorted(item["code"] for item in _json(cadre, "/api/households?q=H")["items"]) == ours
    assert sorted(item["household_code"] for item in _json(cadre, "/api/cycles/2024/results")["items"]) == ours
    cadre.go("/reports/")
    tables = _download(cadre, "a[data-export='xlsx-2024']", artifacts)
    summary = openpyxl.load_workbook(io.BytesIO(tables.read_bytes()))["Biểu 01"]
    # The cadre's own commune only (named in the title): its total, 4 households of which 1 poor.
    assert [row[:4] for row in summary.iter_rows(min_row=7, values_only=True)] == [("", "Tổng cộng / Total", 4, 1)]


# --- the survey files ------------------------------------------------------------------------------


def _the_commune_surveyed_its_first_households(world: World) -> None:
    """Stored before the journey: Tân Lợi's H1 and H5, Tân An's H2 and Ea Kly's H3 (other communes' cadres)."""
    AdminUnit.objects.create(code="24121-02", name="Thôn 2", level="village", parent=world.c1)
    first = survey(
        [H1, H5,
         household(household_id="H2", commune_code=TAN_AN, village_code="", head_name="Ông Ba"),
         household(household_id="H3", commune_code=EA_KLY, village_code="", head_name="Y Kbuôr")],
        [member(household_id=code) for code in ("H1", "H5", "H2", "H3")],
    )  # fmt: skip
    effect = import_survey(first, year=2024, user=world.personas["admin"], commit=True)
    assert effect.counts == {"new": 4, "changed": 0, "unchanged": 0, "rejected": 0}


def _write_survey_files(folder: Path, households: list[dict[str, str]], members: list[dict[str, str]]) -> Path:
    folder.mkdir()
    (folder / HOUSEHOLDS_FILE).write_bytes(csv_bytes(households))
    (folder / MEMBERS_FILE).write_bytes(csv_bytes(members))
    return folder


def _files_with_errors(tmp_path: Path) -> Path:
    """An age of 130, a 5-year-old in stable work, a household without members and one of another commune."""
    return _write_survey_files(
        tmp_path / "with-errors",
        [H1_AGAIN, H5, H6, H7, H8_OF_EA_KLY],
        [member(household_id="H1", age="130", health_insurance="0"), member(household_id="H5"),
         member(household_id="H6"), member(household_id="H6", member_id="2", **{**CHILD, "labour_status": "stable"}),
         member(household_id="H8")],
    )  # fmt: skip


def _corrected_files(tmp_path: Path) -> Path:
    return _write_survey_files(
        tmp_path / "corrected",
        [H1_AGAIN, H5, H6, H7],
        [member(household_id="H1", health_insurance="0"), member(household_id="H5"),
         member(household_id="H6"), member(household_id="H6", member_id="2", **CHILD), member(household_id="H7")],
    )  # fmt: skip


def _what_is_stored() -> dict[str, int]:
    return {
        "households": Household.objects.count(),
        "surveys": HouseholdSurvey.objects.count(),
        "members": MemberSurvey.objects.count(),
        "audit entries": AuditEntry.objects.count(),
        "imports": ImportBatch.objects.count(),
        "commune reviews": CommuneReview.objects.count(),
    }


# --- what the people do ---------------------------------------------------------------------------


def _open_the_review_progress(session: Visit, year: int = 2024) -> None:
    session.page.click("header nav a[href='/cycles/']")
    session.page.click(f"a[href='/cycles/{year}/']")
    session.page.wait_for_selector("#progress")


def _upload(session: Visit, folder: Path) -> None:
    session.page.click("header nav a[href='/imports/']")
    session.page.wait_for_selector("#upload-form")
    session.page.select_option("#id_year", "2024")
    session.page.set_input_files("#id_households", str(folder / HOUSEHOLDS_FILE))
    session.page.set_input_files("#id_members", str(folder / MEMBERS_FILE))
    session.page.click("#upload-button")
    session.page.wait_for_url(RESULT_PAGE)


def _classify_the_review(session: Visit) -> None:
    session.go("/cycles/2024/")
    session.page.click("button[data-action=classify]")
    _the_job_finishes_and_leads_back_to_the_review(session)
    session.page.wait_for_selector("#classification [data-classified-at]")


def _the_job_finishes_and_leads_back_to_the_review(session: Visit) -> None:
    """Long work runs as a job: its page follows the worker until it is done; then back to the review."""
    session.page.wait_for_selector("[data-outcome=done]", timeout=120_000)
    session.go("/cycles/2024/")
    session.page.wait_for_selector("#progress")


def _move_the_commune_on(session: Visit, note: str = "") -> None:
    row = session.page.locator(f"#progress tr[data-commune='{TAN_LOI}']")
    row.locator("input[name=note]").fill(note)
    row.locator("button[data-action=advance]").click()
    session.page.wait_for_load_state()


def _propose_a_correction(session: Visit, field: str, value: str, reason: str) -> None:
    session.page.click("#propose summary")
    session.page.select_option("#id_kind", ChangeRequest.Kind.CORRECTION)
    session.page.select_option("#id_field", field)
    session.page.fill("#id_value", value)
    session.page.fill("#id_reason", reason)
    session.page.click("button[data-action=propose]")
    session.page.wait_for_selector("#requests")


# --- what the pages show ---------------------------------------------------------------------------


def _status(session: Visit, path: str) -> int:
    response = session.page.goto(f"{session.base_url}{path}")
    assert response is not None
    return int(response.status)


def _json(session: Visit, path: str) -> Any:
    response = session.page.goto(f"{session.base_url}{path}")
    assert response is not None
    assert response.status == 200
    return response.json()


def _download(session: Visit, link: str, artifacts: Path) -> Path:
    with session.page.expect_download() as started:
        session.page.click(link)
    saved = artifacts / started.value.suggested_filename
    started.value.save_as(saved)
    return saved


def _texts(locator: Locator) -> list[str]:
    return [text.strip() for text in locator.all_inner_texts()]


def _issues_listed(session: Visit) -> list[list[str]]:
    """Each error's file, row, column, household, member, value and message (vi, en); warnings are grouped apart."""
    rows = session.page.locator("#issues tbody tr")
    return [_texts(rows.nth(i).locator("td")) for i in range(rows.count())]


def _counts_shown(session: Visit) -> dict[str, int]:
    cards = session.page.locator("[data-count]")
    return {cards.nth(i).get_attribute("data-count"): int(cards.nth(i).inner_text()) for i in range(cards.count())}


def _changes_listed(session: Visit) -> list[list[str]]:
    rows = session.page.locator("#changes tbody tr")
    return [_texts(rows.nth(i).locator("td")) for i in range(rows.count())]


def _commune_row(session: Visit, commune: str = TAN_LOI) -> Locator:
    return session.page.locator(f"#progress tr[data-commune='{commune}']")


def _class_counts(session: Visit, commune: str = TAN_LOI) -> dict[str, int]:
    cells = _commune_row(session, commune).locator("td[data-class]")
    return {cells.nth(i).get_attribute("data-class"): int(cells.nth(i).inner_text()) for i in range(cells.count())}


def _stage(session: Visit, commune: str = TAN_LOI) -> str | None:
    return _commune_row(session, commune).locator("[data-stage]").get_attribute("data-stage")


def _stage_record(session: Visit) -> list[tuple[str, str, dt.datetime]]:
    """The commune's procedure record as the page shows it: each stage, who moved the list there, and when."""
    _commune_row(session).locator("details.stage-record summary").click()
    steps = _commune_row(session).locator("[data-stage-change]")
    return [
        (
            steps.nth(i).get_attribute("data-stage-change"),
            steps.nth(i).locator("[data-who]").inner_text(),
            dt.datetime.fromisoformat(steps.nth(i).locator("time").get_attribute("datetime")),
        )
        for i in range(steps.count())
    ]


def _printed_lists(session: Visit) -> list[tuple[str, list[str]]]:
    tables = session.page.locator("table.print-list")
    return [
        (tables.nth(i).get_attribute("data-village"), _texts(tables.nth(i).locator("tbody tr td:nth-child(2)")))
        for i in range(tables.count())
    ]


def _notice_lists(session: Visit) -> dict[str, list[tuple[str, list[str]]]]:
    sections = session.page.locator("section.notice-list")
    found = {}
    for i in range(sections.count()):
        tables = sections.nth(i).locator("table.print-list")
        found[sections.nth(i).get_attribute("data-class")] = [
            (tables.nth(j).get_attribute("data-village"), _texts(tables.nth(j).locator("tbody tr td:nth-child(2)")))
            for j in range(tables.count())
        ]
    return found


def _listed_households(session: Visit) -> list[str]:
    return sorted(_texts(session.page.locator("#households tbody tr td:first-child a")))


def _deprived_indicators(session: Visit) -> list[str]:
    return sorted(row.get_attribute("data-indicator") for row in session.page.locator("#indicators tr.deprived").all())
