"""The accounts' pages: API tokens and, for an administrator, the users and their roles."""

from __future__ import annotations

from django.urls import path

from povmis.accounts.views import tokens, users

urlpatterns = [
    path("accounts/tokens/", tokens.token_list, name="api-tokens"),
    path("accounts/tokens/<int:pk>/revoke/", tokens.revoke, name="api-token-revoke"),
    path("accounts/users/", users.user_list, name="user-list"),
    path("accounts/users/new/", users.user_new, name="user-new"),
    path("accounts/users/<int:pk>/", users.user_edit, name="user-edit"),
]
