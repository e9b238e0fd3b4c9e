"""The back office of personal data: the request log with its due dates (and the actions that answer a
request), the audit of staff looking at organizations' private data, consents, and retention periods."""

import json

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from spona.core.admin import apply_service
from spona.privacy import services
from spona.privacy.models import Consent, DataRequest, PrivateDataView, RetentionPeriod
from spona.privacy.registry import registry


@admin.register(DataRequest)
class DataRequestAdmin(admin.ModelAdmin):
    list_display = ["received_at", "kind", "about", "status", "due_at", "overdue", "email", "person"]
    list_filter = ["status", "kind", "about"]
    search_fields = ["email", "name", "organization_name"]
    autocomplete_fields = ["person"]
    readonly_fields = ["due_at", "handled_at", "handled_by"]
    actions = ["remove_contact_people", "export_data", "erase_account"]

    @admin.display(description=_("overdue"), boolean=True)
    def overdue(self, request_row: DataRequest) -> bool:
        return request_row.is_overdue

    def save_model(self, request, obj, form, change):
        if obj.status != DataRequest.Status.OPEN and obj.handled_by is None:
            obj.handled_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Remove the contact people the request names"), permissions=["change"])
    def remove_contact_people(self, request, queryset):
        done = apply_service(
            self,
            request,
            queryset,
            lambda row: services.remove_requested_contact_people(request=row, staff_user=request.user),
        )
        messages.success(
            request, ngettext("%(count)d request done.", "%(count)d requests done.", done) % {"count": done}
        )

    @admin.action(description=_("Download the person's data (JSON)"), permissions=["change"])
    def export_data(self, request, queryset):
        people = [row.person for row in queryset.select_related("person") if row.person is not None]
        if len(people) != 1:
            messages.warning(request, _("Choose one request of a person with an account."))
            return None
        content = json.dumps(services.export_person(people[0]), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        response = HttpResponse(content, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="spona-data-of-person-{people[0].pk}.json"'
        return response

    @admin.action(description=_("Erase the person's account"), permissions=["change"])
    def erase_account(self, request, queryset):
        def erase(row: DataRequest) -> None:
            if row.person is None:
                raise ValidationError(_("This request names no account."))
            services.erase_person(user=row.person, requested_by=request.user)
            DataRequest.objects.filter(pk=row.pk).update(status=DataRequest.Status.DONE, handled_by=request.user)

        done = apply_service(self, request, queryset.select_related("person"), erase)
        messages.success(
            request, ngettext("%(count)d account erased.", "%(count)d accounts erased.", done) % {"count": done}
        )


@admin.register(PrivateDataView)
class PrivateDataViewAdmin(admin.ModelAdmin):
    list_display = ["viewed_at", "staff_user", "organization", "what"]
    list_filter = ["what"]
    search_fields = ["organization__name", "staff_user__email"]
    date_hierarchy = "viewed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["user", "purpose", "text_version", "given_at", "withdrawn_at"]
    list_filter = ["purpose"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RetentionPeriod)
class RetentionPeriodAdmin(admin.ModelAdmin):
    """One place where staff set how long each kind of data is kept (0 days: not removed by age)."""

    list_display = ["what", "days"]
    list_editable = ["days"]
    list_display_links = None

    @admin.display(description=_("what"))
    def what(self, period: RetentionPeriod) -> str:
        rule = registry.retention.get(period.code)
        return str(rule.title) if rule else period.code

    def changelist_view(self, request, extra_context=None):
        services.ensure_retention_periods()
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
