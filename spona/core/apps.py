from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "spona.core"
    label = "core"
    verbose_name = _("Places and taxonomies")

    def ready(self):
        # Imported here: models can only be imported once the apps are loaded.
        from django.contrib import admin  # noqa: PLC0415

        from spona.core.forms import clean_text_in_admin  # noqa: PLC0415
        from spona.core.models import (  # noqa: PLC0415
            CapacityDomain,
            Country,
            LegalForm,
            Municipality,
            Region,
            Sector,
            SustainableDevelopmentGoal,
        )
        from spona.core.page_cache import invalidate_on_change  # noqa: PLC0415

        # Their names appear on public pages.
        invalidate_on_change(
            [CapacityDomain, Country, LegalForm, Municipality, Region, Sector, SustainableDevelopmentGoal]
        )
        # The admin modules are loaded by now (django.contrib.admin comes first in INSTALLED_APPS).
        clean_text_in_admin(admin.site)
