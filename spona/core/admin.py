"""The admin of places and taxonomies, and what every app's admin shares: actions that go through the services."""

from collections.abc import Callable

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from spona.core import mail
from spona.core.models import (
    CapacityDomain,
    Country,
    LegalForm,
    Municipality,
    OutgoingEmail,
    Region,
    Sector,
    SustainableDevelopmentGoal,
)


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_en", "name_bs", "name_sr_latn", "name_sr_cyrl", "is_cssp_area", "position"]
    list_editable = ["position"]


@admin.register(CapacityDomain)
class CapacityDomainAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_en", "name_bs", "name_sr_latn", "name_sr_cyrl", "position"]
    list_editable = ["position"]


@admin.register(SustainableDevelopmentGoal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["number", "name_en", "name_bs", "name_sr_latn", "name_sr_cyrl"]


@admin.register(LegalForm)
class LegalFormAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_en", "name_bs", "name_sr_latn", "countries"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_local"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code", "country", "parent"]
    list_filter = ["country", "kind"]
    search_fields = ["name", "name_cyrl", "code"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "name_cyrl", "kind", "code", "region", "city"]
    list_filter = ["country", "kind", "region"]
    search_fields = ["name", "name_cyrl", "code"]


def apply_service(model_admin: admin.ModelAdmin, request, queryset, service: Callable[[Model], object]) -> int:
    """An admin action's work: `service(row)` for each selected row (the services keep the rules, as on the site).
    A row the service refuses is reported and left as it was; the others go on. Returns how many were done."""
    done = 0
    for row in queryset:
        try:
            service(row)
        except (ValidationError, PermissionDenied) as error:
            reason = " ".join(error.messages) if isinstance(error, ValidationError) else _("not allowed")
            model_admin.message_user(request, f"{row}: {reason}", messages.WARNING)
        else:
            done += 1
    return done


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """The outbox: what was sent to whom, and what failed (failures are tried again on their own)."""

    list_display = ["subject", "to", "kind", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in OutgoingEmail._meta.fields]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=gettext_lazy("Send again now"), permissions=["view"])
    def send_again(self, request, queryset):
        count = mail.retry_now(emails=queryset)
        messages.success(
            request,
            ngettext("%(count)s e-mail will be sent again.", "%(count)s e-mails will be sent again.", count)
            % {"count": count},
        )
