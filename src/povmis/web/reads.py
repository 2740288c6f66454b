"""The read log page for auditors: who read which household's personal data, and when, in their area."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from povmis.accounts.scoping import Capability, may
from povmis.registry.reads import read_log

PAGE_SIZE = 100


@login_required
def read_log_page(request: HttpRequest) -> HttpResponse:
    if not may(request.user, Capability.READ_LOG):
        raise PermissionDenied("only auditors and administrators read the read log")
    household = request.GET.get("household", "").strip()
    page = Paginator(read_log(request.user, household or None), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/read_log.html", {"page": page, "household": household})
