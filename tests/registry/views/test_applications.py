"""The regular review: a household applies, the commune surveys, meets, posts and decides within the deadline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from povmis.errors import PermissionDenied, ServiceError
from povmis.registry import applications
from povmis.registry.list_in_force import classes_as_of
from povmis.registry.models import Application
from povmis.registry.samples import household, member, survey
from povmis.registry.services import import_survey

pytestmark = pytest.mark.django_db
MARCH = dt.date(2025, 3, 2)


def _poorer_h5(world) -> None:
    """H5's answers after a bad harvest: an income under the line and no clean water (imported as usual)."""
    answers = survey(
        [household(household_id="H5", head_name="Bà Hoa", income_per_capita="900000", water_source="surface_water",
                   latrine="open_defecation")],
        [member(household_id="H5", health_insurance="0")],
    )  # fmt: skip
    import_survey(answers, year=2024, user=world.personas["admin"], commit=True)


def _through_posting(application: Application, user) -> Application:
    applications.assess(application, user=user)
    applications.record_step(application, user=user, step=Application.Step.VILLAGE_MEETING)
    return applications.record_step(application, user=user, step=Application.Step.POSTED)


@pytest.fixture
def filed(season):
    """H5 of Tân Lợi asks in person on 2 March 2025 to be reviewed as poor; its new answers are imported."""
    _poorer_h5(season)
    h5 = season.cycle.surveys.get(household__code="H5").household
    application = applications.file_application(
        h5, user=season.personas["cadre"], request="poor_or_near_poor", channel="in_person", filed_on=MARCH,
        reason="lost the coffee harvest",
    )  # fmt: skip
    return season, application


def test_a_recognised_application_puts_the_household_on_the_list_from_the_decisions_date(filed):
    world, application = filed
    cadre = world.personas["cadre"]
    _through_posting(application, cadre)
    applications.decide(application, user=cadre, recognise=True, decided_on=dt.date(2025, 3, 20))
    application.refresh_from_db()
    decided = (application.form, application.step, application.previous_class, application.assessed_class,
               application.decided_class, application.decision_number, application.certificate_number)  # fmt: skip
    assert decided == ("mau_01", "recognised", "not_poor", "poor", "poor", 1, 1)
    before = dict(classes_as_of(dt.date(2025, 3, 19), world.c1.path).rows())
    after = dict(classes_as_of(dt.date(2025, 3, 20), world.c1.path).rows())
    assert (before, after) == ({"H1": "poor", "H5": "not_poor"}, {"H1": "poor", "H5": "poor"})


def test_a_recognition_before_the_village_meeting_and_the_posting_is_refused(filed):
    world, application = filed
    applications.assess(application, user=world.personas["cadre"])
    with pytest.raises(ServiceError, match="follows the survey, the village meeting and the posting"):
        applications.decide(application, user=world.personas["cadre"], recognise=True, decided_on=dt.date(2025, 3, 20))


def test_a_refusal_needs_written_reasons_and_changes_nothing_on_the_list(filed):
    world, application = filed
    cadre = world.personas["cadre"]
    with pytest.raises(ServiceError, match="give its reasons"):
        applications.decide(application, user=cadre, recognise=False, decided_on=dt.date(2025, 3, 20))
    applications.decide(application, user=cadre, recognise=False, decided_on=dt.date(2025, 3, 20), reasons="moved away")
    application.refresh_from_db()
    assert (application.step, application.refusal_reasons, application.decision_number) == (
        "refused",
        "moved away",
        None,
    )
    assert dict(classes_as_of(dt.date(2025, 4, 1), world.c1.path).rows()) == {"H1": "poor", "H5": "not_poor"}


def test_an_escape_the_answers_do_not_show_is_refused_not_recognised(season):
    cadre = season.personas["cadre"]
    application = applications.file_application(
        season.households["H1"], user=cadre, request="escape", channel="post", filed_on=MARCH
    )
    _through_posting(application, cadre)
    assert application.form == "mau_04"
    with pytest.raises(ServiceError, match="classify it as poor: refuse with reasons"):
        applications.decide(application, user=cadre, recognise=True, decided_on=dt.date(2025, 3, 20))


def test_a_second_open_application_of_the_same_household_is_refused(filed):
    world, application = filed
    with pytest.raises(ServiceError, match="already has an application waiting"):
        applications.file_application(
            application.household, user=world.personas["cadre"], request="escape", channel="post", filed_on=MARCH
        )


