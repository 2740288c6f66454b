"""URL map: the pages, the API (/api/, docs at /api/docs) and sign-in."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import include, path

from povmis.api.main import api

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("reports/", include("povmis.reports.urls")),
    path("monitoring/", include("povmis.monitoring.urls")),
    path("programme/", include("povmis.programme.urls")),
    path("support/", include("povmis.support.urls")),
    path("api/", api.urls),
    path("", include("povmis.registry.urls")),
    path("", include("povmis.accounts.urls")),
    path("", include("povmis.jobs.urls")),
]
