from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "spona.calls"
    verbose_name = _("Calls and news")

    def ready(self):
        # Imported here: models can only be imported once the apps are loaded.
        from spona.calls.models import Call, CallAttachment, CallLink, NewsPost, Tag  # noqa: PLC0415
        from spona.core.page_cache import invalidate_on_change  # noqa: PLC0415

        # Calls and news are public pages of their own area: publishing one ends those pages and the home page.
        invalidate_on_change([Call, CallLink, CallAttachment, NewsPost, Tag], area="calls")
