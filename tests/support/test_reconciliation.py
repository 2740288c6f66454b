"""The reconciliation over the registry, its pages, its API and the work list, each inside the user's area.

The reviews are those of tests/monitoring/conftest.py. In 2024, Tân Lợi (C1): A1 poor, A2 escaped
poverty, A3 near-poor, A4 not poor; Ea Kly (C3): B1 near-poor, B2 not poor. Each household has one
member, "1". The deliveries: A1's member gets a health insurance card (by national ID), A4 (not poor)
gets a loan it is not entitled to, and A1 a second card of the same purpose.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import polars as pl
import pytest
from django.test import Client

from povmis.registry.models import MemberSurvey
from povmis.registry.views.work import sections
from povmis.support import queries
from povmis.support.models import Delivery
from povmis.support.services import record_delivery

pytestmark = pytest.mark.django_db(transaction=False)

A1_ID = "066100000101"


@pytest.fixture
def delivered(classified):
    MemberSurvey.objects.filter(survey__household__code="A1", survey__cycle__year=2024).update(national_id=A1_ID)
    cadre = classified.personas["cadre"]
    record_delivery(cadre, household="A1", national_id=A1_ID, policy="health_insurance",
                    delivered_on=dt.date(2024, 2, 1), reference="BHYT-1")  # fmt: skip
    record_delivery(cadre, household="A1", national_id=A1_ID, policy="health_insurance",
                    delivered_on=dt.date(2024, 5, 1), reference="BHYT-2")  # fmt: skip
    record_delivery(cadre, household="A4", policy="credit", delivered_on=dt.date(2024, 3, 1),
                    amount_vnd=50_000_000, programme="ntp-spr-2021-2025", reference="NHCS-9")  # fmt: skip
    return classified


def _client(world, name: str) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(world.personas[name])
    client.cookies["django_language"] = "en"
    return client


def _counts(entitled: int, delivered: int, ineligible: int = 0, twice: int = 0, already: int = 0) -> dict[str, object]:
    coverage = round(delivered / entitled, 6) if entitled else None
    return {"entitled": entitled, "delivered": delivered, "missed": entitled - delivered - already,
            "already_supported": already, "ineligible": ineligible, "twice": twice, "unmatched": 0,
            "coverage": coverage}  # fmt: skip


def test_the_communes_reconciliation_counts_the_entitled_the_delivered_the_missed_and_the_wrongly_paid(
    delivered,
) -> None:
    found = queries.reconciliation(delivered.personas["cadre"], 2024)
    assert found is not None
    policies = found.result.as_dict()["policies"]
    assert policies["health_insurance"] == _counts(2, 1, twice=1)  # A1's and A3's members; A1's card twice
    assert policies["credit"] == _counts(3, 0, ineligible=1)  # A1, A2 (newly escaped), A3; A4 not entitled
    assert policies["legal_aid"] == _counts(2, 0)  # A1, A3
    assert found.result.ineligible.select("household_id", "policy", "reference", "reason").rows() == [
        ("A4", "credit", "NHCS-9", "class not_poor on 2024-03-01: no rule of credit applies")
    ]


def test_the_reconciliations_entitled_are_the_stored_entitlements(delivered) -> None:
    found = queries.reconciliation(delivered.personas["province"], 2024)
    assert found is not None
    stored = queries.entitlements(delivered.personas["province"], 2024)
    summed = found.result.counts.group_by("policy").agg(pl.col("entitled").sum())
    per_policy = {row["policy"]: row["entitled"] for row in summed.to_dicts() if row["entitled"]}
    assert per_policy == {policy: stored.filter(policy=policy).count() for policy in per_policy}
    assert sum(per_policy.values()) == stored.count()


def test_the_overview_shows_each_policy_with_links_to_the_missed_and_the_wrongly_paid(delivered) -> None:
    page = _client(delivered, "cadre").get("/support/?year=2024")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<a href="/support/missed/credit/?year=2024">3</a>' in html
    assert '<a href="/support/ineligible/credit/?year=2024">1</a>' in html
    assert "Ea Kly" not in html


def test_the_missed_list_links_each_household_of_the_commune_to_its_page(delivered) -> None:
    html = _client(delivered, "cadre").get("/support/missed/health_insurance/?year=2024").content.decode()
    assert re.findall(r'href="/households/(\w+)/\?year=2024"', html) == ["A3"]


def test_the_ineligible_list_gives_the_delivery_and_the_reason(delivered) -> None:
    html = _client(delivered, "cadre").get("/support/ineligible/credit/?year=2024").content.decode()
    assert re.findall(r'href="/households/(\w+)/\?year=2024"', html) == ["A4"]
    assert "class not_poor on 2024-03-01: no rule of credit applies" in html


def test_the_household_page_says_what_it_is_entitled_to_what_it_got_and_what_is_still_missing(delivered) -> None:
    html = _client(delivered, "cadre").get("/households/A1/?year=2024").content.decode()
    section = html[html.index('<section id="support">') : html.index("</section>")]
    assert section.count("not yet") == 7  # of its 8 entitlements, only the card arrived
    assert "BHYT-1" in section
    assert "BHYT-2" in section
    assert "No policy addresses" in section  # water and latrines: no policy of the programme
    assert "Still missing: 7 entitlements." in section


def test_the_commune_cadres_work_list_counts_the_households_not_yet_supported(delivered) -> None:
    mine = {s.key: s for s in sections(delivered.personas["cadre"])}["support-missed"]
    assert mine.total == 3  # A1, A2, A3
    theirs = {s.key: s for s in sections(delivered.personas["other_cadre"])}["support-missed"]
    assert theirs.total == 1  # B1
    assert all("A" not in item.detail for item in theirs.items)


def test_a_delivery_is_recorded_on_the_page(delivered) -> None:
    client = _client(delivered, "cadre")
    answer = client.post("/support/deliveries/new/", {"household": "A3", "policy": "legal_aid",
                                                     "delivered_on": "2024-06-01", "reference": "TGPL-1"})  # fmt: skip
    assert answer.status_code == 302
    assert list(Delivery.objects.filter(reference="TGPL-1").values_list("household__code", "policy")) == [
        ("A3", "legal_aid")
    ]


def test_a_delivery_list_is_checked_first_and_stored_only_on_commit(delivered) -> None:
    client = _client(delivered, "cadre")
    text = "household_id,policy,delivered_on,reference\nA3,legal_aid,2024-07-01,TGPL-7\n"
    upload = io.BytesIO(text.encode())
    upload.name = "legal.csv"
    checked = client.post("/support/deliveries/import/", {"file": upload})
    assert "1 rows, 1 new, 0 already stored, 0 repeated in the file" in checked.content.decode()
    assert not Delivery.objects.filter(reference="TGPL-7").exists()
    token = checked.context["token"]
    assert client.post("/support/deliveries/import/", {"token": token}).status_code == 302
    assert Delivery.objects.filter(reference="TGPL-7").count() == 1


def test_a_delivery_list_with_a_bad_row_is_refused_with_its_row_and_column_and_nothing_written(delivered) -> None:
    client = _client(delivered, "cadre")
    text = "household_id,policy,delivered_on\nA3,legal_aid,2024-07-01\nA3,legal_aid,01/07/2024\n"
    upload = io.BytesIO(text.encode())
    upload.name = "bad.csv"
    html = client.post("/support/deliveries/import/", {"file": upload}).content.decode()
    assert "bad.csv, row 3, column delivered_on: &#x27;01/07/2024&#x27; — write a date as YYYY-MM-DD" in html
    assert Delivery.objects.count() == 3


# --- a cadre of another commune sees nothing of Tân Lợi's ----------------------------------------


def test_a_cadre_of_another_commune_sees_none_of_the_communes_support(delivered) -> None:
    client = _client(delivered, "other_cadre")
    for url in ("/support/?year=2024", "/support/missed/credit/?year=2024",
                "/support/missed/health_insurance/?year=2024", "/support/ineligible/credit/?year=2024",
                "/support/missed/credit/?year=2024&unit=66/643/"):  # fmt: skip
        html = client.get(url).content.decode()
        assert re.findall(r"\bA[1-4]\b|Tân Lợi|NHCS-9|BHYT", html) == [], url
    assert client.get("/households/A1/?year=2024").status_code == 404


def test_a_cadre_of_another_commune_cannot_record_a_delivery_to_the_communes_household(delivered) -> None:
    client = _client(delivered, "other_cadre")
    page = client.post("/support/deliveries/new/", {"household": "A1", "policy": "legal_aid",
                                                   "delivered_on": "2024-06-01", "reference": "X-1"})  # fmt: skip
    assert "names no household of your area" in page.content.decode()
    upload = io.BytesIO(b"household_id,policy,delivered_on\nA1,legal_aid,2024-07-01\n")
    upload.name = "theirs.csv"
    refused = client.post("/support/deliveries/import/", {"file": upload}).content.decode()
    assert "theirs.csv, row 2, column household_id: &#x27;A1&#x27; — names no household of your area" in refused
    assert Delivery.objects.count() == 3


def test_someone_without_a_role_finds_no_support_page(delivered) -> None:
    client = _client(delivered, "outsider")
    for url in ("/support/", "/support/missed/credit/", "/support/missed/credit/export.xlsx",
                "/support/ineligible/credit/", "/support/deliveries/new/",
                "/support/deliveries/import/"):  # fmt: skip
        assert client.get(url).status_code == 404, url


def test_an_unknown_policy_or_review_is_not_found(delivered) -> None:
    client = _client(delivered, "cadre")
    assert client.get("/support/missed/flying_carpets/?year=2024").status_code == 404
    assert client.get("/support/?year=1999").status_code == 404


def test_the_list_pages_keep_to_a_query_budget(delivered, django_assert_max_num_queries) -> None:
    client = _client(delivered, "province")
    for url in ("/support/?year=2024", "/support/missed/credit/?year=2024", "/support/ineligible/credit/?year=2024"):
        with django_assert_max_num_queries(25):
            assert client.get(url).status_code == 200


def test_the_missed_list_comes_in_pages(delivered, monkeypatch) -> None:
    monkeypatch.setattr("povmis.support.views.PAGE_SIZE", 2)
    client = _client(delivered, "cadre")
    first = client.get("/support/missed/credit/?year=2024").content.decode()
    second = client.get("/support/missed/credit/?year=2024&page=2").content.decode()
    assert re.findall(r'href="/households/(\w+)/\?year=2024"', first) == ["A1", "A2"]
    assert re.findall(r'href="/households/(\w+)/\?year=2024"', second) == ["A3"]
    assert "Page 1 of 2 (3 in all)" in first


def test_the_missed_list_is_exported_whole_as_a_workbook_and_only_the_users_area(delivered) -> None:
    mine = _client(delivered, "cadre").get("/support/missed/credit/export.xlsx?year=2024")
    assert mine["Content-Disposition"] == 'attachment; filename="missed-credit-2024.xlsx"'
    rows = pl.read_excel(io.BytesIO(mine.content)).select("household_id", "commune", "rule", "amount_vnd").rows()
    assert rows == [
        ("A1", "Tân Lợi", "poor", 100_000_000),
        ("A2", "Tân Lợi", "newly_escaped", 100_000_000),
        ("A3", "Tân Lợi", "near_poor", 100_000_000),
    ]
    theirs = _client(delivered, "other_cadre").get("/support/missed/credit/export.xlsx?year=2024")
    assert pl.read_excel(io.BytesIO(theirs.content)).select("household_id", "commune").rows() == [("B1", "Ea Kly")]
