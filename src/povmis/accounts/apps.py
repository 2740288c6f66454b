from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "povmis.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in  # noqa: PLC0415  # apps must be loaded first

        from povmis.accounts.middleware import mark_seen  # noqa: PLC0415  # apps must be loaded first

        user_logged_in.connect(mark_seen, dispatch_uid="povmis-session-seen")
