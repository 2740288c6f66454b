"""``issue_token USERNAME --name NAME``: create an API token for a user and print its key, once."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from povmis.accounts.services import issue_token


class Command(BaseCommand):
    help = "Create an API token for a user and print its key (only its hash is kept: copy it now)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="api", help="what the token is for, e.g. the calling system")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist:
            raise CommandError(f"no user {options['username']!r}") from None
        _token, key = issue_token(user, options["name"])
        self.stdout.write(key)
