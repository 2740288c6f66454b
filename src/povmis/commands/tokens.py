"""`povmis tokens`: list and revoke API tokens, through the same services as the "My API tokens" page.

Each command acts as a named account (`--user`): a user lists and revokes their own tokens, an
administrator anyone's. A token is issued with `povmis issue_token USERNAME --name NAME`.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.table import Table

from povmis.commands.django import acting_user

if TYPE_CHECKING:
    from povmis.accounts.models import ApiToken
from povmis.commands.review import USER, run


@click.group()
def tokens() -> None:
    """API tokens: list them (last use, expiry), revoke one; issue one with `povmis issue_token`."""


@tokens.command("list")
@click.argument("owner_name", metavar="[USERNAME]", required=False)
@USER
def list_command(owner_name: str | None, username: str) -> None:
    """List the tokens the --user account may see (an administrator: everyone's), or only USERNAME's."""
    from django.contrib.auth.models import User  # noqa: PLC0415  # needs Django set up first

    from povmis.accounts.services import list_tokens  # noqa: PLC0415  # needs Django set up first

    user = acting_user(username)
    owner = User.objects.filter(username=owner_name).first() if owner_name else None
    if owner_name and owner is None:
        raise click.ClickException(f"no user named {owner_name!r}")
    table = Table(title="API tokens")
    for header in ("id", "user", "name", "issued", "last used", "expires", "status"):
        table.add_column(header, justify="right" if header == "id" else "left")
    for token in list_tokens(user, owner):
        table.add_row(
            str(token.pk),
            str(token.user),
            token.name,
            _when(token.created_at),
            _when(token.last_used_at),
            _when(token.expires_at),
            _status(token),
        )
    Console(width=140).print(table)


@tokens.command("revoke")
@click.argument("token_id", metavar="ID", type=int)
@USER
def revoke_command(token_id: int, username: str) -> None:
    """Revoke token ID: the API refuses it from now on; the record stays, with who revoked it and when."""
    from povmis.accounts.models import ApiToken  # noqa: PLC0415  # needs Django set up first
    from povmis.accounts.services import revoke_token  # noqa: PLC0415  # needs Django set up first

    user = acting_user(username)
    try:
        token = run(lambda: revoke_token(token_id, by=user))
    except ApiToken.DoesNotExist:
        raise click.ClickException(f"no token {token_id} among those {username} may revoke") from None
    click.echo(f"revoked token {token.pk} ({token.name}) of {token.user}")


def _status(token: ApiToken) -> str:
    if token.revoked_at:
        return f"revoked {_when(token.revoked_at)} by {token.revoked_by}"
    return "expired" if token.has_expired else "active"


def _when(moment: datetime | None) -> str:
    from django.utils import timezone  # noqa: PLC0415  # needs Django's settings, read at run time

    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""
