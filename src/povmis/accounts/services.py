"""API tokens, one function per use case: the "My API tokens" page and the command line call these.

A user lists and revokes their own tokens; an administrator anyone's. A token outside the caller's
reach is "not found", exactly like one that does not exist.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from povmis.accounts.models import ApiToken, RoleKind, hash_token
from povmis.accounts.scoping import role_kind
from povmis.errors import ServiceError


def issue_token(user: User, name: str, *, days: int | None = None) -> tuple[ApiToken, str]:
    """A new token for ``user`` and its key: the key is returned this once, only its hash is stored.

    The token expires after ``days`` (default: settings.POVMIS_API_TOKEN_DAYS).
    """
    lifetime = settings.POVMIS_API_TOKEN_DAYS if days is None else days
    if lifetime < 1:
        raise ServiceError(_("a token must last at least one day, not %(days)s"), days=lifetime)
    key = secrets.token_urlsafe(32)
    expires_at = timezone.now() + timedelta(days=lifetime)
    return ApiToken.objects.create(user=user, name=name, key_hash=hash_token(key), expires_at=expires_at), key


def visible_tokens(by: User) -> QuerySet[ApiToken]:
    """The tokens ``by`` may see and revoke: their own, or every token for an administrator."""
    tokens = ApiToken.objects.select_related("user", "revoked_by").order_by("-created_at", "-pk")
    return tokens if role_kind(by) == RoleKind.ADMINISTRATOR else tokens.filter(user=by)


def list_tokens(by: User, owner: User | None = None) -> list[ApiToken]:
    """The tokens ``by`` may see, revoked ones included, newest first; only ``owner``'s if given."""
    tokens = visible_tokens(by)
    return list(tokens if owner is None else tokens.filter(user=owner))


def revoke_token(token_id: int, *, by: User) -> ApiToken:
    """Stop a token for good; the row stays with who revoked it and when.

    Raises ``ApiToken.DoesNotExist`` for a token outside ``by``'s reach, and ``ServiceError`` for
    one already revoked.
    """
    token = visible_tokens(by).get(pk=token_id)
    # The filter makes two revocations at once record only the first.
    if not ApiToken.objects.filter(pk=token.pk, revoked_at=None).update(revoked_at=timezone.now(), revoked_by=by):
        raise ServiceError(_("token %(token)s is already revoked"), token=token_id)
    token.refresh_from_db()
    return token
