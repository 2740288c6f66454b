"""The auditors' pages, in their area: the read log (who read which household's personal data, and when) and
the audit log (who changed which answer, from what to what, when and why)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.dateparse import parse_date
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from povmis.accounts.scoping import Capability, may
from povmis.registry.models import AuditEntry
from povmis.registry.reads import AuditFilter, audit_log, read_log

PAGE_SIZE = 100


@login_required
def read_log_page(request: HttpRequest) -> HttpResponse:
    if not may(request.user, Capability.READ_LOG):
        raise PermissionDenied(_("only auditors and administrators read the read log"))
    household = request.GET.get("household", "").strip()
    page = Paginator(read_log(request.user, household or None), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/read_log.html", {"page": page, "household": household})


@login_required
def audit_log_page(request: HttpRequest) -> HttpResponse:
    if not may(request.user, Capability.AUDIT_LOG):
        raise PermissionDenied(_("only auditors and administrators read the audit log"))
    text = {name: request.GET.get(name, "").strip() for name in ("household", "field", "account", "source")}
    since, until = _date(request.GET.get("since")), _date(request.GET.get("until"))
    entries = audit_log(request.user, AuditFilter(**text, since=since, until=until))
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = {**text, "since": since.isoformat() if since else "", "until": until.isoformat() if until else ""}
    query = urlencode({name: value for name, value in shown.items() if value})
    context = {"page": page, "wanted": shown, "query": query, "sources": AuditEntry.Source.choices}
    return render(request, "web/audit_log.html", context)


def _date(text: str | None) -> date | None:
    try:
        return parse_date(text or "")
    except ValueError:  # a well-formed but impossible date (2025-02-30) narrows nothing
        return None