@pytest.mark.parametrize("persona", ["other_cadre", "district", "outsider"])
def test_nobody_outside_the_commune_files_or_decides_its_applications(filed, persona):
    world, application = filed
    user = world.personas[persona]
    with pytest.raises(PermissionDenied):
        applications.file_application(
            world.households["H1"], user=user, request="escape", channel="post", filed_on=MARCH
        )
    with pytest.raises(PermissionDenied):
        applications.decide(application, user=user, recognise=False, decided_on=dt.date(2025, 3, 20), reasons="x")
    assert Application.objects.get().step == "filed"


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_cadre_files_an_application_on_the_page_and_takes_it_to_a_printed_certificate(season, browser):
    _poorer_h5(season)
    cadre = browser("cadre")
    filed = cadre.post("/applications/", {"household": "H5", "request": "poor_or_near_poor", "channel": "online",
                                          "filed_on": "2025-03-02", "reason": "harvest lost"})  # fmt: skip
    application = Application.objects.get()
    assert filed.url == f"/applications/{application.pk}/"
    for action in ("assess", "village_meeting", "posted"):
        cadre.post(f"/applications/{application.pk}/act/", {"action": action})
    cadre.post(f"/applications/{application.pk}/act/", {"action": "recognise", "decided_on": "2025-03-20"})
    certificate = _page(cadre, f"/applications/{application.pk}/certificate/")
    decision = _page(cadre, f"/applications/{application.pk}/decision/")
    assert ("GIẤY CHỨNG NHẬN HỘ NGHÈO" in certificate, "Số: 1/GCN-HN.HCN" in certificate) == (True, True)
    assert ("Số: 1/QĐ-UBND" in decision, "Hộ nghèo" in decision) == (True, True)
    pdfs = [cadre.get(f"/applications/{application.pk}/{name}.pdf") for name in ("decision", "certificate")]
    assert [(pdf.status_code, pdf["content-type"], pdf.content[:5]) for pdf in pdfs] == [
        (200, "application/pdf", b"%PDF-")
    ] * 2


@pytest.mark.parametrize("persona", ["other_cadre", "outsider"])
def test_another_communes_cadre_reaches_no_page_of_the_application_and_learns_nothing_from_errors(
    filed, browser, persona
):
    world, application = filed
    cadre = world.personas["cadre"]
    _through_posting(application, cadre)
    applications.decide(application, user=cadre, recognise=True, decided_on=dt.date(2025, 3, 20))
    client, own = browser(persona), browser("cadre")
    urls = ["", "decision/", "certificate/", "decision.pdf", "certificate.pdf"]
    assert {url: own.get(f"/applications/{application.pk}/{url}").status_code for url in urls} == dict.fromkeys(
        urls, 200
    )
    statuses = {url: client.get(f"/applications/{application.pk}/{url}").status_code for url in urls}
    acted = client.post(f"/applications/{application.pk}/act/", {"action": "assess"}).status_code
    listing = client.get("/applications/")
    refused = {"other_cadre": 404, "outsider": 403}[persona]  # another commune: as if absent; no role: refused
    assert statuses | {"act": acted} == dict.fromkeys([*urls, "act"], refused)
    listed = listing.context["applications"] if listing.status_code == 200 else None
    assert (listing.status_code, listed) == {"other_cadre": (200, []), "outsider": (403, None)}[persona]
    assert "Bà Hoa" not in listing.content.decode()
    assert Application.objects.get().step == "recognised"


def test_an_application_near_its_deadline_waits_on_the_cadres_work_list_only(filed, browser):
    world, application = filed
    Application.objects.filter(pk=application.pk).update(filed_on=timezone.localdate() - dt.timedelta(days=40))
    cadre = browser("cadre").get("/")
    other = browser("other_cadre").get("/")
    sections = {section.key: [item.text for item in section.items] for section in cadre.context["sections"]}
    assert sections["applications"] == ["H5 · Form 01: to be reviewed"]
    assert "applications" not in {section.key for section in other.context["sections"]}


def test_the_monthly_report_counts_the_months_decisions_per_commune_and_refuses_a_month_without_report(filed, browser):
    world, application = filed
    cadre = world.personas["cadre"]
    _through_posting(application, cadre)
    applications.decide(application, user=cadre, recognise=True, decided_on=dt.date(2025, 3, 20))
    page = browser("cadre").get("/applications/monthly-report/?month=2025-03")
    rows = page.context["rows"]
    assert rows == [{"commune_code": "24121", "commune_name": "Tân Lợi", "new_poor": 1, "new_near_poor": 0,
                     "escaped_poverty": 0, "escaped_near_poverty": 0, "average_living": 0, "refused": 0}]  # fmt: skip
    assert browser("other_cadre").get("/applications/monthly-report/?month=2025-03").context["rows"] == []
    xlsx = browser("cadre").get("/applications/monthly-report.xlsx?month=2025-03")
    assert (xlsx.status_code, xlsx.content[:2]) == (200, b"PK")
    december = browser("cadre").get("/applications/monthly-report.xlsx?month=2025-12")
    assert (december.status_code, december.content.decode()) == (
        400,
        "no monthly report covers 2025-12: the report is due on the 5th, February to September",
    )


def test_a_refused_step_is_explained_on_the_page_in_the_readers_language(filed):
    from django.test import Client  # noqa: PLC0415  # a browser reading Vietnamese, unlike the fixture's

    world, application = filed
    client = Client(headers={"accept-language": "vi"})
    client.force_login(world.personas["cadre"])
    client.cookies["django_language"] = "vi"
    page = client.post(f"/applications/{application.pk}/act/", {"action": "posted"}, follow=True)
    shown = [str(message) for message in page.context["messages"]]
    assert shown == [
        "Không thực hiện được: các bước của quy trình thực hiện theo thứ tự: khảo sát, hội nghị thôn, niêm yết"
    ]
