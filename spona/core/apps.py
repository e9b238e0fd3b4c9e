from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.contrib.admin import widgets as admin_widgets
from django.utils.translation import gettext_lazy as _
from django_tasks_db import apps as tasks_db_apps


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

        # The admin's searchable selects (Select2) say "Remove all items" unless Django knows a translation:
        # its list lacks Bosnian (Select2 ships bs.js) and Serbian in Latin script (ours, in spona/static/).
        admin_widgets.SELECT2_TRANSLATIONS.update({"bs": "bs", "sr-latn": "sr-Latn"})

        # Their names appear on public pages.
        invalidate_on_change(
            [CapacityDomain, Country, LegalForm, Municipality, Region, Sector, SustainableDevelopmentGoal]
        )
        # The admin modules are loaded by now (django.contrib.admin comes first in INSTALLED_APPS).
        clean_text_in_admin(admin.site)


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin, on the site's own AdminSite (spona/core/admin_site.py)."""

    default = False  # named in INSTALLED_APPS; "spona.core" stays CoreConfig
    default_site = "spona.core.admin_site.SponaAdminSite"


class TaskQueueConfig(tasks_db_apps.TasksAppConfig):
    """django-tasks-db's app under a name the admin can show in every language (its own is plain English)."""

    default = False  # named in INSTALLED_APPS; "spona.core" stays CoreConfig
    verbose_name = _("Background tasks")
