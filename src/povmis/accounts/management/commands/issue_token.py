"""``issue_token USERNAME --name NAME [--days N]``: create an API token for a user and print its key, once."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from povmis.accounts.services import issue_token
from povmis.errors import ServiceError


class Command(BaseCommand):
    help = "Create an API token for a user and print its key (only its hash is kept: copy it now)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="api", help="what the token is for, e.g. the calling system")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"days until the token expires (default: {settings.POVMIS_API_TOKEN_DAYS}, POVMIS_API_TOKEN_DAYS)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist:
            raise CommandError(f"no user {options['username']!r}") from None
        try:
            token, key = issue_token(user, options["name"], days=options["days"])
        except ServiceError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(key)
        # On stderr, so `KEY=$(povmis issue_token ...)` still captures the key alone.
        self.stderr.write(f"expires {timezone.localtime(token.expires_at):%Y-%m-%d %H:%M}")
