"""Who is calling: a bearer token (scripts, other systems) or the signed-in browser session (the pages).

Tokens are looked up by the hash of the key, the only form stored. A wrong or unknown token is
treated as no credentials at all, so the answer is 401 and says nothing about which tokens exist;
a revoked or expired token, or one whose account is deactivated, is refused the same way.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from povmis.accounts.models import ApiToken, hash_token

# How stale a token's last use may be before a call records it again: one write a minute, not one a call.
LAST_USE_RESOLUTION = timedelta(minutes=1)


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        now = timezone.now()
        found = (
            ApiToken.objects.select_related("user__role__unit")
            .filter(key_hash=hash_token(token), user__is_active=True, revoked_at=None, expires_at__gt=now)
            .first()
        )
        if found is None:
            return None
        if found.last_used_at is None or now - found.last_used_at >= LAST_USE_RESOLUTION:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        return found.user


class BrowserSession(SessionAuth):
    """The Django session, with Django's CSRF check on unsafe methods (ninja's SessionAuth does that)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        return user if isinstance(user, User) and user.is_authenticated else None


AUTH = [BearerToken(), BrowserSession()]


def caller(request: HttpRequest) -> User:
    """The authenticated user of an API request (the auth classes above put it in ``request.auth``)."""
    user = request.auth  # type: ignore[attr-defined]  # set by django-ninja once a credential is accepted
    if not isinstance(user, User):
        raise TypeError("the API view ran without an authenticated user")
    return user
