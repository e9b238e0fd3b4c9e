from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "spona.learning"
    verbose_name = _("Education")

    def ready(self):
        # Imported here: models can only be imported once the apps are loaded.
        from spona.core.page_cache import invalidate_on_change  # noqa: PLC0415
        from spona.learning.models import Course, Registration, Trainer, TrainingSession  # noqa: PLC0415

        # Seats left, the catalogue and the roster are public pages of the learning area.
        invalidate_on_change([Course, TrainingSession, Trainer, Registration], area="learning")
