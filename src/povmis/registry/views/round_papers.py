"""The annual review's papers of a commune: the decision (Mẫu 02), the certificates (Mẫu 03), the escaped lists.

Pages, PDF and XLSX read the same lists (registry.round_decision.round_list), within the user's area;
each printing is logged as a read of the commune's personal data.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from povmis.accounts.scoping import Access
from povmis.registry.models import CommuneReview, HouseholdResult, PersonalDataRead, RoundCertificate, RoundDecision
from povmis.registry.reads import log_list_read
from povmis.registry.round_decision import ESCAPED_LISTS, LISTS, round_list
from povmis.registry.views.access import require
from povmis.registry.views.applications import _pdf
from povmis.registry.views.meetings import commune_review
from povmis.reports import round_pdf
from povmis.reports.tables import TEXT, Column, ReportTable
from povmis.reports.xlsx import workbook_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMNS = (
    Column("number", "STT", "No.", TEXT), Column("code", "Mã hộ", "Household", TEXT),
    Column("head", "Họ và tên chủ hộ", "Head of household", TEXT), Column("village", "Thôn", "Village", TEXT),
    Column("previous", "Năm trước", "Last review", TEXT), Column("now", "Năm nay", "This review", TEXT),
)  # fmt: skip
SHEETS = {"escaped_poor": ("DS hộ thoát nghèo", "Escaped poverty"),
          "escaped_near_poor": ("DS hộ thoát cận nghèo", "Escaped near-poverty")}  # fmt: skip


def _lists(request: HttpRequest, review: CommuneReview, names: tuple[str, ...]) -> dict[str, list[HouseholdResult]]:
    year, code = review.cycle.year, review.commune.code
    return {name: list(round_list(request.user, year, code, name)) for name in names}


def _decision(request: HttpRequest, year: int, commune: str) -> RoundDecision:
    require(request, Access.READ)
    review = commune_review(request, year, commune)
    decision = RoundDecision.objects.filter(review=review).select_related("review__commune", "review__cycle").first()
    if decision is None:
        raise Http404("no decision yet")
    return decision


@login_required
def decision_print(request: HttpRequest, year: int, commune: str) -> HttpResponse:
    """Mẫu 02: the commune's decision recognising its four lists of the review."""
    decision = _decision(request, year, commune)
    lists = _lists(request, decision.review, tuple(LISTS))
    log_list_read(request.user, PersonalDataRead.What.ROUND_DECISION, decision.review.commune, year)
    context = {"decision": decision, "review": decision.review, "lists": [(n, round_pdf.LIST_TITLES[n], rows)
               for n, rows in lists.items()]}  # fmt: skip
    return render(request, "web/print_round_decision.html", context)


@login_required
def decision_pdf(request: HttpRequest, year: int, commune: str) -> HttpResponse:
    decision = _decision(request, year, commune)
    lists = _lists(request, decision.review, tuple(LISTS))
    log_list_read(request.user, PersonalDataRead.What.ROUND_DECISION, decision.review.commune, year)
    return _pdf(round_pdf.decision_pdf(decision, lists), f"quyet-dinh-{decision.number}.pdf")


def _certificate(request: HttpRequest, year: int, commune: str, number: int) -> RoundCertificate:
    decision = _decision(request, year, commune)
    found = decision.certificates.filter(number=number).select_related("household__commune", "household__village")
    certificate = found.first()
    if certificate is None:
        raise Http404("no such certificate")
    certificate.decision = decision
    log_list_read(request.user, PersonalDataRead.What.ROUND_DECISION, decision.review.commune, year)
    return certificate


def members(certificate: RoundCertificate) -> list[dict[str, Any]]:
    """The household's members as the review's survey recorded them."""
    survey = certificate.household.surveys.filter(cycle=certificate.decision.review.cycle_id).first()
    if survey is None:
        return []
    return [{"code": member.member_code, **member.answer_dict} for member in survey.members.all()]


@login_required
def certificate_print(request: HttpRequest, year: int, commune: str, number: int) -> HttpResponse:
    """Mẫu 03: one household's certificate under the commune's decision, with its members."""
    certificate = _certificate(request, year, commune, number)
    context = {"certificate": certificate, "decision": certificate.decision, "members": members(certificate)}
    return render(request, "web/print_round_certificate.html", context)


@login_required
def certificate_pdf(request: HttpRequest, year: int, commune: str, number: int) -> HttpResponse:
    certificate = _certificate(request, year, commune, number)
    content = round_pdf.certificate_pdf(certificate, members(certificate))
    return _pdf(content, f"giay-chung-nhan-{certificate.number}.pdf")


def _escaped(request: HttpRequest, year: int, commune: str) -> tuple[CommuneReview, dict[str, list[HouseholdResult]]]:
    require(request, Access.READ)
    review = commune_review(request, year, commune)
    log_list_read(request.user, PersonalDataRead.What.ESCAPED_LISTS, review.commune, year)
    return review, _lists(request, review, ESCAPED_LISTS)


@login_required
def escaped_print(request: HttpRequest, year: int, commune: str) -> HttpResponse:
    """The review's lists of households that escaped poverty and near-poverty, from the stored transitions."""
    review, lists = _escaped(request, year, commune)
    context = {"review": review, "lists": [(n, round_pdf.LIST_TITLES[n], rows) for n, rows in lists.items()]}
    return render(request, "web/print_escaped.html", context)


def escaped_rows(rows: list[HouseholdResult]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "number": [str(i) for i in range(1, len(rows) + 1)],
            "code": [r.household.code for r in rows],
            "head": [r.household.head_name for r in rows],
            "village": [r.household.village.name if r.household.village else "" for r in rows],
            "previous": [PREVIOUS[r.transition] for r in rows],
            "now": [CLASS_VI.get(r.household_class, "") for r in rows],
        },
        schema=dict.fromkeys(("number", "code", "head", "village", "previous", "now"), pl.String),
    )


PREVIOUS = {"escaped_poverty": "Hộ nghèo", "poor_to_near_poor": "Hộ nghèo", "escaped_near_poverty": "Hộ cận nghèo"}
CLASS_VI = {"near_poor": "Hộ cận nghèo", "average": "Hộ có mức sống trung bình", "not_poor": "Không nghèo"}


@login_required
def escaped_xlsx(request: HttpRequest, year: int, commune: str) -> HttpResponse:
    review, lists = _escaped(request, year, commune)
    tables = [ReportTable(SHEETS[name][0], name, round_pdf.LIST_TITLES[name], SHEETS[name][1], COLUMNS,
                          escaped_rows(rows)) for name, rows in lists.items()]  # fmt: skip
    content = workbook_bytes(tables, area=review.commune.name, year=year)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="thoat-ngheo-{commune}-{year}.xlsx"'
    return response
