"""Two rules for every answer that may carry personal data: no copy kept, and a session that idles out;
and one for every request: no NUL character in what it sends.

``Cache-Control: no-store``: a shared computer's browser, or a proxy between a commune office and the
server, must not keep a household's page after the cadre has logged out. Static files never reach these
middlewares: WhiteNoise, placed before them, answers those (cached: they hold nothing personal).

Idle timeout: a session ends ``SESSION_COOKIE_AGE`` seconds after its last use. Its expiry moves forward
at most once a minute, not on every request, so a page or an API list does not write the session each
time (Django's ``SESSION_SAVE_EVERY_REQUEST`` would, a write per call).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

# The session key holding when the session's expiry last moved forward (seconds since the epoch).
SEEN = "povmis_seen"
# How stale that may get before a request moves the expiry again: the timeout is exact to this much.
RESOLUTION = 60


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # The Plotly bundle is served by a view but holds nothing personal: it keeps its own caching.
        if "public" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "no-store"  # the strongest: nothing kept, so nothing to revalidate
        return response


class IdleTimeoutMiddleware:
    """After SessionMiddleware: a signed-in session's expiry restarts with use, once a minute at most."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            if now - int(session.get(SEEN, 0)) >= RESOLUTION:
                session[SEEN] = now  # modified: SessionMiddleware saves it with a new expiry
        return self.get_response(request)


def mark_seen(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    """On login: the session starts its idle clock now (receiver of ``user_logged_in``)."""
    if request is not None and hasattr(request, "session"):
        request.session[SEEN] = int(time.time())


class NulRefusalMiddleware:
    """A NUL character anywhere in the address, the query, a form field or a JSON body: 400, at once.

    No text of PovMIS holds one, and PostgreSQL refuses to compare or store it (psycopg raises
    DataError), so without this check ``?q=%00`` on any list was a server error. The API's answer is
    its usual ``{"detail": ...}``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _carries_nul(request):
            message = "The request holds a NUL character (0x00), which no field accepts."
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def _carries_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path or _nul_in(request.GET.lists()):
        return True
    content_type = request.content_type or ""
    if content_type == "application/json":
        return b"\\u0000" in request.body or b"\x00" in request.body
    if request.method == "POST" and content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
        return _nul_in(request.POST.lists())
    return False


def _nul_in(fields: Iterable[tuple[str, list[str]]]) -> bool:
    return any("\x00" in name or any("\x00" in value for value in values) for name, values in fields)
