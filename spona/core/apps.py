from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db import apps as tasks_db_apps


class CoreConfig(AppConfig):
    name = "spona.core"
    label = "core"
    verbose_name = _("Places and taxonomies")

    def ready(self):
        # Imported here: models can only be imported once the apps are loaded.
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


class TaskQueueConfig(tasks_db_apps.TasksAppConfig):
    """django-tasks-db's app under a name the admin can show in every language (its own is plain English)."""

    default = False  # named in INSTALLED_APPS; "spona.core" stays CoreConfig
    verbose_name = _("Background tasks")
