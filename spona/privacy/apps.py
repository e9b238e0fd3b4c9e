from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "spona.privacy"
    label = "privacy"
    verbose_name = _("Personal data")

    def ready(self):
        # Every app's personal_data.py declares what it keeps (spona/privacy/registry.py).
        autodiscover_modules("personal_data")
