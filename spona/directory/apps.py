from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "spona.directory"
    label = "directory"
    verbose_name = _("Directory of organizations")

    def ready(self):
        # Imported here: models can only be imported once the apps are loaded.
        from spona.core.page_cache import invalidate_on_change  # noqa: PLC0415
        from spona.directory.models import AnnualFinance, Organization, Program, Result  # noqa: PLC0415

        invalidate_on_change([Organization, Program, AnnualFinance, Result])
