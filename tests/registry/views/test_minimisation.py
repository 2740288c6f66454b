"""Data minimisation: IDs masked for roles that do not need them, no income on the printed lists, reads logged."""

from __future__ import annotations

import pytest
from django.test import Client

from povmis.accounts.models import Role
from povmis.core.deprivations import deprived_ids
from povmis.core.standard import load_standard
from povmis.registry.models import HouseholdResult, MemberSurvey, PersonalDataRead

pytestmark = pytest.mark.django_db

NATIONAL_ID = "066090000001"
MASKED = "•••••••••001"


@pytest.fixture
def with_id(season):
    MemberSurvey.objects.filter(survey__household__code="H1").update(national_id=NATIONAL_ID)
    return season


def _api(season, name: str) -> Client:
    client = Client()
    client.force_login(season.personas[name])
    return client


@pytest.mark.parametrize(
    ("name", "shown"),
    [("cadre", NATIONAL_ID), ("admin", NATIONAL_ID), ("district", MASKED), ("province", MASKED),
     ("steering", MASKED), ("auditor", MASKED)],
)  # fmt: skip
def test_national_ids_are_whole_only_for_the_roles_that_enrol_households(with_id, name, shown):
    body = _api(with_id, name).get("/api/households/H1?cycle=2024").json()
    assert [member["national_id"] for member in body["members"]] == [shown]


def test_a_cadre_of_another_commune_gets_no_household_and_no_read_is_logged(with_id):
    PersonalDataRead.objects.all().delete()
    assert _api(with_id, "other_cadre").get("/api/households/H1?cycle=2024").status_code == 404
    assert _api(with_id, "other_cadre").get("/households/H1/?year=2024").status_code == 404
    assert not PersonalDataRead.objects.exists()


def test_each_read_of_a_households_data_is_logged_with_who_what_and_when(with_id, browser):
    PersonalDataRead.objects.all().delete()
    browser("cadre").get("/households/H1/?year=2024")
    _api(with_id, "district").get("/api/households/H1?cycle=2024")
    browser("cadre2").get("/cycles/2024/24121/village-meeting/")
    browser("cadre2").get("/cycles/2024/24121/public-notice/")
    rows = PersonalDataRead.objects.order_by("pk").values_list("user__username", "what", "household__code", "year")
    assert list(rows) == [
        ("cadre", "household", "H1", 2024),
        ("district", "household", "H1", 2024),
        ("cadre2", "village_meeting", None, 2024),
        ("cadre2", "public_notice", None, 2024),
    ]
    assert all(entry.read_at is not None for entry in PersonalDataRead.objects.all())


def test_auditors_read_the_log_of_their_area_and_nobody_else_reads_it(with_id, browser):
    browser("cadre").get("/households/H1/?year=2024")
    page = browser("auditor").get("/audit/reads/?household=H1")
    assert page.status_code == 200
    assert [(e.user.username, e.household.code) for e in page.context["page"].object_list] == [("cadre", "H1")]
    assert 'data-read="' in page.text
    for name in ("cadre", "district", "province", "other_cadre", "outsider"):
        assert browser(name).get("/audit/reads/").status_code == 403
    # An auditor of another district sees none of Tân Lợi's reads.
    Role.objects.filter(user=with_id.personas["auditor"]).update(unit=with_id.other_district)
    assert list(browser("auditor").get("/audit/reads/").context["page"].object_list) == []


def test_the_village_meeting_list_shows_class_and_score_but_no_income(with_id, browser):
    response = browser("cadre").get("/cycles/2024/24121/village-meeting/")
    incomes = ("1,200,000", "1.200.000", "1200000", "5,000,000", "income")
    assert [text for text in incomes if text in response.text] == []
    result = HouseholdResult.objects.get(household__code="H1")
    standard = load_standard("vn-2022-2025")
    labels = {ind.id: ind.label["en"] for ind in standard.indicators}
    lacks = ", ".join(labels[i] for i in deprived_ids(result.deprived_mask, standard))
    row = response.text.split('data-household="H1"')[1].split("</tr>")[0]
    assert lacks
    assert lacks in row
    assert f'<td class="num">{result.deprivation_count}</td>' in row
    assert "Poor" in row
