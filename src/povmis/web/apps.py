from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "povmis.web"
    label = "web"
    verbose_name = _("Review pages")

    def ready(self) -> None:
        # The regular review's section of the work list registers itself (web/work.py register).
        from povmis.web import application_work  # noqa: F401, PLC0415  # registers on import, once apps are ready
