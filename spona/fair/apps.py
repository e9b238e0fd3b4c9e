from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FairConfig(AppConfig):
    name = "spona.fair"
    verbose_name = _("Partnership Fair")

    def ready(self):
        # Imported here: models can only be imported once the apps are loaded.
        from spona.core.page_cache import invalidate_on_change  # noqa: PLC0415
        from spona.fair.models import (  # noqa: PLC0415
            FairEdition,
            FairParticipant,
            Meeting,
            MeetingOutcome,
            MeetingRequest,
            Partnership,
            Proposal,
        )

        # The fair's public pages (editions with their figures, the catalogue) are an area of their own;
        # partnerships also show on directory profiles, so they end every page.
        invalidate_on_change(
            [FairEdition, FairParticipant, Proposal, MeetingRequest, Meeting, MeetingOutcome], area="fair"
        )
        invalidate_on_change([Partnership])
